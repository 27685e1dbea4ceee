package io.journeys.analytics;

import io.journeys.config.Databases;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The day rollups ({@code analytics_daily}): counters per UTC day and dimensions. Increments of one
 * transaction are summed in memory and written just before it commits, in one batch. On PostgreSQL
 * they are appended to {@code analytics_daily_pending} (plain inserts: no transaction waits for
 * another's commit on a counter row every transaction of a journey touches) and folded into {@code
 * analytics_daily} by {@link #fold()} every few seconds, in one statement; the reports read both
 * through the view {@code analytics_daily_all}. On H2 (the embedded default) they update the
 * counters at once, in key order. Outside a transaction they are written at once. On PostgreSQL
 * other writers of the transaction ({@link FlowStore}) can hand over their rows as {@link
 * Companion}s: all are written in one statement (data-modifying common table expressions over
 * {@code unnest}ed array parameters), one round trip per transaction.
 */
@Repository
class DailyRollup {

  /** One counter; "" (or version 0) where a dimension does not apply. */
  record Key(
      LocalDate day,
      String journey,
      int version,
      String node,
      String channel,
      String template,
      String arm,
      String metric) {

    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::day)
            .thenComparing(Key::journey)
            .thenComparingInt(Key::version)
            .thenComparing(Key::node)
            .thenComparing(Key::channel)
            .thenComparing(Key::template)
            .thenComparing(Key::arm)
            .thenComparing(Key::metric);

    Key {
      journey = journey == null ? "" : journey;
      node = node == null ? "" : node;
      channel = channel == null ? "" : channel;
      template = template == null ? "" : template;
      arm = arm == null ? "" : arm;
    }

    static LocalDate dayOf(Instant at) {
      return at.atZone(ZoneOffset.UTC).toLocalDate();
    }
  }

  private record Delta(long n, BigDecimal amount) {
    Delta plus(Delta other) {
      return new Delta(n + other.n, amount.add(other.amount));
    }
  }

  private static final String COLUMNS =
      "day_utc, journey_key, journey_version, node_id, channel, template, arm, metric, n, amount";
  private static final String KEY =
      "day_utc, journey_key, journey_version, node_id, channel, template, arm, metric";
  private static final String FOLD =
      "with lock as (select pg_try_advisory_xact_lock(hashtext('analytics_daily_fold')) as got),"
          + " moved as (delete from analytics_daily_pending where (select got from lock)"
          + " returning "
          + COLUMNS
          + ") insert into analytics_daily ("
          + COLUMNS
          + ") select "
          + KEY
          + ", sum(n), sum(amount) from moved group by "
          + KEY
          + " order by "
          + KEY
          + " on conflict ("
          + KEY
          + ") do update set n = analytics_daily.n + excluded.n,"
          + " amount = analytics_daily.amount + excluded.amount";
  private static final String STANDARD =
      "merge into analytics_daily d using (values ("
          + " cast(? as date), cast(? as varchar(255)), cast(? as integer), cast(? as varchar(255)),"
          + " cast(? as varchar(20)), cast(? as varchar(100)), cast(? as varchar(100)),"
          + " cast(? as varchar(20)), cast(? as bigint), cast(? as numeric(19, 4))))"
          + " s("
          + COLUMNS
          + ") on d.day_utc = s.day_utc and d.journey_key = s.journey_key"
          + " and d.journey_version = s.journey_version and d.node_id = s.node_id"
          + " and d.channel = s.channel and d.template = s.template and d.arm = s.arm"
          + " and d.metric = s.metric"
          + " when matched then update set n = d.n + s.n, amount = d.amount + s.amount"
          + " when not matched then insert ("
          + COLUMNS
          + ") values (s.day_utc, s.journey_key,"
          + " s.journey_version, s.node_id, s.channel, s.template, s.arm, s.metric, s.n, s.amount)";

  private final JdbcTemplate jdbc;
  private volatile Boolean postgres;

  DailyRollup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(Key key) {
    add(key, 1, BigDecimal.ZERO);
  }

  void add(Key key, long n, BigDecimal amount) {
    Delta delta = new Delta(n, amount == null ? BigDecimal.ZERO : amount);
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      write(Map.of(key, delta));
      return;
    }
    open().deltas.merge(key, delta, Delta::plus);
  }

  /**
   * This transaction's buffer of increments, registered now if it is not yet (a writer that adds
   * increments from its own before-commit callback opens it first, and is ordered ahead of it).
   * Only inside a transaction.
   */
  Buffer open() {
    for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
      if (s instanceof Buffer b && b.owner == this) {
        return b;
      }
    }
    Buffer buffer = new Buffer(this);
    TransactionSynchronizationManager.registerSynchronization(buffer);
    return buffer;
  }

  private void write(Map<Key, Delta> deltas) {
    write(deltas, List.of());
  }

  /**
   * Writes the increments; on PostgreSQL together with {@code companions} in one statement (each a
   * data-modifying common table expression), in one round trip.
   */
  private void write(Map<Key, Delta> deltas, List<Companion> companions) {
    List<Object[]> rows = new ArrayList<>();
    deltas.forEach(
        (k, d) -> {
          if (d.n() != 0 || d.amount().signum() != 0) {
            rows.add(
                new Object[] {
                  Date.valueOf(k.day()),
                  k.journey(),
                  k.version(),
                  k.node(),
                  k.channel(),
                  k.template(),
                  k.arm(),
                  k.metric(),
                  d.n(),
                  d.amount()
                });
          }
        });
    if (!postgres()) {
      if (!rows.isEmpty()) {
        jdbc.batchUpdate(STANDARD, rows);
      }
      return;
    }
    List<Companion> parts = new ArrayList<>(companions);
    if (!rows.isEmpty()) {
      parts.add(
          new Companion(
              "insert into analytics_daily_pending ("
                  + COLUMNS
                  + ") select * from unnest(cast(? as date[]), cast(? as varchar[]),"
                  + " cast(? as integer[]), cast(? as varchar[]), cast(? as varchar[]),"
                  + " cast(? as varchar[]), cast(? as varchar[]), cast(? as varchar[]),"
                  + " cast(? as bigint[]), cast(? as numeric[]))",
              Companion.column("text", rows, 0, v -> v.toString()),
              Companion.column("varchar", rows, 1),
              Companion.column("int4", rows, 2),
              Companion.column("varchar", rows, 3),
              Companion.column("varchar", rows, 4),
              Companion.column("varchar", rows, 5),
              Companion.column("varchar", rows, 6),
              Companion.column("varchar", rows, 7),
              Companion.column("int8", rows, 8),
              Companion.column("numeric", rows, 9)));
    }
    if (parts.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder();
    List<Companion.Column> args = new ArrayList<>();
    for (int i = 0; i < parts.size() - 1; i++) {
      sql.append(i == 0 ? "with " : ", ").append("w").append(i).append(" as (");
      sql.append(parts.get(i).sql()).append(')');
      args.addAll(parts.get(i).args());
    }
    sql.append(' ').append(parts.get(parts.size() - 1).sql());
    args.addAll(parts.get(parts.size() - 1).args());
    query(sql.toString(), args, null);
  }

  /**
   * Runs {@code sql} (PostgreSQL) with each parameter bound as an array; answers the rows {@code
   * mapper} makes of its result, or none when {@code mapper} is null.
   */
  <T> List<T> query(
      String sql, List<Companion.Column> args, org.springframework.jdbc.core.RowMapper<T> mapper) {
    return jdbc.execute(
        (org.springframework.jdbc.core.ConnectionCallback<List<T>>)
            con -> {
              try (java.sql.PreparedStatement ps = con.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                  Companion.Column c = args.get(i);
                  ps.setArray(i + 1, con.createArrayOf(c.type(), c.values()));
                }
                List<T> rows = new ArrayList<>();
                if (ps.execute() && mapper != null) {
                  try (java.sql.ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                      rows.add(mapper.mapRow(rs, rows.size()));
                    }
                  }
                }
                return rows;
              }
            });
  }

  /**
   * A data-modifying statement written with this transaction's increments, in the same statement
   * (PostgreSQL): its parameters are columns, each bound as an array ({@code unnest} them).
   */
  record Companion(String sql, List<Column> args) {

    Companion(String sql, Column... args) {
      this(sql, List.of(args));
    }

    /** One array parameter: the SQL element type for {@code createArrayOf} and the values. */
    record Column(String type, Object[] values) {}

    /** Column {@code index} of {@code rows} as an array of {@code type}. */
    static Column column(String type, List<Object[]> rows, int index) {
      return column(type, rows, index, v -> v);
    }

    /** As above, each non-null value mapped (e.g. a timestamp to text). */
    static Column column(
        String type,
        List<Object[]> rows,
        int index,
        java.util.function.Function<Object, Object> f) {
      Object[] values = new Object[rows.size()];
      for (int i = 0; i < values.length; i++) {
        Object v = rows.get(i)[index];
        values[i] = v == null ? null : f.apply(v);
      }
      return new Column(type, values);
    }
  }

  /**
   * Runs {@code companion} with this transaction's increments, in one statement before it commits
   * (PostgreSQL only; inside a transaction).
   */
  void alongside(Companion companion) {
    open().companions.add(companion);
  }

  /**
   * Moves the pending increments into the counters (PostgreSQL; nothing to do on H2), in one
   * statement: a report reading {@code analytics_daily_all} meanwhile sees each increment once,
   * before or after. One node at a time (an advisory lock; the others skip). Answers the counter
   * rows written.
   */
  int fold() {
    if (!postgres()) {
      return 0;
    }
    return jdbc.update(FOLD);
  }

  /** Whether the database is PostgreSQL (otherwise H2, in tests); asked once. */
  boolean postgres() {
    Boolean known = postgres;
    if (known == null) {
      known = Databases.isPostgres(jdbc);
      postgres = known;
    }
    return known;
  }

  /**
   * A data-changing statement that answers the changed rows' {@code columns} in one round trip:
   * PostgreSQL's {@code returning}, H2's {@code final table}.
   */
  String returning(String change, String columns) {
    return postgres()
        ? change + " returning " + columns
        : "select " + columns + " from final table (" + change + ")";
  }

  /** The increments of one transaction, written before it commits. */
  static final class Buffer implements TransactionSynchronization {
    private final DailyRollup owner;
    private final Map<Key, Delta> deltas = new TreeMap<>(Key.ORDER);
    private final List<Companion> companions = new ArrayList<>();

    Buffer(DailyRollup owner) {
      this.owner = owner;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      owner.write(deltas, companions);
      deltas.clear();
      companions.clear();
    }
  }
}
