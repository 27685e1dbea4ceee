package io.journeys.contact;

import io.journeys.contact.ConsentRows.Consent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges two records of the same person: each field takes the value of the more recently updated
 * record (the other's when that one has none), consent per channel the more recent decision, tags
 * of both. The merged id becomes an alias of the survivor ({@code contact_alias}), and {@link
 * ContactsMerged}, published before the merged row goes, lets every other feature move its rows
 * (events, messages, send-rule and segment rows) to the survivor and end the merged record's
 * journeys.
 */
@Component
class ContactMerger {

  private final ContactRepository contacts;
  private final ConsentRows consent;
  private final TagRows tags;
  private final NamedParameterJdbcTemplate jdbc;
  private final ApplicationEventPublisher publisher;

  ContactMerger(
      ContactRepository contacts,
      ConsentRows consent,
      TagRows tags,
      NamedParameterJdbcTemplate jdbc,
      ApplicationEventPublisher publisher) {
    this.contacts = contacts;
    this.consent = consent;
    this.tags = tags;
    this.jdbc = jdbc;
    this.publisher = publisher;
  }

  /** Merges {@code merged} into {@code survivor}; answers the survivor as stored. */
  @Transactional
  ContactView merge(ContactView survivor, ContactView merged, Instant now) {
    boolean survivorNewer = !survivor.updatedAt().isBefore(merged.updatedAt());
    ContactView newer = survivorNewer ? survivor : merged;
    ContactView older = survivorNewer ? merged : survivor;
    Map<String, Object> attributes = new LinkedHashMap<>(older.attributes());
    attributes.putAll(newer.attributes());
    ContactView result =
        new ContactView(
            survivor.id(),
            pick(newer.email(), older.email()),
            pick(newer.phone(), older.phone()),
            pick(newer.firstName(), older.firstName()),
            pick(newer.lastName(), older.lastName()),
            pick(newer.timezone(), older.timezone()),
            pick(newer.locale(), older.locale()),
            pick(newer.lifecycleStage(), older.lifecycleStage()),
            Math.max(newer.score(), older.score()),
            attributes,
            Map.of(),
            Set.of(),
            survivor.createdAt().isBefore(merged.createdAt())
                ? survivor.createdAt()
                : merged.createdAt(),
            now);
    Map<String, Consent> kept = consent.of(survivor.id());
    consent
        .of(merged.id())
        .forEach(
            (channel, c) -> {
              Consent current = kept.get(channel);
              if (current == null || c.updatedAt().isAfter(current.updatedAt())) {
                consent.put(survivor.id(), channel, c);
              }
            });
    tags.of(merged.id()).forEach(tag -> tags.add(survivor.id(), tag, now));
    Map<String, String> ids = Map.of("survivor", survivor.id(), "merged", merged.id());
    jdbc.update("update contact_alias set contact_id = :survivor where contact_id = :merged", ids);
    jdbc.update("delete from contact_alias where former_id = :merged", ids);
    jdbc.update(
        "insert into contact_alias (former_id, contact_id, merged_at)"
            + " values (:merged, :survivor, :now)",
        new MapSqlParameterSource(ids).addValue("now", ContactRepository.utc(now)));
    // while both rows exist: rows of other features may reference the contact row
    publisher.publishEvent(new ContactsMerged(survivor.id(), merged.id()));
    jdbc.update("delete from contact_consent where contact_id = :merged", ids);
    jdbc.update("delete from contact_tag where contact_id = :merged", ids);
    jdbc.update("delete from contact where id = :merged", ids);
    contacts.update(result);
    return result;
  }

  private static String pick(String preferred, String fallback) {
    return preferred != null ? preferred : fallback;
  }
}
