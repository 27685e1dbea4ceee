package io.journeys.analytics;

import io.journeys.channel.SentMessageCounts;
import io.journeys.channel.SentMessageCounts.JourneyFilter;
import io.journeys.channel.SentMessageCounts.VerdictGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Counts messages by journey, channel, template, status and reason class: the channel's grouped
 * query ({@link SentMessageCounts#verdicts}, by {@code created_at}, the time the step asked to
 * send), with messages that name no journey under {@link #UNKNOWN_JOURNEY}.
 */
@Component
class VerdictCounts {

  /** Journey of messages that name none (sent before journeys were recorded, or outside one). */
  static final String UNKNOWN_JOURNEY = "unknown";

  /** One group of messages. */
  record Row(
      String journey, String channel, String template, String status, String reason, long count) {}

  private final SentMessageCounts messages;

  VerdictCounts(SentMessageCounts messages) {
    this.messages = messages;
  }

  /**
   * Groups of messages created in {@code [from, to)}, of one journey when {@code journey} is set
   * ({@link #UNKNOWN_JOURNEY}: messages without a journey), ordered by journey, channel, template,
   * status and reason.
   */
  List<Row> count(Instant from, Instant to, String journey) {
    JourneyFilter filter =
        journey == null
            ? JourneyFilter.ALL
            : UNKNOWN_JOURNEY.equals(journey) ? JourneyFilter.NONE : JourneyFilter.ONE;
    List<Row> rows = new ArrayList<>();
    for (VerdictGroup g : messages.verdicts(from, to, filter, journey)) {
      rows.add(
          new Row(
              g.journeyKey() == null ? UNKNOWN_JOURNEY : g.journeyKey(),
              g.channel(),
              g.template(),
              g.status(),
              g.reason(),
              g.count()));
    }
    rows.sort(Comparator.comparing(Row::journey)); // stable: the query's order within a journey
    return rows;
  }
}
