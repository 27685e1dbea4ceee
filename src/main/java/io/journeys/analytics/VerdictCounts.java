package io.journeys.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts messages by journey, channel, template, status and reason class in one grouped query over
 * the {@code message} table (by {@code created_at}, the time the step asked to send).
 */
@Repository
class VerdictCounts {

  /** Journey of messages that name none (sent before journeys were recorded, or outside one). */
  static final String UNKNOWN_JOURNEY = "unknown";

  /**
   * The class of a verdict's reason, from the detail the send rules write on the row (README "Send
   * rules"): the reason without its particulars (which cap, until when, which address). Sent
   * messages have a class only when the rules changed their channel.
   */
  static final String REASON_CLASS =
      """
      case
        when m.status in ('SENT', 'SANDBOX') then
          case when m.detail like 'fallback to %' then 'channel fallback' end
        when m.status in ('PENDING', 'QUEUED', 'SENDING', 'FAILED') then null
        when m.status = 'UNCERTAIN' then 'delivery in doubt'
        when m.detail like 'holdout:%' then 'holdout'
        when m.detail like 'contact erased%' then 'contact erased'
        when m.detail like 'journey ended before delivery%' then 'journey ended'
        when m.detail like 'frequency cap %' then 'frequency cap'
        when m.detail like '%quiet hours%' then 'quiet hours'
        when m.detail like 'no consent for %' then 'no consent'
        when m.detail like '% address suppressed (%' then 'address suppressed'
        when m.detail like 'email consent awaiting confirmation%' then 'awaiting double opt-in'
        when m.detail like 'no email consent awaiting confirmation%' then 'nothing to confirm'
        else 'other'
      end""";

  /** One group of messages. */
  record Row(
      String journey, String channel, String template, String status, String reason, long count) {}

  private final JdbcTemplate jdbc;

  VerdictCounts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Groups of messages created in {@code [from, to)}, of one journey when {@code journey} is set
   * ({@link #UNKNOWN_JOURNEY}: messages without a journey).
   */
  @Transactional(readOnly = true)
  List<Row> count(Instant from, Instant to, String journey) {
    String sql =
        "select g.journey, g.channel, g.template, g.status, g.reason, count(*) as n"
            + " from (select coalesce(m.journey_key, '"
            + UNKNOWN_JOURNEY
            + "') as journey,"
            + " m.channel, m.template, m.status, "
            + REASON_CLASS
            + " as reason"
            + " from message m where m.created_at >= ? and m.created_at < ?"
            + (journey == null
                ? ""
                : UNKNOWN_JOURNEY.equals(journey)
                    ? " and m.journey_key is null"
                    : " and m.journey_key = ?")
            + ") g group by g.journey, g.channel, g.template, g.status, g.reason"
            + " order by g.journey, g.channel, g.template, g.status, g.reason";
    List<Object> args =
        new ArrayList<>(List.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)));
    if (journey != null && !UNKNOWN_JOURNEY.equals(journey)) {
      args.add(journey);
    }
    return jdbc.query(
        sql,
        (rs, i) ->
            new Row(
                rs.getString("journey"),
                rs.getString("channel"),
                rs.getString("template"),
                rs.getString("status"),
                rs.getString("reason"),
                rs.getLong("n")),
        args.toArray());
  }
}
