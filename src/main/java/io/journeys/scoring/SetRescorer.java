package io.journeys.scoring;

import io.journeys.config.Databases;
import io.journeys.contact.ContactFacts;
import io.journeys.event.EventHistory;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The set-based re-score (PostgreSQL): the ledger entries of a range of contacts computed by one
 * statement ({@code insert … select} per row of the rules table, from the event feature's and the
 * contact feature's published relations), then their dimension scores, totals and MQL state by one
 * {@code insert … on conflict do update} on {@code contact_score}, and the contacts' scores by one
 * statement of the contact feature. The same results as {@link LeadScorer} on each contact
 * (RescoreSqlIntegrationTest); contacts the SQL cannot decide — more occurrences of a capped
 * windowed criterion within one window than its cap (which occurrences count then depends on which
 * were counted before), or a property of another type than the cell compares with — are scored by
 * {@link LeadScorer} in the same transaction. A model whose cells are not all translatable ({@link
 * RescoreSql}) is re-scored per contact.
 */
@Component
class SetRescorer {

  private static final Logger log = LoggerFactory.getLogger(SetRescorer.class);

  private final NamedParameterJdbcTemplate jdbc;
  private final EventHistory history;
  private final ContactFacts contacts;
  private final LeadScorer scorer;
  private final EventIntake intake;
  private final Map<Integer, Optional<RescoreSql>> plans = new ConcurrentHashMap<>();
  private volatile boolean enabled;
  private volatile Boolean postgres;

  SetRescorer(
      NamedParameterJdbcTemplate jdbc,
      EventHistory history,
      ContactFacts contacts,
      LeadScorer scorer,
      EventIntake intake,
      @Value("${journeys.scoring.rescore-sql:true}") boolean enabled) {
    this.jdbc = jdbc;
    this.history = history;
    this.contacts = contacts;
    this.scorer = scorer;
    this.intake = intake;
    this.enabled = enabled;
  }

  /** Switches the set-based path on or off (benchmark, tests comparing both paths). */
  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The SQL of this model version, or empty: re-score per contact (logged once per version). */
  Optional<RescoreSql> plan(ScoreRules rules) {
    if (!enabled || !postgres() || history.relation() == null) {
      return Optional.empty();
    }
    return plans.computeIfAbsent(
        rules.version(),
        v -> {
          try {
            return Optional.of(RescoreSql.translate(rules));
          } catch (RescoreSql.Untranslatable e) {
            log.info(
                "Lead-scoring model version {} is re-scored per contact: {}", v, e.getMessage());
            return Optional.empty();
          }
        });
  }

  /**
   * Re-scores the contacts {@code ids} (locked by the caller, one contiguous range in id order)
   * under {@code rules}; answers the contacts it left to the per-contact path.
   */
  List<String> rescore(RescoreSql plan, ScoreRules rules, List<String> ids, Instant now) {
    MapSqlParameterSource p =
        new MapSqlParameterSource("v", rules.version())
            .addValue("first", ids.get(0))
            .addValue("last", ids.get(ids.size() - 1))
            .addValue("now", now.atOffset(ZoneOffset.UTC));
    if (plan.eventTypes != null) {
      p.addValue("types", List.copyOf(plan.eventTypes.isEmpty() ? List.of("") : plan.eventTypes));
    }
    List<String> fallback = jdbc.queryForList(ledgerSql(plan), p, String.class);
    if (!fallback.isEmpty()) {
      scorer.score(history.of(fallback, rules.eventTypes(), null), rules);
      scorer.refresh(fallback, rules);
      // one array parameter, however many they are
      p.addValue(
          "fb",
          jdbc.getJdbcTemplate()
              .execute(
                  (ConnectionCallback<java.sql.Array>)
                      c -> c.createArrayOf("varchar", fallback.toArray())));
    }
    String except = fallback.isEmpty() ? "" : " and not (%s = any (:fb))";
    List<IncomingEvent> qualified = new ArrayList<>();
    jdbc.query(
        scoreSql(plan, except),
        p,
        rs -> {
          String id = rs.getString("contact_id");
          qualified.add(
              new IncomingEvent(
                  "lead.qualified:" + id + ":" + now.toEpochMilli(),
                  EventTypes.LEAD_QUALIFIED,
                  id,
                  null,
                  null,
                  now.atOffset(ZoneOffset.UTC),
                  Map.of(
                      "score",
                      rs.getInt("total"),
                      "tableVersion",
                      rules.version(),
                      "reason",
                      rs.getString("reason"))));
        });
    contacts.copyScores(
        "select contact_id, total from contact_score where contact_id >= :first"
            + " and contact_id <= :last"
            + except.formatted("contact_id"),
        p.getValues());
    if (!qualified.isEmpty()) {
      intake.ingest(qualified);
    }
    return fallback;
  }

  /** The ledger statement: every row's entries; answers the contacts left to the Java path. */
  String ledgerSql(RescoreSql plan) {
    StringBuilder with = new StringBuilder();
    with.append("with ev as materialized (select e.id, e.contact_id, e.occurred_at, e.type,")
        .append(" e.properties::jsonb as props from (")
        .append(history.relation())
        .append(") e where e.contact_id >= :first and e.contact_id <= :last")
        .append(plan.eventTypes == null ? "" : " and e.type in (:types)")
        .append(" and exists (select 1 from (")
        .append(contacts.profileRelation())
        .append(") x where x.id = e.contact_id)),\n");
    with.append("pr as materialized (select p.id, p.phone, p.attributes::jsonb as attrs from (")
        .append(contacts.profileRelation())
        .append(") p where p.id >= :first and p.id <= :last),\n");
    with.append(
        "old as materialized (select contact_id, criterion, source_event_id,"
            + " source_event_id like 'profile:%' as prof from score_ledger"
            + " where table_version = :v and contact_id >= :first and contact_id <= :last)");
    List<String> fallback = new ArrayList<>();
    List<String> inserts = new ArrayList<>();
    String columns =
        "insert into score_ledger (contact_id, table_version, criterion, dimension, points,"
            + " validity, source_event_id, occurred_at, recorded_at) ";
    for (int i = 0; i < plan.rows.size(); i++) {
      RescoreSql.Row r = plan.rows.get(i);
      String crit = RescoreSql.quote(r.criterion());
      String values =
          "select {contact}, :v, "
              + crit
              + ", "
              + RescoreSql.quote(r.dimension())
              + ", "
              + Double.toString(r.points())
              + "::float8, "
              + RescoreSql.quote(r.validity().describe())
              + ", ";
      boolean capped =
          r.maxCount() != Integer.MAX_VALUE && r.validity().kind() != Validity.Kind.FOREVER;
      if (r.events()) {
        // how long an occurrence takes one of the "at most" places (Validity.occupies)
        long occupies =
            capped
                ? r.validity().length().toSeconds()
                    * (r.validity().kind() == Validity.Kind.HALF_LIFE ? 3 : 1)
                : 0;
        with.append(",\nc")
            .append(i)
            .append(
                " as materialized (select e.id, e.contact_id, e.occurred_at, row_number() over"
                    + " (partition by e.contact_id order by e.occurred_at, e.id) as rn")
            .append(
                capped
                    ? ", count(*) over (partition by e.contact_id order by e.occurred_at range"
                        + " between interval '"
                        + occupies
                        + " seconds' preceding and current row) as near"
                    : "")
            .append(" from ev e where ")
            .append(r.eventMatch())
            .append(
                " and not exists (select 1 from old o where o.contact_id = e.contact_id and"
                    + " o.criterion = ")
            .append(crit)
            .append(" and o.source_event_id = e.id))");
        with.append(",\nx")
            .append(i)
            .append(" as (select contact_id, count(*) as n from old where criterion = ")
            .append(crit)
            .append(" and not prof group by contact_id)");
        if (capped) {
          // decided: with no entries yet, every occurrence has fewer than "at most" others in its
          // span before it (all count); with entries, all of them together fit (all count)
          fallback.add(
              "select c.contact_id from c"
                  + i
                  + " c left join x"
                  + i
                  + " x on x.contact_id = c.contact_id group by c.contact_id having case when"
                  + " coalesce(max(x.n), 0) = 0 then max(c.near) > "
                  + r.maxCount()
                  + " else count(*) + max(x.n) > "
                  + r.maxCount()
                  + " end");
        }
        if (!r.eventUndecided().endsWith("(false)")) {
          fallback.add("select e.contact_id from ev e where " + r.eventUndecided());
        }
        inserts.add(
            "i"
                + i
                + " as ("
                + columns
                + values.replace("{contact}", "c.contact_id")
                + "c.id, c.occurred_at, :now from c"
                + i
                + " c left join x"
                + i
                + " x on x.contact_id = c.contact_id where "
                + (capped ? "" : "c.rn + coalesce(x.n, 0) <= " + r.maxCount() + " and ")
                + "c.contact_id not in (select contact_id from fb) returning 1)");
      }
      if (r.profile()) {
        with.append(",\nh")
            .append(i)
            .append(" as materialized (select p.id, coalesce(")
            .append(r.profileMatch())
            .append(", false) as holds from pr p)");
        with.append(",\ny")
            .append(i)
            .append(" as (select contact_id, count(*) as n from old where criterion = ")
            .append(crit)
            .append(" and prof group by contact_id)");
        if (!r.profileUndecided().equals("false")) {
          fallback.add("select p.id from pr p where " + r.profileUndecided());
        }
        inserts.add(
            "g"
                + i
                + " as ("
                + columns
                + values.replace("{contact}", "h.id")
                + "'profile:' || "
                + crit
                + " || ':' || coalesce(y.n, 0), :now, :now from h"
                + i
                + " h left join y"
                + i
                + " y on y.contact_id = h.id where h.holds and coalesce(y.n, 0) % 2 = 0"
                + " and h.id not in (select contact_id from fb) returning 1)");
        inserts.add(
            "r"
                + i
                + " as ("
                + columns
                + "select h.id, :v, "
                + crit
                + ", g.dimension, -g.points, 'forever', 'profile:' || "
                + crit
                + " || ':' || y.n, :now, :now from h"
                + i
                + " h join y"
                + i
                + " y on y.contact_id = h.id cross join lateral (select l.dimension, l.points"
                + " from score_ledger l where l.contact_id = h.id and l.table_version = :v"
                + " and l.criterion = "
                + crit
                + " and l.source_event_id like 'profile:%' order by l.occurred_at desc, l.id desc"
                + " limit 1) g where not h.holds and y.n % 2 = 1"
                + " and h.id not in (select contact_id from fb) returning 1)");
      }
    }
    with.append(",\nfb (contact_id) as materialized (")
        .append(
            fallback.isEmpty()
                ? "select null::varchar as contact_id where false"
                : String.join("\nunion ", fallback))
        .append(")");
    for (String insert : inserts) {
      with.append(",\n").append(insert);
    }
    return with.append("\nselect contact_id from fb order by contact_id").toString();
  }

  /** The score statement: dimensions, total, MQL of the range; answers the crossings. */
  String scoreSql(RescoreSql plan, String except) {
    StringBuilder dims = new StringBuilder();
    StringBuilder exact = new StringBuilder();
    StringBuilder json = new StringBuilder("json_build_object(");
    int k = 0;
    for (Map.Entry<String, Double> w : plan.weights.entrySet()) {
      String d = "d" + k;
      dims.append(", round(round(coalesce(max(dim.s) filter (where dim.dimension = ")
          .append(RescoreSql.quote(w.getKey()))
          .append("), 0)::text::numeric, 6), 2) as ")
          .append(d);
      exact
          .append(k == 0 ? "(" : " + (")
          .append(Double.toString(w.getValue()))
          .append("::float8 * ")
          .append(d)
          .append("::float8)");
      json.append(k == 0 ? "" : ", ").append(RescoreSql.quote(w.getKey())).append(", ").append(d);
      k++;
    }
    if (k == 0) {
      exact.append("0::float8");
    }
    json.append(")::text");
    String age = "floor(l.age)::float8 / 86400.0::float8";
    return "with pr as (select p.id from ("
        + contacts.profileRelation()
        + ") p where p.id >= :first and p.id <= :last"
        + except.formatted("p.id")
        + "),\n"
        + "le as (select contact_id, dimension, points, validity,"
        + " source_event_id like 'profile:%' as prof,"
        + " extract(epoch from (:now - occurred_at)) as age,"
        + " substring(validity from 'P([0-9]+)D')::numeric * 86400 as len"
        + " from score_ledger where table_version = :v and contact_id >= :first"
        + " and contact_id <= :last"
        + except.formatted("contact_id")
        + "),\n"
        + "lf as (select l.*, case when l.validity = 'forever' then 1.0::float8"
        + " when l.validity like 'half-life %' then"
        + " power(0.5::float8, greatest(0, floor(l.age))::float8 / l.len::float8)"
        + " when l.age < l.len then 1.0::float8 else 0.0::float8 end as factor from le l),\n"
        + "dim as (select contact_id, dimension, sum(points * factor) as s from lf"
        + " where not (prof and factor = 0) group by contact_id, dimension),\n"
        + "recent as (select l.contact_id, count(*) filter (where greatest(0::float8, "
        + age
        + ") "
        + plan.recentOp
        + " "
        + plan.recentBound
        + ") as n from lf l where not l.prof and l.factor > 0 and l.points > 0 and "
        + age
        + " <= 90 group by l.contact_id),\n"
        + "d as (select pr.id as contact_id"
        + dims
        + " from pr left join dim on dim.contact_id = pr.id group by pr.id),\n"
        + "t as (select d.contact_id, "
        + json
        + " as dims, round(round(("
        + exact
        + ")::text::numeric, 6), 0)::int as total, coalesce(r.n, 0)::int as recent"
        + " from d left join recent r on r.contact_id = d.contact_id),\n"
        + "q as (select t.*, o.contact_id is not null as had, coalesce(o.mql, false) as was,"
        + " o.mql_since as old_since, o.total as old_total, o.mql as old_mql,"
        + " o.table_version as old_v, o.dimensions as old_dims"
        + " from t left join contact_score o on o.contact_id = t.contact_id),\n"
        + "m as materialized (select q.*, "
        + plan.mql
        + " as mql, "
        + plan.reason
        + " as reason from q),\n"
        + "w as (insert into contact_score (contact_id, table_version, total, dimensions, mql,"
        + " mql_since, updated_at) select contact_id, :v, total, dims, mql,"
        + " case when mql then (case when was then old_since else :now end) end, :now from m"
        + " where not had or old_total <> total or old_mql <> mql or old_v <> :v"
        + " or old_dims::jsonb <> dims::jsonb"
        + " on conflict (contact_id) do update set table_version = excluded.table_version,"
        + " total = excluded.total, dimensions = excluded.dimensions, mql = excluded.mql,"
        + " mql_since = excluded.mql_since, updated_at = excluded.updated_at returning 1)\n"
        + "select contact_id, total, reason from m where mql and not was order by contact_id";
  }

  private boolean postgres() {
    Boolean pg = postgres;
    if (pg == null) {
      pg = Databases.isPostgres(jdbc.getJdbcTemplate());
      postgres = pg;
    }
    return pg;
  }
}
