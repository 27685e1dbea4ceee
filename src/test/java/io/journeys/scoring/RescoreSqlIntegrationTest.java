package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.event.EventHistory;
import io.journeys.support.IntegrationTestSupport;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The set-based re-score against the per-contact one, on PostgreSQL: two identical populations of
 * generated contacts (profile criteria of every kind of value, events of every rule with windows, a
 * half-life, caps exceeded and not, properties of the wrong type, entries the new version already
 * has, old scores with MQL on and off) re-scored under one table version at one instant — one
 * population contact by contact in Java, the other by {@link SetRescorer} — give the same ledger
 * entries, dimension scores, totals, MQL states and {@code lead.qualified} events.
 */
class RescoreSqlIntegrationTest extends IntegrationTestSupport {

  private static final String BIG_ORDER_ROW =
      """
      <rule id="Rule_BigOrder">
        <inputEntry id="Rule_BigOrder_In1"><text>"order.placed"</text></inputEntry>
        <inputEntry id="Rule_BigOrder_In2"><text>-</text></inputEntry>
        <inputEntry id="Rule_BigOrder_In3"><text>-</text></inputEntry>
        <inputEntry id="Rule_BigOrder_In4"><text>-</text></inputEntry>
        <inputEntry id="Rule_BigOrder_In5"><text>-</text></inputEntry>
        <inputEntry id="Rule_BigOrder_In6"><text>-</text></inputEntry>
        <inputEntry id="Rule_BigOrder_In7"><text>&gt;= 1000</text></inputEntry>
        <outputEntry id="Rule_BigOrder_Out1"><text>"big-order"</text></outputEntry>
        <outputEntry id="Rule_BigOrder_Out2"><text>"意向程度"</text></outputEntry>
        <outputEntry id="Rule_BigOrder_Out3"><text>7.5</text></outputEntry>
        <outputEntry id="Rule_BigOrder_Out4"><text>"half-life P20D"</text></outputEntry>
        <outputEntry id="Rule_BigOrder_Out5"><text>2</text></outputEntry>
      </rule>
      """;

  @Autowired LeadScorer scorer;
  @Autowired SetRescorer sets;
  @Autowired ScoringModel model;
  @Autowired ContactFacts contacts;
  @Autowired EventHistory history;
  @Autowired PlatformTransactionManager transactions;
  @Autowired ObjectMapper json;

  @Test
  void theDefaultModelTranslatesAndAnUnknownCellDoesNot() throws Exception {
    RescoreSql plan = RescoreSql.translate(model.current());
    assertThat(plan.rows).hasSize(6);
    assertThat(plan.mql).contains("when");
    ScoreRules odd =
        rules(
            dmn().replaceFirst("<text>\"whitepaper\"</text>", "<text>date(\"2020-01-01\")</text>"),
            1);
    assertThatThrownBy(() -> RescoreSql.translate(odd))
        .isInstanceOf(RescoreSql.Untranslatable.class);
  }

  @Test
  void setBasedAndPerContactReScoresAgree() throws Exception {
    // every rule kind: forever (profile, invalid phone, cap 1), windows (whitepaper, webinar: cap
    // 3),
    // half-life (price enquiry, cap 5; a big order with a number comparison, cap 2)
    String xml =
        dmn()
            .replaceFirst(
                "(<outputEntry id=\"Rule_PriceEnquiry_Out4\">\\s*<text>)\"P30D\"(</text>)",
                "$1\"half-life P30D\"$2")
            // a column on the order's amount: "-" in every row but the big order's
            .replaceFirst(
                "(<output id=\"Output_Criterion\")",
                "<input id=\"Input_Amount\" label=\"Amount\"><inputExpression"
                    + " id=\"Input_AmountExpression\"><text>properties.amount</text>"
                    + "</inputExpression></input>\n$1")
            .replaceAll(
                "(<inputEntry id=\"(\\w+)_In6\">\\s*<text>[^<]*</text>\\s*</inputEntry>)",
                "$1<inputEntry id=\"$2_In7\"><text>-</text></inputEntry>");
    xml =
        xml.replaceFirst(
            "(</rule>\\s*</decisionTable>)", "</rule>\n" + BIG_ORDER_ROW + "</decisionTable>");
    assertThat(xml).contains("half-life P30D").contains("Rule_BigOrder");
    int version = 90_000 + new Random().nextInt(9_000);
    ScoreRules rules = rules(xml, version);
    RescoreSql plan = RescoreSql.translate(rules);
    assertThat(plan.rows).extracting(RescoreSql.Row::criterion).contains("big-order");

    Instant now = EngineClock.now().truncatedTo(ChronoUnit.MILLIS);
    String run = Long.toString(now.toEpochMilli(), 36);
    int size = 160;
    generate("rqa-" + run + "-", "ea-" + run + "-", size, version, now);
    generate("rqb-" + run + "-", "eb-" + run + "-", size, version, now);
    List<String> a = ids("rqa-" + run + "-");
    List<String> b = ids("rqb-" + run + "-");
    assertThat(a).hasSize(size);
    assertThat(b).hasSize(size);

    TransactionTemplate tx = new TransactionTemplate(transactions);
    List<String> fallback = new ArrayList<>();
    EngineClock.moveTo(now);
    try {
      tx.executeWithoutResult(
          s -> {
            contacts.lock(a);
            scorer.score(history.of(a, rules.eventTypes(), null), rules);
            scorer.refresh(a, rules);
          });
      tx.executeWithoutResult(
          s -> {
            contacts.lock(b);
            fallback.addAll(sets.rescore(plan, rules, b, now));
          });
    } finally {
      EngineClock.resetToRealTime();
    }
    assertThat(fallback)
        .as("some contacts need the per-contact path, most do not")
        .isNotEmpty()
        .hasSizeLessThan(size / 2);

    Map<String, List<String>> ledgerA = ledger("rqa-" + run + "-", "ea-" + run + "-", version);
    Map<String, List<String>> ledgerB = ledger("rqb-" + run + "-", "eb-" + run + "-", version);
    assertThat(ledgerB).isEqualTo(ledgerA);
    assertThat(ledgerA.values().stream().flatMap(List::stream))
        .as("entries of every kind")
        .anyMatch(e -> e.contains("|big-order|"))
        .anyMatch(e -> e.contains("half-life P30D"))
        .anyMatch(e -> e.contains("|invalid-phone|"))
        .anyMatch(e -> e.contains("profile:company:0"))
        .anyMatch(e -> e.contains("profile:phone-verified:1"));

    Map<String, String> scoresA = scores("rqa-" + run + "-");
    Map<String, String> scoresB = scores("rqb-" + run + "-");
    assertThat(scoresB).isEqualTo(scoresA);
    assertThat(scoresA.values())
        .anyMatch(s -> s.contains("|true|"))
        .anyMatch(s -> s.contains("|false|"));
    assertThat(scoresA.values())
        .as("non-trivial totals")
        .anyMatch(s -> Integer.parseInt(s.split("\\|")[1]) >= 20);

    Map<String, Long> qualifiedA = qualified("rqa-" + run + "-");
    Map<String, Long> qualifiedB = qualified("rqb-" + run + "-");
    assertThat(qualifiedB).isEqualTo(qualifiedA);
    assertThat(qualifiedA)
        .as("some leads cross")
        .isNotEmpty()
        .allSatisfy((k, n) -> assertThat(n).isOne());
  }

  /** {@code size} contacts with the prefix; the same contacts, events and old state per seed. */
  private void generate(String prefix, String eventPrefix, int size, int version, Instant now)
      throws Exception {
    Random random = new Random(42);
    Timestamp t = Timestamp.from(now);
    for (int k = 0; k < size; k++) {
      String id = prefix + String.format("%04d", k);
      Map<String, Object> attributes = new TreeMap<>();
      switch (random.nextInt(6)) {
        case 0, 1 -> attributes.put("phoneVerified", true);
        case 2 -> attributes.put("phoneVerified", false);
        case 3 -> {}
        case 4 -> attributes.put("phoneVerified", k % 4 == 0 ? "true" : true);
        default -> attributes.put("phoneVerified", true);
      }
      switch (random.nextInt(6)) {
        case 0, 1 -> attributes.put("company", "ACME");
        case 2 -> attributes.put("company", "");
        case 3 -> {}
        case 4 -> attributes.put("company", k % 5 == 0 ? 5 : "Initech");
        default -> attributes.put("company", "Umbrella");
      }
      jdbc.update(
          "insert into contact (id, email, locale, timezone, attributes, created_at, updated_at)"
              + " values (?, ?, 'en', 'Asia/Shanghai', ?, ?, ?)",
          id,
          id + "@example.com",
          json.writeValueAsString(attributes),
          t,
          t);
      int events = random.nextInt(9);
      String webinar = null;
      for (int e = 0; e < events; e++) {
        String type;
        Map<String, Object> properties;
        switch (random.nextInt(10)) {
          case 0 -> {
            type = "form.submitted";
            properties = Map.of("formId", "whitepaper");
          }
          case 1 -> {
            type = "form.submitted";
            properties = Map.of("formId", k % 7 == 0 ? 7 : "contact-us");
          }
          case 2, 3 -> {
            type = "webinar.attended";
            properties = Map.of();
          }
          case 4, 5 -> {
            type = "price.enquired";
            properties = Map.of();
          }
          case 6 -> {
            type = "message.bounced";
            properties = Map.of("channel", random.nextBoolean() ? "sms" : "email", "hard", true);
          }
          case 7 -> {
            type = "message.bounced";
            properties = Map.of("channel", "sms", "hard", k % 6 == 0 ? "yes" : false);
          }
          case 8 -> {
            type = "order.placed";
            properties =
                Map.of("orderId", "o-" + k + "-" + e, "amount", 100 + random.nextInt(3000));
          }
          default -> {
            type = "page.viewed";
            properties = Map.of();
          }
        }
        // mostly recent (MQL needs two interactions in 7 days), some beyond every window
        long seconds =
            random.nextInt(3) == 0 ? random.nextInt(7 * 86_400) : random.nextInt(130 * 86_400);
        Instant at = now.minusSeconds(seconds).minusMillis(random.nextInt(1000));
        String eventId = eventPrefix + k + "-" + e;
        jdbc.update(
            "insert into event (id, type, contact_id, occurred_at, received_at, properties)"
                + " values (?, ?, ?, ?, ?, ?)",
            eventId,
            type,
            id,
            Timestamp.from(at),
            t,
            json.writeValueAsString(properties));
        if (type.equals("webinar.attended") && webinar == null) {
          webinar = eventId;
          if (k % 5 == 1) {
            // scored by the intake under the new version already
            ledgerEntry(id, version, "webinar", "行为互动", 15, "P90D", eventId, at, now);
          }
        }
      }
      if (k % 9 == 2) {
        // granted under the new version, whether or not it still holds
        ledgerEntry(
            id,
            version,
            "phone-verified",
            "基础信息",
            5,
            "forever",
            "profile:phone-verified:0",
            now.minusSeconds(3600),
            now);
      }
      int old = random.nextInt(4);
      if (old > 0) {
        boolean mql = old == 1;
        jdbc.update(
            "insert into contact_score (contact_id, table_version, total, dimensions, mql,"
                + " mql_since, updated_at) values (?, ?, ?, ?, ?, ?, ?)",
            id,
            version - 1,
            mql ? 18 : 3,
            "{\"基础信息\":5.0,\"行为互动\":0.0,\"意向程度\":0.0}",
            mql,
            mql ? Timestamp.from(now.minusSeconds(86_400 * 3)) : null,
            t);
      }
    }
  }

  private void ledgerEntry(
      String contact,
      int version,
      String criterion,
      String dimension,
      double points,
      String validity,
      String source,
      Instant at,
      Instant now) {
    jdbc.update(
        "insert into score_ledger (contact_id, table_version, criterion, dimension, points,"
            + " validity, source_event_id, occurred_at, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contact,
        version,
        criterion,
        dimension,
        points,
        validity,
        source,
        Timestamp.from(at),
        Timestamp.from(now));
  }

  private List<String> ids(String prefix) {
    return jdbc.queryForList(
        "select id from contact where id like ? order by id", String.class, prefix + "%");
  }

  /** Per contact (suffix): its entries of the version as text, source ids without the prefix. */
  private Map<String, List<String>> ledger(String prefix, String eventPrefix, int version) {
    Map<String, List<String>> found = new TreeMap<>();
    jdbc.query(
        "select * from score_ledger where contact_id like ? and table_version = ?"
            + " order by contact_id, criterion, source_event_id",
        rs -> {
          found
              .computeIfAbsent(
                  rs.getString("contact_id").substring(prefix.length()), k -> new ArrayList<>())
              .add(
                  "|"
                      + rs.getString("criterion")
                      + "|"
                      + rs.getString("dimension")
                      + "|"
                      + rs.getDouble("points")
                      + "|"
                      + rs.getString("validity")
                      + "|"
                      + rs.getString("source_event_id").replace(eventPrefix, "")
                      + "|"
                      + rs.getTimestamp("occurred_at").toInstant());
        },
        prefix + "%",
        version);
    return found;
  }

  /** Per contact (suffix): version, total, dimensions, MQL, since, and the contact's score. */
  private Map<String, String> scores(String prefix) {
    Map<String, String> found = new TreeMap<>();
    jdbc.query(
        "select s.*, c.score from contact_score s join contact c on c.id = s.contact_id"
            + " where s.contact_id like ?",
        rs -> {
          Map<String, Double> dimensions;
          try {
            dimensions =
                new TreeMap<>(
                    json.readValue(
                        rs.getString("dimensions"), new TypeReference<Map<String, Double>>() {}));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          Timestamp since = rs.getTimestamp("mql_since");
          found.put(
              rs.getString("contact_id").substring(prefix.length()),
              rs.getInt("table_version")
                  + "|"
                  + rs.getInt("total")
                  + "|"
                  + dimensions
                  + "|"
                  + rs.getBoolean("mql")
                  + "|"
                  + (since == null ? null : since.toInstant())
                  + "|score "
                  + rs.getInt("score"));
        },
        prefix + "%");
    return found;
  }

  private Map<String, Long> qualified(String prefix) {
    Map<String, Long> found = new TreeMap<>();
    jdbc.query(
        "select contact_id, count(*) as n from event where type = 'lead.qualified'"
            + " and contact_id like ? group by contact_id",
        rs -> {
          found.put(rs.getString("contact_id").substring(prefix.length()), rs.getLong("n"));
        },
        prefix + "%");
    return found;
  }

  private static ScoreRules rules(String xml, int version) {
    InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    return new ScoreRules(SimpleFeel.dmnEngine(), in, version);
  }

  private String dmn() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dmn/lead-scoring.dmn")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
