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

  Suppressions(NamedParameterJdbcTemplate jdbc, ContactRepository contacts) {
    this.jdbc = jdbc;
    this.contacts = contacts;
  }

  /** Which of these normalised identities are suppressed. */
  Set<String> suppressed(Collection<String> identities) {
    Map<String, String> byHash = new HashMap<>();
    identities.forEach(i -> byHash.put(Identities.hash(i), i));
    return suppressedHashed(byHash);
  }

  /** Which of these identities are suppressed, given with their {@link Identities#hash}. */
  Set<String> suppressedHashed(Map<String, String> byHash) {
    Set<String> suppressed = new HashSet<>();
    List<String> hashes = List.copyOf(byHash.keySet());
    for (int from = 0; from < hashes.size(); from += CHUNK) {
      List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + CHUNK));
      contacts.anyOf("select identity_hash from contact_suppression where identity_hash", chunk)
          .forEach(h -> suppressed.add(byHash.get(h)));
    }
    return suppressed;
  }

  boolean isSuppressed(String identity) {
    return identity != null && !suppressed(List.of(identity)).isEmpty();
  }

  /** Adds the hash of a normalised identity; adding it twice is harmless. */
  void suppress(String identity, String kind, Instant now) {
    if (isSuppressed(identity)) {
      return;
    }
    jdbc.update(
        "insert into contact_suppression (identity_hash, kind, created_at) values (:h, :kind, :now)",
        new MapSqlParameterSource()
            .addValue("h", Identities.hash(identity))
            .addValue("kind", kind)
            .addValue("now", ContactRepository.utc(now)));
  }
}
