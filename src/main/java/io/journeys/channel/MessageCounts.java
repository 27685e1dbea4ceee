package io.journeys.channel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@link SentMessageCounts} in grouped queries over the message table (deliveries by {@code
 * sent_at}, verdicts by {@code created_at}).
 */
@Repository
class MessageCounts implements SentMessageCounts {

  /**
   * The class of a verdict's reason, from the detail the send rules write on the row (docs "Send
   * rules"): the reason without its particulars (which cap, until when, which address). Sent
   * messages have a class only when the rules changed their channel. {@code analytics.ReasonClass}
   * classifies a single status change the same way.
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

  private final NamedParameterJdbcTemplate jdbc;

  MessageCounts(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<ChannelSends> sentByChannel(
      Collection<String> journeyKeys, Instant from, Instant to) {
    if (journeyKeys.isEmpty()) {
      return List.of();
    }
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("keys", List.copyOf(journeyKeys))
            .addValue("from", from.atOffset(ZoneOffset.UTC))
            .addValue("to", to.atOffset(ZoneOffset.UTC));
    Map<String, long[]> counts = new TreeMap<>();
    jdbc.query(
        "select channel, status, count(*) as n from message"
            + " where journey_key in (:keys) and status in ('SENT', 'SANDBOX')"
            + " and sent_at >= :from and sent_at < :to group by channel, status",
        params,
        rs -> {
          long[] pair = counts.computeIfAbsent(rs.getString("channel"), c -> new long[2]);
          pair["SENT".equals(rs.getString("status")) ? 0 : 1] += rs.getLong("n");
        });
    List<ChannelSends> result = new ArrayList<>();
    counts.forEach((channel, n) -> result.add(new ChannelSends(channel, n[0], n[1])));
    return result;
  }

  @Override
  public List<VerdictGroup> verdicts(
      Instant from, Instant to, JourneyFilter filter, String journeyKey) {
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("from", from.atOffset(ZoneOffset.UTC))
            .addValue("to", to.atOffset(ZoneOffset.UTC))
            .addValue("journey", journeyKey);
    String ofJourney =
        switch (filter) {
          case ALL -> "";
          case ONE -> " and m.journey_key = :journey";
          case NONE -> " and m.journey_key is null";
        };
    String sql =
        "select g.journey, g.channel, g.template, g.status, g.reason, count(*) as n"
            + " from (select m.journey_key as journey, m.channel, m.template, m.status, "
            + REASON_CLASS
            + " as reason"
            + " from message m where m.created_at >= :from and m.created_at < :to"
            + ofJourney
            + ") g group by g.journey, g.channel, g.template, g.status, g.reason"
            + " order by g.journey nulls first, g.channel, g.template, g.status, g.reason";
    return jdbc.query(
        sql,
        params,
        (rs, i) ->
            new VerdictGroup(
                rs.getString("journey"),
                rs.getString("channel"),
                rs.getString("template"),
                rs.getString("status"),
                rs.getString("reason"),
                rs.getLong("n")));
  }
}
