package io.journeys.contact;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes contacts as CSV (UTF-8 with a byte-order mark, so that Excel reads it as UTF-8), every
 * text cell formula-safe ({@link CsvCells}). The contacts are read through a database cursor in one
 * read-only transaction (a consistent snapshot), a chunk at a time with their tags and consent, so
 * memory stays bounded whatever the number of contacts.
 */
@Component
class ContactExporter implements ContactCsv {

  static final int FETCH = 1000;
  static final List<String> HEADER =
      List.of(
          "id",
          "email",
          "phone",
          "firstName",
          "lastName",
          "timezone",
          "locale",
          "lifecycleStage",
          "score",
          "tags",
          "consent.email",
          "consent.sms",
          "consent.wecom",
          "consent.push",
          "attributes",
          "createdAt",
          "updatedAt");
  private static final List<String> CHANNELS = List.of("email", "sms", "wecom", "push");
  private static final String SELECT =
      "select c.id, c.email, c.phone, c.first_name, c.last_name, c.timezone, c.locale,"
          + " c.lifecycle_stage, c.score, c.attributes, c.created_at, c.updated_at from contact c";

  private final JdbcTemplate cursor;
  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate snapshot;

  ContactExporter(
      DataSource dataSource, NamedParameterJdbcTemplate jdbc, PlatformTransactionManager tm) {
    this.cursor = new JdbcTemplate(dataSource);
    this.cursor.setFetchSize(FETCH); // PostgreSQL streams with a cursor only inside a transaction
    this.jdbc = jdbc;
    this.snapshot = new TransactionTemplate(tm);
    this.snapshot.setReadOnly(true);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  @Override
  public long export(IdPages pages, OutputStream out) {
    return write(
        out,
        csv ->
            snapshot.execute(
                s -> {
                  long n = 0;
                  List<Row> chunk = new ArrayList<>(FETCH);
                  for (List<String> ids = pages.next("", FETCH);
                      !ids.isEmpty();
                      ids = pages.next(ids.get(ids.size() - 1), FETCH)) {
                    jdbc.query(
                        SELECT + " where c.id in (:ids) order by c.id",
                        Map.of("ids", ids),
                        rs -> {
                          chunk.add(Row.read(rs));
                        });
                    n += print(chunk, csv);
                    if (ids.size() < FETCH) {
                      break;
                    }
                  }
                  return n;
                }));
  }

  /** Writes every contact, or those with {@code tag} when it is not null; answers the count. */
  long export(String tag, OutputStream out) {
    return write(
        out,
        csv ->
            snapshot.execute(
                s -> {
                  List<Row> chunk = new ArrayList<>(FETCH);
                  long[] n = {0};
                  String sql =
                      tag == null
                          ? SELECT + " order by c.id"
                          : SELECT
                              + " where exists (select 1 from contact_tag t where t.contact_id = c.id"
                              + " and t.tag = ?) order by c.id";
                  Object[] args = tag == null ? new Object[0] : new Object[] {tag};
                  cursor.query(
                      sql,
                      rs -> {
                        chunk.add(Row.read(rs));
                        if (chunk.size() == FETCH) {
                          n[0] += print(chunk, csv);
                        }
                      },
                      args);
                  n[0] += print(chunk, csv);
                  return n[0];
                }));
  }

  /** The byte-order mark and header, then the rows {@code body} prints; answers their count. */
  private long write(OutputStream out, java.util.function.Function<CSVPrinter, Long> body) {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    try {
      writer.write('\uFEFF');
      CSVPrinter csv =
          new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
      csv.printRecord(HEADER);
      Long count = body.apply(csv);
      csv.flush();
      return count == null ? 0 : count;
    } catch (IOException e) {
      throw new UncheckedIOException("export interrupted", e);
    }
  }

  private int print(List<Row> chunk, CSVPrinter csv) {
    if (chunk.isEmpty()) {
      return 0;
    }
    List<String> ids = chunk.stream().map(Row::id).toList();
    Map<String, List<String>> tags = new HashMap<>();
    jdbc.query(
        "select contact_id, tag from contact_tag where contact_id in (:ids) order by tag",
        Map.of("ids", ids),
        rs -> {
          tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
    Map<String, Map<String, Boolean>> consent = new HashMap<>();
    jdbc.query(
        "select contact_id, channel, granted from contact_consent where contact_id in (:ids)",
        Map.of("ids", ids),
        rs -> {
          consent
              .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getString(2), rs.getBoolean(3));
        });
    try {
      for (Row r : chunk) {
        List<String> cells = new ArrayList<>(HEADER.size());
        cells.add(CsvCells.safe(r.id()));
        cells.add(CsvCells.safe(r.email()));
        cells.add(CsvCells.safe(r.phone()));
        cells.add(CsvCells.safe(r.firstName()));
        cells.add(CsvCells.safe(r.lastName()));
        cells.add(CsvCells.safe(r.timezone()));
        cells.add(CsvCells.safe(r.locale()));
        cells.add(CsvCells.safe(r.lifecycleStage()));
        cells.add(Integer.toString(r.score()));
        cells.add(CsvCells.safe(String.join(";", tags.getOrDefault(r.id(), List.of()))));
        Map<String, Boolean> granted = consent.getOrDefault(r.id(), Map.of());
        for (String channel : CHANNELS) {
          Boolean g = granted.get(channel);
          cells.add(g == null ? "" : g.toString());
        }
        cells.add(CsvCells.safe(r.attributes()));
        cells.add(r.createdAt().toString());
        cells.add(r.updatedAt().toString());
        csv.printRecord(cells);
      }
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("export interrupted", e);
    }
    int n = chunk.size();
    chunk.clear();
    return n;
  }

  /** One contact row as read from the cursor. */
  private record Row(
      String id,
      String email,
      String phone,
      String firstName,
      String lastName,
      String timezone,
      String locale,
      String lifecycleStage,
      int score,
      String attributes,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static Row read(ResultSet rs) throws SQLException {
      return new Row(
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8),
          rs.getInt(9),
          rs.getString(10),
          utc(rs.getObject(11, OffsetDateTime.class)),
          utc(rs.getObject(12, OffsetDateTime.class)));
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC);
    }
  }
}
