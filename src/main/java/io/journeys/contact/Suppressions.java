package io.journeys.contact;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hashes of the normalised emails and phones of erased people (table contact_suppression): those
 * people are not created again by events or imports.
 */
@Component
class Suppressions {

  /** Hashes per query: a chunk of an import (two identities a row) takes one. */
  private static final int CHUNK = 2 * ContactImporter.CHUNK;

  private final NamedParameterJdbcTemplate jdbc;
  private final ContactRepository contacts;
  private final IdentityHashes hashes;

  Suppressions(NamedParameterJdbcTemplate jdbc, ContactRepository contacts, IdentityHashes hashes) {
    this.jdbc = jdbc;
    this.contacts = contacts;
    this.hashes = hashes;
  }

  /** Which of these normalised identities are suppressed. */
  Set<String> suppressed(Collection<String> identities) {
    Map<String, String> byLegacyHash = new HashMap<>();
    identities.forEach(i -> byLegacyHash.put(Identities.hash(i), i));
    return suppressedHashed(byLegacyHash);
  }

  /**
   * Which of these identities are suppressed, given by their legacy {@link Identities#hash}: rows
   * are looked up by the keyed hash and by the legacy one; a row found by its legacy hash gets the
   * keyed hash instead, in the caller's transaction (hardening finding 12).
   */
  Set<String> suppressedHashed(Map<String, String> byLegacyHash) {
    Map<String, String> byHash = new HashMap<>(byLegacyHash);
    Map<String, String> keyed = new HashMap<>();
    byLegacyHash.values().forEach(i -> keyed.put(i, hashes.hash(i)));
    keyed.forEach((identity, hash) -> byHash.put(hash, identity));
    Set<String> suppressed = new HashSet<>();
    List<String> all = List.copyOf(byHash.keySet());
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      for (String found :
          contacts.anyOf(
              "select identity_hash from contact_suppression where identity_hash", chunk)) {
        String identity = byHash.get(found);
        suppressed.add(identity);
        if (!found.equals(keyed.get(identity))) {
          rekey(found, keyed.get(identity));
        }
      }
    }
    return suppressed;
  }

  private void rekey(String legacy, String keyed) {
    MapSqlParameterSource hashes =
        new MapSqlParameterSource("legacy", legacy).addValue("keyed", keyed);
    int present =
        jdbc.queryForObject(
            "select count(*) from contact_suppression where identity_hash = :keyed",
            hashes,
            Integer.class);
    if (present > 0) {
      jdbc.update("delete from contact_suppression where identity_hash = :legacy", hashes);
    } else {
      jdbc.update(
          "update contact_suppression set identity_hash = :keyed where identity_hash = :legacy",
          hashes);
    }
  }

  /** The keyed hash of any value that names a person (an erased event's id). */
  String keyedHash(String value) {
    return hashes.hash(value);
  }

  boolean isSuppressed(String identity) {
    return identity != null && !suppressed(List.of(identity)).isEmpty();
  }

  /** Adds the keyed hash of a normalised identity; adding it twice is harmless. */
  void suppress(String identity, String kind, Instant now) {
    if (isSuppressed(identity)) {
      return;
    }
    jdbc.update(
        "insert into contact_suppression (identity_hash, kind, created_at) values (:h, :kind, :now)",
        new MapSqlParameterSource()
            .addValue("h", hashes.hash(identity))
            .addValue("kind", kind)
            .addValue("now", ContactRepository.utc(now)));
  }
}
