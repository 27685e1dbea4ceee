package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.VAR_CONTACT_ID;
import static io.journeys.journey.JourneyConstants.VAR_SOURCE;
import static io.journeys.journey.JourneyConstants.VAR_TRIGGER_EVENT_ID;

import io.journeys.channel.MessageLookup;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns stored events into BPMN messages (message name = event type, CONTRACT.md §4), synchronously
 * inside the transaction that stores the event, so an event and its effect on journeys commit or
 * roll back together.
 *
 * <ul>
 *   <li>Waiting instances: {@code email.opened} / {@code email.clicked} go only to the instance
 *       that sent the message ({@link MessageLookup}); every other type goes to each waiting
 *       instance of the contact (business key) subscribed to a message of that name.
 *   <li>Starts: a journey whose message start event is named by the type is started for the
 *       contact (business key = contact id), unless the contact already has a running instance of
 *       that journey. Re-entry rules (windows, cool-downs) come with issue 5.
 * </ul>
 *
 * Correlation uses only indexed keys (message name, business key, process instance id).
 */
@Component
class JourneyCorrelator {

  private static final Logger log = LoggerFactory.getLogger(JourneyCorrelator.class);
  static final String PROP_MESSAGE_ID = "messageId";

  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final MessageLookup messages;

  JourneyCorrelator(RuntimeService runtime, RepositoryService repository, MessageLookup messages) {
    this.runtime = runtime;
    this.repository = repository;
    this.messages = messages;
  }

  @EventListener
  void on(StoredEvent event) {
    correlateToWaitingInstances(event);
    startJourneys(event);
  }

  private void correlateToWaitingInstances(StoredEvent event) {
    if (isTrackingEvent(event.type())) {
      Optional<String> instance = sendingInstance(event);
      instance.ifPresent(id -> correlate(event, executionsOnly(event.type()).processInstanceId(id)));
      return;
    }
    correlate(event, executionsOnly(event.type()).processInstanceBusinessKey(event.contactId()));
  }

  private void correlate(StoredEvent event, MessageCorrelationBuilder correlation) {
    List<MessageCorrelationResult> results = correlation.correlateAllWithResult();
    if (!results.isEmpty()) {
      log.debug("event {} ({}) reached {} waiting execution(s)", event.id(), event.type(), results.size());
    }
  }

  /** The instance that sent the opened or clicked message, if it is known. */
  private Optional<String> sendingInstance(StoredEvent event) {
    Object messageId = event.properties() == null ? null : event.properties().get(PROP_MESSAGE_ID);
    if (messageId == null) {
      log.debug("event {} ({}) names no messageId; no journey to route it to", event.id(), event.type());
      return Optional.empty();
    }
    return messages.find(messageId.toString())
        .map(MessageLookup.SentMessage::processInstanceId)
        .filter(id -> !id.isBlank());
  }

  /**
   * A correlation to waiting executions only. The public builder would also start a journey with a
   * message start event of that name when nothing waits (correlateAll with a business key does),
   * which must go through {@link #startJourneys} and its running-instance check instead.
   */
  private MessageCorrelationBuilder executionsOnly(String messageName) {
    return ((MessageCorrelationBuilderImpl) runtime.createMessageCorrelation(messageName))
        .executionsOnly();
  }

  private void startJourneys(StoredEvent event) {
    List<ProcessDefinition> journeys =
        repository.createProcessDefinitionQuery()
            .messageEventSubscriptionName(event.type())
            .active()
            .list();
    for (ProcessDefinition journey : journeys) {
      if (hasRunningInstance(journey.getKey(), event.contactId())) {
        log.debug("contact {} is already in journey {}; event {} starts no second instance",
            event.contactId(), journey.getKey(), event.id());
        continue;
      }
      runtime.createMessageCorrelation(event.type())
          .processDefinitionId(journey.getId())
          .processInstanceBusinessKey(event.contactId())
          .setVariables(startVariables(event))
          .correlateStartMessage();
    }
  }

  private boolean hasRunningInstance(String processKey, String contactId) {
    return runtime.createProcessInstanceQuery()
        .processDefinitionKey(processKey)
        .processInstanceBusinessKey(contactId)
        .count() > 0;
  }

  static Map<String, Object> startVariables(StoredEvent event) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_CONTACT_ID, event.contactId());
    variables.put(VAR_TRIGGER_EVENT_ID, event.id());
    Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
    Object source = properties.get("source") != null ? properties.get("source") : properties.get("formId");
    if (source != null) {
      variables.put(VAR_SOURCE, source.toString());
    }
    return variables;
  }

  private static boolean isTrackingEvent(String type) {
    return EventTypes.EMAIL_OPENED.equals(type) || EventTypes.EMAIL_CLICKED.equals(type);
  }
}
