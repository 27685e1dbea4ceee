package io.journeys.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.Databases;
import java.io.IOException;
import java.io.StringReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The contact table (a contact's consent is in {@link ConsentRows}, its tags in {@link TagRows}).
 */
@Repository
class ContactRepository {

  static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, email, phone, first_name, last_name, timezone, locale, lifecycle_stage, score,"
          + " attributes, created_at, updated_at";

  /** Rows per multi-row insert: 12 parameters each, well under PostgreSQL's 32,767. */
  static final int MULTI_ROW = 1000;

  private static final int[] ROW_TYPES = {
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.INTEGER,
    Types.VARCHAR,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.TIMESTAMP_WITH_TIMEZONE
  };

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;
  private volatile Boolean postgres;

  ContactRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  Optional<ContactView> find(String id) {
    List<ContactView> found =
        jdbc.query(
            "select " + COLUMNS + " from contact where id = :id",
            Map.of("id", id),
            (rs, i) -> map(rs));
    return found.stream().findFirst();
  }

  /** Locks the contact's row until the end of the transaction; {@code false} when there is none. */
  boolean lock(String id) {
    return !jdbc.queryForList(
            "select id from contact where id = :id for update", Map.of("id", id), String.class)
        .isEmpty();
  }

  /**
   * Locks the rows of these contacts until the end of the transaction, in id order (so two
   * transactions locking overlapping sets cannot deadlock on them), and answers which exist.
   */
  Set<String> lockAll(Collection<String> ids) {
    List<String> sorted = ids.stream().distinct().sorted().toList();
    Set<String> present = new HashSet<>();
    for (int from = 0; from < sorted.size(); from += 1000) {
      present.addAll(
          jdbc.queryForList(
              "select id from contact where id in (:ids) order by id for update",
              Map.of("ids", sorted.subList(from, Math.min(sorted.size(), from + 1000))),
              String.class));
    }
    return present;
  }

  /** Which of {@code ids} are contacts (at most 1,000 per query). */
  Set<String> existing(Collection<String> ids) {
    List<String> distinct = ids.stream().distinct().toList();
    Set<String> present = new HashSet<>();
    for (int from = 0; from < distinct.size(); from += 1000) {
      present.addAll(
          jdbc.queryForList(
              "select id from contact where id in (:ids)",
              Map.of("ids", distinct.subList(from, Math.min(distinct.size(), from + 1000))),
              String.class));
    }
    return present;
  }

  boolean exists(String id) {
    return !jdbc.queryForList(
            "select id from contact where id = :id", Map.of("id", id), String.class)
        .isEmpty();
  }

  /** Contact ids using this email (or phone), other than {@code exceptId}. */
  List<String> othersWith(String column, String value, String exceptId) {
    if (!"email".equals(column) && !"phone".equals(column)) {
      throw new IllegalArgumentException("identity column");
    }
    return jdbc.queryForList(
        "select id from contact where " + column + " = :value and id <> :id",
        Map.of("value", value, "id", exceptId),
        String.class);
  }

  void insert(ContactView c) {
    jdbc.update(
        "insert into contact ("
            + COLUMNS
            + ") values (:id, :email, :phone, :firstName,"
            + " :lastName, :timezone, :locale, :lifecycleStage, :score, :attributes, :createdAt,"
            + " :updatedAt)",
        params(c));
  }

  /**
   * Inserts many contacts: on PostgreSQL with one {@code COPY} (several times faster than multi-row
   * inserts: no parameters to bind and plan), elsewhere with multi-row statements. Both run in the
   * caller's transaction.
   */
  void insertAll(Collection<ContactView> all) {
    if (all.isEmpty()) {
      return;
    }
    if (postgres()) {
      copy(all);
      return;
    }
    List<ContactView> rows = List.copyOf(all);
    for (int from = 0; from < rows.size(); from += MULTI_ROW) {
      List<ContactView> part = rows.subList(from, Math.min(rows.size(), from + MULTI_ROW));
      StringBuilder sql = new StringBuilder("insert into contact (" + COLUMNS + ") values ");
      for (int i = 0; i < part.size(); i++) {
        sql.append(i == 0 ? "" : ",").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      }
      jdbc.getJdbcTemplate()
          .update(
              sql.toString(),
              ps -> {
                int p = 1;
                for (ContactView c :
                    part) { // plain setters: Spring's per-value type handling costs more
                  Object[] v = values(c);
                  for (int k = 0; k < v.length; k++) {
                    if (v[k] == null) {
                      ps.setNull(p++, ROW_TYPES[k]);
                    } else if (ROW_TYPES[k] == Types.INTEGER) {
                      ps.setInt(p++, (Integer) v[k]);
                    } else if (ROW_TYPES[k] == Types.VARCHAR) {
                      ps.setString(p++, (String) v[k]);
                    } else {
                      ps.setObject(p++, v[k], ROW_TYPES[k]);
                    }
                  }
                }
              });
    }
  }

  /** {@code COPY contact FROM STDIN} in CSV: every value quoted, {@code null} as an empty field. */
  private void copy(Collection<ContactView> all) {
    StringBuilder csv = new StringBuilder(all.size() * 256);
    Map<Instant, String> times = new HashMap<>(); // an import gives most rows the same time
    for (ContactView c : all) {
      for (String v :
          new String[] {
            c.id(),
            c.email(),
            c.phone(),
            c.firstName(),
            c.lastName(),
            c.timezone(),
            c.locale(),
            c.lifecycleStage(),
            Integer.toString(c.score()),
            writeJson(c.attributes()),
            times.computeIfAbsent(c.createdAt(), t -> utc(t).toString()),
            times.computeIfAbsent(c.updatedAt(), t -> utc(t).toString())
          }) {
        if (v != null) {
          csv.append('"');
          for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"') {
              csv.append('"');
            }
            csv.append(ch);
          }
          csv.append('"');
        }
        csv.append(',');
      }
      csv.setCharAt(csv.length() - 1, '\n');
    }
    jdbc.getJdbcTemplate()
        .execute(
            (ConnectionCallback<Long>)
                con -> {
                  try {
                    return con.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                            "copy contact (" + COLUMNS + ") from stdin with (format csv)",
                            new StringReader(csv.toString()));
                  } catch (IOException e) {
                    throw new IllegalStateException("COPY from memory cannot fail to read", e);
                  }
                });
  }

  /** Updates many contacts in one JDBC batch. */
  void updateAll(Collection<ContactView> all) {
    if (all.isEmpty()) {
      return;
    }
    List<Object[]> batch =
        all.stream()
            .map(
                c ->
                    new Object[] {
                      c.email(),
                      c.phone(),
                      c.firstName(),
                      c.lastName(),
                      c.timezone(),
                      c.locale(),
                      c.lifecycleStage(),
                      c.score(),
                      writeJson(c.attributes()),
                      utc(c.updatedAt()),
                      c.id()
                    })
            .toList();
    jdbc.getJdbcTemplate()
        .batchUpdate(
            "update contact set email = ?, phone = ?, first_name = ?, last_name = ?, timezone = ?,"
                + " locale = ?, lifecycle_stage = ?, score = ?, attributes = ?, updated_at = ?"
                + " where id = ?",
            batch,
            new int[] {
              Types.VARCHAR,
              Types.VARCHAR,
              Types.VARCHAR,
              Types.VARCHAR,
              Types.VARCHAR,
              Types.VARCHAR,
              Types.VARCHAR,
              Types.INTEGER,
              Types.VARCHAR,
              Types.TIMESTAMP_WITH_TIMEZONE,
              Types.VARCHAR
            });
  }

  /** The values of {@link #COLUMNS}, in order. */
  private Object[] values(ContactView c) {
    return new Object[] {
      c.id(),
      c.email(),
      c.phone(),
      c.firstName(),
      c.lastName(),
      c.timezone(),
      c.locale(),
      c.lifecycleStage(),
      c.score(),
      writeJson(c.attributes()),
      utc(c.createdAt()),
      utc(c.updatedAt())
    };
  }

  void update(ContactView c) {
    jdbc.update(
        "update contact set email = :email, phone = :phone, first_name = :firstName,"
            + " last_name = :lastName, timezone = :timezone, locale = :locale,"
            + " lifecycle_stage = :lifecycleStage, score = :score, attributes = :attributes,"
            + " updated_at = :updatedAt where id = :id",
        params(c));
  }

  private MapSqlParameterSource params(ContactView c) {
    return new MapSqlParameterSource()
        .addValue("id", c.id())
        .addValue("email", c.email())
        .addValue("phone", c.phone())
        .addValue("firstName", c.firstName())
        .addValue("lastName", c.lastName())
        .addValue("timezone", c.timezone())
        .addValue("locale", c.locale())
        .addValue("lifecycleStage", c.lifecycleStage())
        .addValue("score", c.score())
        .addValue("attributes", writeJson(c.attributes()))
        .addValue("createdAt", utc(c.createdAt()))
        .addValue("updatedAt", utc(c.updatedAt()));
  }

  /**
   * For a long write transaction on PostgreSQL (an import) that looks contacts up by key while
   * adding up to millions of them: the rows it adds have no statistics yet, so the planner would
   * take a lookup of 1000 keys for a large part of the table and scan all of it (time growing with
   * the square of the file), and a prepared statement would keep a plan made while the table was
   * small. So, for this transaction only: index scans wherever there is an index, and generic plans
   * (a custom plan would estimate every one of the thousands of keys, every time).
   */
  void planForKeyLookupsInThisTransaction() {
    if (postgres()) {
      jdbc.getJdbcTemplate().execute("set local plan_cache_mode = force_generic_plan");
      jdbc.getJdbcTemplate().execute("set local enable_seqscan = off");
    }
  }

  private boolean postgres() {
    Boolean pg = postgres;
    if (pg == null) {
      pg = Databases.isPostgres(jdbc.getJdbcTemplate());
      postgres = pg;
    }
    return pg;
  }

  /**
   * The first column of {@code select … where <column>} {@code = any(values)}: one array parameter
   * on PostgreSQL (parsed and planned as fast as a single value), an {@code in} list elsewhere.
   */
  List<String> anyOf(String selectWhereColumn, List<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    if (postgres()) {
      return jdbc.getJdbcTemplate()
          .query(
              con -> {
                PreparedStatement ps = con.prepareStatement(selectWhereColumn + " = any (?)");
                ps.setArray(1, con.createArrayOf("varchar", values.toArray()));
                return ps;
              },
              (rs, i) -> rs.getString(1));
    }
    return jdbc.queryForList(
        selectWhereColumn + " in (:values)", Map.of("values", values), String.class);
  }

  /** Existing contacts by id, email or phone: {@code column} is one of those three. */
  List<ContactView> findAllBy(String column, Collection<String> values) {
    if (!Set.of("id", "email", "phone").contains(column)) {
      throw new IllegalArgumentException("identity column");
    }
    if (values.isEmpty()) {
      return List.of();
    }
    if (postgres()) { // one array parameter: planned as fast as a single value
      String sql =
          "select "
              + COLUMNS
              + " from contact where "
              + column
              + " = any (?)"
              + " order by updated_at";
      return jdbc.getJdbcTemplate()
          .query(
              con -> {
                PreparedStatement ps = con.prepareStatement(sql);
                ps.setArray(1, con.createArrayOf("varchar", values.toArray()));
                return ps;
              },
              (rs, i) -> map(rs));
    }
    return jdbc.query(
        "select "
            + COLUMNS
            + " from contact where "
            + column
            + " in (:values)"
            + " order by updated_at",
        Map.of("values", values),
        (rs, i) -> map(rs));
  }

  /**
   * Existing contacts with any of these ids, emails or phones, in one query (the import looks a
   * chunk of rows up at once), least recently updated first.
   */
  List<ContactView> findAllByIdentity(
      Collection<String> ids, Collection<String> emails, Collection<String> phones) {
    Map<String, Collection<String>> keys = new LinkedHashMap<>();
    keys.put("id", ids);
    keys.put("email", emails);
    keys.put("phone", phones);
    keys.values().removeIf(Collection::isEmpty);
    if (keys.isEmpty()) {
      return List.of();
    }
    boolean pg = postgres();
    String sql =
        "select "
            + COLUMNS
            + " from contact where "
            + String.join(
                " or ",
                keys.keySet().stream()
                    .map(column -> column + (pg ? " = any (?)" : " in (:" + column + ")"))
                    .toList())
            + " order by updated_at";
    if (pg) { // array parameters: planned as fast as single values
      return jdbc.getJdbcTemplate()
          .query(
              con -> {
                PreparedStatement ps = con.prepareStatement(sql);
                int p = 1;
                for (Collection<String> values : keys.values()) {
                  ps.setArray(p++, con.createArrayOf("varchar", values.toArray()));
                }
                return ps;
              },
              (rs, i) -> map(rs));
    }
    return jdbc.query(
        sql, new MapSqlParameterSource(new LinkedHashMap<>(keys)), (rs, i) -> map(rs));
  }

  private ContactView map(ResultSet rs) throws SQLException {
    return new ContactView(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("phone"),
        rs.getString("first_name"),
        rs.getString("last_name"),
        rs.getString("timezone"),
        rs.getString("locale"),
        rs.getString("lifecycle_stage"),
        rs.getInt("score"),
        readJson(rs.getString("attributes")),
        Map.of(),
        Set.of(),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  Map<String, Object> readJson(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP_TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not an object", e);
    }
  }

  String writeJson(Map<String, Object> value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.values().stream().allMatch(String.class::isInstance)) {
      return FlatJson.write(
          value); // what an import writes, a million times: without Jackson's set-up
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON", e);
    }
  }
}
