package io.journeys.campaign;

import io.journeys.channel.SentMessageCounts;
import io.journeys.event.EventHistory;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gathers a campaign's figures from their owners and computes {@link CampaignResults}: entries from
 * the engine's history (instances of the linked journeys started in the period; the business key is
 * the contact), deliveries from {@link SentMessageCounts}, orders from {@link EventHistory}. The
 * revenue rule (an order of an entered contact, at or after their first entry, within the period)
 * is the simple first one; analytics' attribution may replace it.
 */
@Service
class CampaignFigures {

  private static final int PAGE = 1000;

  private final HistoryService history;
  private final SentMessageCounts sends;
  private final EventHistory events;

  private final boolean priceSandbox;

  CampaignFigures(
      HistoryService history,
      SentMessageCounts sends,
      EventHistory events,
      @org.springframework.beans.factory.annotation.Value(
              "${journeys.campaigns.price-sandbox:false}")
          boolean priceSandbox) {
    this.history = history;
    this.sends = sends;
    this.events = events;
    this.priceSandbox = priceSandbox;
  }

  /** Whether sandbox sends are priced as if sent (the embedded demo only). */
  boolean pricesSandbox() {
    return priceSandbox;
  }

  @Transactional(readOnly = true)
  CampaignResults results(Campaign campaign) {
    ZoneId zone = ZoneId.of(campaign.timezone());
    Instant from = campaign.startsOn().atStartOfDay(zone).toInstant();
    Instant to = campaign.endsOn().plusDays(1).atStartOfDay(zone).toInstant();
    Map<String, Instant> entries = firstEntries(campaign.journeys(), from, to);
    return CampaignResults.compute(
        campaign,
        from,
        to,
        sends.sentByChannel(campaign.journeys(), from, to),
        entries,
        entries.isEmpty()
            ? List.of()
            : events.find(CampaignResults.ORDER_PLACED, entries.keySet(), from, to),
        priceSandbox);
  }

  /** Each contact who entered one of the journeys in {@code [from, to)}, and when first. */
  private Map<String, Instant> firstEntries(List<String> journeys, Instant from, Instant to) {
    Map<String, Instant> first = new HashMap<>();
    if (journeys.isEmpty()) {
      return first;
    }
    var query =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKeyIn(journeys.toArray(String[]::new))
            .startedAfter(Date.from(from.minusMillis(1)))
            .startedBefore(Date.from(to))
            .orderByProcessInstanceStartTime()
            .asc();
    for (int offset = 0; ; offset += PAGE) {
      List<HistoricProcessInstance> page = query.listPage(offset, PAGE);
      for (HistoricProcessInstance instance : page) {
        Instant started = instance.getStartTime().toInstant();
        if (instance.getBusinessKey() != null && !started.isBefore(from) && started.isBefore(to)) {
          first.merge(instance.getBusinessKey(), started, (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      if (page.size() < PAGE) {
        return first;
      }
    }
  }
}
