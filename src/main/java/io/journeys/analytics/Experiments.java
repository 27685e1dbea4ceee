package io.journeys.analytics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Experiment arms: deterministic and sticky. A contact's bucket in an experiment is {@code
 * SHA-256(experimentKey + ":" + contactId)}, its first 8 bytes as an unsigned number, modulo
 * 10,000; the arms take consecutive ranges of buckets by their percentage, in the order given. The
 * first assignment is recorded ({@code analytics_assignment}) and wins from then on, also when the
 * percentages change later (a contact never changes arm).
 */
@Repository
class Experiments {

  static final int BUCKETS = 10_000;
  private static final Pattern ARM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

  private final JdbcTemplate jdbc;
  private final FlowStore flows;

  Experiments(JdbcTemplate jdbc, FlowStore flows) {
    this.jdbc = jdbc;
    this.flows = flows;
  }

  /**
   * The arm of {@code contactId} in {@code experiment}: the recorded one, else the one of its
   * bucket, recorded now for this journey entry.
   */
  String assign(
      String experiment,
      String contactId,
      Map<String, Integer> arms,
      String journey,
      String instanceId,
      Instant at) {
    return assign(experiment, contactId, arms, journey, instanceId, at, false);
  }

  /**
   * The arm {@code contactId} has or would get in {@code experiment}, recording nothing (a trial
   * run).
   */
  String peek(String experiment, String contactId, Map<String, Integer> arms) {
    List<String> recorded =
        jdbc.queryForList(
            "select arm from analytics_assignment where experiment_key = ? and contact_id = ?",
            String.class,
            experiment,
            contactId);
    return recorded.isEmpty() ? arm(bucket(experiment, contactId), arms) : recorded.get(0);
  }

  /**
   * As above; with {@code routeToWinner}, a contact not assigned yet goes to the experiment's
   * winner once there is one ({@link ExperimentStats#winner}), recorded as routed (left out of the
   * statistics).
   */
  String assign(
      String experiment,
      String contactId,
      Map<String, Integer> arms,
      String journey,
      String instanceId,
      Instant at,
      boolean routeToWinner) {
    List<String> recorded =
        jdbc.queryForList(
            "select arm from analytics_assignment" + " where experiment_key = ? and contact_id = ?",
            String.class,
            experiment,
            contactId);
    String arm;
    if (recorded.isEmpty()) {
      String winner = null;
      if (routeToWinner) {
        List<ExperimentStats.Arm> stats = arms(experiment);
        winner = ExperimentStats.winner(stats, ExperimentStats.test(stats));
      }
      arm = winner != null ? winner : arm(bucket(experiment, contactId), arms);
      jdbc.update(
          "insert into analytics_assignment (experiment_key, contact_id, arm,"
              + " journey_key, process_instance_id, assigned_at, routed)"
              + " values (?, ?, ?, ?, ?, ?, ?)",
          experiment,
          contactId,
          arm,
          journey,
          instanceId,
          Timestamp.from(at),
          winner != null);
    } else {
      arm = recorded.get(0);
      jdbc.update(
          "update analytics_assignment set journey_key = ?, process_instance_id = ?"
              + " where experiment_key = ? and contact_id = ?",
          journey,
          instanceId,
          experiment,
          contactId);
    }
    flows.arm(instanceId, arm);
    return arm;
  }

  /**
   * Per arm: the contacts assigned at random and those whose entry in that arm reached the
   * journey's goal.
   */
  List<ExperimentStats.Arm> arms(String experiment) {
    return jdbc.query(
        "select a.arm, count(*), sum(case when exists"
            + " (select 1 from analytics_entry e where e.contact_id = a.contact_id"
            + " and e.journey_key = a.journey_key and e.arm = a.arm"
            + " and e.converted_at is not null) then 1 else 0 end)"
            + " from analytics_assignment a where a.experiment_key = ? and a.routed = false"
            + " group by a.arm order by a.arm",
        (rs, i) -> new ExperimentStats.Arm(rs.getString(1), rs.getLong(2), rs.getLong(3)),
        experiment);
  }

  /** Contacts routed to the winner. */
  long routed(String experiment) {
    return jdbc.queryForObject(
        "select count(*) from analytics_assignment" + " where experiment_key = ? and routed = true",
        Long.class,
        experiment);
  }

  static int bucket(String experiment, String contactId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((experiment + ":" + contactId).getBytes(StandardCharsets.UTF_8));
      return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), BUCKETS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String arm(int bucket, Map<String, Integer> arms) {
    int upTo = 0;
    for (Map.Entry<String, Integer> arm : arms.entrySet()) {
      upTo += arm.getValue() * (BUCKETS / 100);
      if (bucket < upTo) {
        return arm.getKey();
      }
    }
    throw new IllegalArgumentException("arms do not cover 100 %");
  }

  /**
   * Parses {@code "control:50, variant:50"}: names (letters, digits, _ -) with whole percentages
   * that sum to 100; at least two arms.
   */
  static Map<String, Integer> parseArms(String text) {
    Map<String, Integer> arms = new LinkedHashMap<>();
    int sum = 0;
    for (String part : text == null ? new String[0] : text.split(",")) {
      String[] pair = part.trim().split(":");
      if (pair.length != 2 || !ARM.matcher(pair[0].trim()).matches()) {
        throw new IllegalArgumentException(
            "arms: 'name:percent, name:percent', got '" + text + "'");
      }
      int percent = Integer.parseInt(pair[1].trim());
      if (percent < 0 || arms.put(pair[0].trim(), percent) != null) {
        throw new IllegalArgumentException("arms: each arm once, percentages 0-100");
      }
      sum += percent;
    }
    if (arms.size() < 2 || sum != 100) {
      throw new IllegalArgumentException(
          "arms: at least two, percentages summing to 100, got '" + text + "'");
    }
    return arms;
  }
}
