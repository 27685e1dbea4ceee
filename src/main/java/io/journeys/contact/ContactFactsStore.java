package io.journeys.contact;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link ContactFacts} on the contact and contact_tag tables. */
@Repository
class ContactFactsStore implements ContactFacts {

  private static final int CHUNK = 1000;

  private final NamedParameterJdbcTemplate jdbc;
  private final ContactRepository contacts;
  private final TagRows tagRows;

  ContactFactsStore(NamedParameterJdbcTemplate jdbc, ContactRepository contacts, TagRows tagRows) {
    this.jdbc = jdbc;
    this.contacts = contacts;
    this.tagRows = tagRows;
  }

  @Override
  public Map<String, ProfileFacts> profiles(Collection<String> contactIds) {
    Map<String, ProfileFacts> found = new LinkedHashMap<>();
    for (List<String> ids : chunks(contactIds)) {
      jdbc.query(
          "select id, phone, lifecycle_stage, attributes, created_at from contact where id in (:ids)",
          Map.of("ids", ids),
          rs -> {
            found.put(
                rs.getString("id"),
                new ProfileFacts(
                    rs.getString("id"),
                    rs.getString("phone"),
                    rs.getString("lifecycle_stage"),
                    contacts.readJson(rs.getString("attributes")),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()));
          });
    }
    return found;
  }

  @Override
  public Map<String, TaggedContact> contacts(Collection<String> contactIds, boolean withTags) {
    Map<String, List<TagFact>> tags = withTags ? tags(contactIds) : Map.of();
    Map<String, TaggedContact> found = new HashMap<>();
    for (List<String> ids : chunks(contactIds)) {
      for (ContactView c : contacts.findAllBy("id", ids)) {
        Set<String> names = new HashSet<>();
        tags.getOrDefault(c.id(), List.of()).forEach(t -> names.add(t.tag()));
        found.put(c.id(), new TaggedContact(c, names));
      }
    }
    return found;
  }

  @Override
  public List<String> idsAfter(String afterId, int limit) {
    return jdbc.queryForList(
        "select id from contact"
            + (afterId == null ? "" : " where id > :after")
            + " order by id fetch first "
            + Math.max(1, limit)
            + " rows only",
        new MapSqlParameterSource("after", afterId),
        String.class);
  }

  @Override
  public List<String> rangeEnds(String afterId, int every) {
    return jdbc.queryForList(
        "select id from (select id, row_number() over (order by id) as rn from contact"
            + (afterId == null ? "" : " where id > :after")
            + ") t where mod(rn, :every) = 0 order by id",
        new MapSqlParameterSource("after", afterId).addValue("every", Math.max(1, every)),
        String.class);
  }

  @Override
  public List<String> lockRange(String afterId, String upTo) {
    List<String> where = new ArrayList<>();
    if (afterId != null) {
      where.add("id > :after");
    }
    if (upTo != null) {
      where.add("id <= :upTo");
    }
    return jdbc.queryForList(
        "select id from contact"
            + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
            + " order by id for update",
        new MapSqlParameterSource("after", afterId).addValue("upTo", upTo),
        String.class);
  }

  @Override
  public void lock(Collection<String> contactIds) {
    List<String> sorted = contactIds.stream().distinct().sorted().toList();
    for (List<String> ids : chunks(sorted)) {
      jdbc.queryForList(
          "select id from contact where id in (:ids) order by id for update",
          Map.of("ids", ids),
          String.class);
    }
  }

  @Override
  public List<String> tryLock(Collection<String> contactIds) {
    List<String> sorted = contactIds.stream().distinct().sorted().toList();
    List<String> locked = new java.util.ArrayList<>(sorted.size());
    for (List<String> ids : chunks(sorted)) {
      locked.addAll(
          jdbc.queryForList(
              "select id from contact where id in (:ids) order by id for update skip locked",
              Map.of("ids", ids),
              String.class));
    }
    return locked;
  }

  @Override
  public long count() {
    Long n = jdbc.getJdbcTemplate().queryForObject("select count(*) from contact", Long.class);
    return n == null ? 0 : n;
  }

  @Override
  public void setScores(Map<String, Integer> scores) {
    if (scores.isEmpty()) {
      return;
    }
    jdbc.getJdbcTemplate()
        .batchUpdate(
            "update contact set score = ? where id = ? and score <> ?",
            scores.entrySet().stream()
                .map(e -> new Object[] {e.getValue(), e.getKey(), e.getValue()})
                .toList());
  }

  @Override
  public String profileRelation() {
    return "select id, phone, attributes from contact";
  }

  @Override
  public void copyScores(String scores, Map<String, ?> parameters) {
    jdbc.update(
        "update contact c set score = s.total from ("
            + scores
            + ") s where c.id = s.contact_id and c.score <> s.total",
        parameters);
  }

  @Override
  public void setLifecycleStages(Map<String, String> stages) {
    if (stages.isEmpty()) {
      return;
    }
    jdbc.getJdbcTemplate()
        .batchUpdate(
            "update contact set lifecycle_stage = ? where id = ?",
            stages.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey()}).toList());
  }

  @Override
  public Map<String, List<TagFact>> tags(Collection<String> contactIds) {
    Map<String, List<TagFact>> found = new LinkedHashMap<>();
    for (List<String> ids : chunks(contactIds)) {
      jdbc.query(
          "select contact_id, tag, source, created_at from contact_tag where contact_id in (:ids)"
              + " order by contact_id, tag",
          Map.of("ids", ids),
          rs -> {
            found
                .computeIfAbsent(rs.getString("contact_id"), k -> new ArrayList<>())
                .add(
                    new TagFact(
                        rs.getString("tag"),
                        rs.getString("source"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()));
          });
    }
    return found;
  }

  @Override
  public boolean tag(String contactId, String tag, String source, Instant now) {
    return tagRows.add(contactId, tag, source, now);
  }

  @Override
  public boolean untag(String contactId, String tag) {
    return jdbc.update(
            "delete from contact_tag where contact_id = :id and tag = :tag",
            Map.of("id", contactId, "tag", tag))
        > 0;
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return chunks;
  }
}
