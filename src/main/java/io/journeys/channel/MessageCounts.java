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

/** {@link SentMessageCounts} in one grouped query over the message table (by {@code sent_at}). */
@Repository
class MessageCounts implements SentMessageCounts {

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
}
