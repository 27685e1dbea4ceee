package io.journeys.contact;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The contact_tag table: the tags a contact has, each with its source. */
@Repository
class TagRows {

  private final NamedParameterJdbcTemplate jdbc;

  TagRows(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The contact's tags, in tag order. */
  Set<String> of(String contactId) {
    return new LinkedHashSet<>(
        jdbc.queryForList(
            "select tag from contact_tag where contact_id = :id order by tag",
            Map.of("id", contactId),
            String.class));
  }

  /** Adds a tag unless the contact already has it. */
  void add(String contactId, String tag, Instant now) {
    add(contactId, tag, null, now);
  }

  /**
   * Adds a tag with its source (null: unknown) unless the contact already has it; nothing when
   * there is no such contact. Answers whether it added the tag.
   */
  boolean add(String contactId, String tag, String source, Instant now) {
    return jdbc.update(
            "insert into contact_tag (contact_id, tag, source, created_at) select :id, :tag, :source, :now"
                + " from contact c where c.id = :id and not exists (select 1 from contact_tag t"
                + " where t.contact_id = :id and t.tag = :tag)",
            new MapSqlParameterSource()
                .addValue("id", contactId)
                .addValue("tag", tag)
                .addValue("source", source)
                .addValue("now", ContactRepository.utc(now)))
        > 0;
  }
}
