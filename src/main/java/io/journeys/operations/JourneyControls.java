package io.journeys.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.operations.Control.OnMaxPause;
import io.journeys.operations.Control.Rollout;
import io.journeys.operations.Control.State;
import io.journeys.operations.Control.TimerPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code journey_control} table. Every method joins the caller's transaction. */
@Repository
class JourneyControls {

  private static final String COLUMNS =
      "process_key, state, state_before_pause, paused_at,"
          + " timer_policy, max_pause, on_max_pause, rollout_percent, rollout_attribute,"
          + " rollout_values, rollout_segment, updated_at";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;

  JourneyControls(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Control> find(String processKey) {
    return jdbc
        .query(
            "select " + COLUMNS + " from journey_control where process_key = ?",
            JourneyControls::row,
            processKey)
        .stream()
        .findFirst();
  }

  /** The journey's control, locked until the end of the transaction (created when missing). */
  Control lock(String processKey, Instant now) {
    if (jdbc.update(
            "update journey_control set updated_at = updated_at where process_key = ?", processKey)
        == 0) {
      try {
        jdbc.update(
            "insert into journey_control (process_key, state, updated_at) values (?, ?, ?)",
            processKey,
            State.RUNNING.name(),
            Timestamp.from(now));
      } catch (org.springframework.dao.DuplicateKeyException concurrent) {
        jdbc.update(
            "update journey_control set updated_at = updated_at where process_key = ?", processKey);
      }
    }
    return find(processKey).orElseThrow();
  }

  List<Control> all() {
    return jdbc.query("select " + COLUMNS + " from journey_control", JourneyControls::row);
  }

  List<Control> paused() {
    return jdbc.query(
        "select " + COLUMNS + " from journey_control where state = 'PAUSED'", JourneyControls::row);
  }

  void save(Control c, Instant now) {
    jdbc.update(
        "update journey_control set state = ?, state_before_pause = ?, paused_at = ?,"
            + " timer_policy = ?, max_pause = ?, on_max_pause = ?, rollout_percent = ?,"
            + " rollout_attribute = ?, rollout_values = ?, rollout_segment = ?, updated_at = ?"
            + " where process_key = ?",
        c.state().name(),
        name(c.stateBeforePause()),
        c.pausedAt() == null ? null : Timestamp.from(c.pausedAt()),
        name(c.timerPolicy()),
        c.maxPause() == null ? null : c.maxPause().toString(),
        name(c.onMaxPause()),
        c.rollout().percent(),
        c.rollout().attribute(),
        c.rollout().attribute() == null ? null : json(c.rollout().values()),
        c.rollout().segment(),
        Timestamp.from(now),
        c.processKey());
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Control row(ResultSet rs, int n) throws SQLException {
    String values = rs.getString("rollout_values");
    List<String> list;
    try {
      list =
          values == null ? List.of() : JSON.readValue(values, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable rollout_values", e);
    }
    Timestamp pausedAt = rs.getTimestamp("paused_at");
    Timestamp updatedAt = rs.getTimestamp("updated_at");
    String maxPause = rs.getString("max_pause");
    return new Control(
        rs.getString("process_key"),
        State.valueOf(rs.getString("state")),
        valueOf(State.class, rs.getString("state_before_pause")),
        pausedAt == null ? null : pausedAt.toInstant(),
        valueOf(TimerPolicy.class, rs.getString("timer_policy")),
        maxPause == null ? null : Duration.parse(maxPause),
        valueOf(OnMaxPause.class, rs.getString("on_max_pause")),
        new Rollout(
            rs.getBigDecimal("rollout_percent"),
            rs.getString("rollout_attribute"),
            list,
            rs.getString("rollout_segment")),
        updatedAt == null ? null : updatedAt.toInstant());
  }

  private static <E extends Enum<E>> E valueOf(Class<E> type, String name) {
    return name == null ? null : Enum.valueOf(type, name);
  }
}
