package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.VAR_CONTACT_ID;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.event.EventHistory;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * "Read contact" task: copies what the gateways and messages after it need into plain process
 * variables, read through the contact and event features' published APIs at the moment the task
 * runs (engine clock): {@code tags} (list), {@code lifecycleStage}, {@code score}, {@code
 * ordersHalfYear} (orders in the last 180 days), {@code ordersTotal}, {@code productViewSeconds}
 * (seconds on product pages in the last 24 hours, from the {@code durationSeconds} of {@code
 * product.viewed}), {@code watchedProducts} (up to 3 products the contact viewed or added to the
 * cart in the last 180 days, newest first) and {@code bestChannel} ({@link BestChannel}), and
 * {@code mql} ({@link LeadQualification}: the contact is a marketing-qualified lead now). An
 * unknown contact reads as empty.
 */
@Component("readContactDelegate")
class ReadContactDelegate implements JavaDelegate {

  static final Duration HALF_YEAR = Duration.ofDays(180);
  static final Duration BROWSING = Duration.ofHours(24);
  static final int WATCHED_PRODUCTS = 3;

  private final ContactDirectory contacts;
  private final EventHistory events;
  private final LeadQualification qualification;

  @Autowired
  ReadContactDelegate(
      ContactDirectory contacts,
      EventHistory events,
      ObjectProvider<LeadQualification> qualification) {
    this(contacts, events, qualification.getIfAvailable(() -> contactId -> false));
  }

  ReadContactDelegate(
      ContactDirectory contacts, EventHistory events, LeadQualification qualification) {
    this.contacts = contacts;
    this.events = events;
    this.qualification = qualification;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object id = execution.getVariable(VAR_CONTACT_ID);
    if (id == null) {
      throw new IllegalStateException(
          "'"
              + VAR_CONTACT_ID
              + "' is missing at "
              + execution.getCurrentActivityId()
              + " of "
              + execution.getProcessDefinitionId());
    }
    execution.setVariables(read(id.toString(), EngineClock.now()));
  }

  Map<String, Object> read(String contactId, Instant now) {
    ContactView contact = contacts.find(contactId).orElse(null);
    Map<String, Object> variables = new HashMap<>();
    variables.put(
        JourneyConstants.VAR_TAGS,
        contact == null || contact.tags() == null
            ? new ArrayList<String>()
            : new ArrayList<>(contact.tags().stream().sorted().toList()));
    variables.put(
        JourneyConstants.VAR_LIFECYCLE_STAGE, contact == null ? null : contact.lifecycleStage());
    variables.put(JourneyConstants.VAR_SCORE, contact == null ? 0 : contact.score());
    variables.put(
        JourneyConstants.VAR_MQL, contact != null && qualification.isQualified(contactId));
    variables.put(
        JourneyConstants.VAR_ORDERS_HALF_YEAR,
        events.count(contactId, EventTypes.ORDER_PLACED, now.minus(HALF_YEAR)));
    variables.put(
        JourneyConstants.VAR_ORDERS_TOTAL,
        events.count(contactId, EventTypes.ORDER_PLACED, Instant.EPOCH));
    variables.put(
        JourneyConstants.VAR_PRODUCT_VIEW_SECONDS, viewSeconds(contactId, now.minus(BROWSING)));
    variables.put(
        JourneyConstants.VAR_WATCHED_PRODUCTS, watchedProducts(contactId, now.minus(HALF_YEAR)));
    variables.put(
        JourneyConstants.VAR_BEST_CHANNEL, contact == null ? "email" : BestChannel.of(contact));
    return variables;
  }

  private long viewSeconds(String contactId, Instant since) {
    long seconds = 0;
    for (StoredEvent view : events.since(contactId, EventTypes.PRODUCT_VIEWED, since, 500)) {
      Object duration = view.properties().get("durationSeconds");
      if (duration instanceof Number number && number.longValue() > 0) {
        seconds += number.longValue();
      }
    }
    return seconds;
  }

  private ArrayList<String> watchedProducts(String contactId, Instant since) {
    List<StoredEvent> interest = new ArrayList<>();
    interest.addAll(events.since(contactId, EventTypes.PRODUCT_VIEWED, since, 20));
    interest.addAll(events.since(contactId, EventTypes.CART_ADDED, since, 20));
    interest.sort((a, b) -> b.occurredAt().compareTo(a.occurredAt()));
    Set<String> products = new LinkedHashSet<>();
    for (StoredEvent event : interest) {
      Object name =
          event.properties().getOrDefault("productName", event.properties().get("productId"));
      if (name != null && !name.toString().isBlank()) {
        products.add(name.toString());
      }
      if (products.size() == WATCHED_PRODUCTS) {
        break;
      }
    }
    return new ArrayList<>(products);
  }
}
