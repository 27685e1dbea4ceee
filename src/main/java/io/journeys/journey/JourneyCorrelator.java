package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.VAR_CONTACT_ID;
import static io.journeys.journey.JourneyConstants.VAR_SOURCE;
import static io.journeys.journey.JourneyConstants.VAR_TRIGGER_EVENT_ID;

import io.journeys.config.EngineClock;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import io.journeys.journey.RunningInstances.Running;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns stored events into BPMN messages (message name = event type, docs/contract.md §4),
 * synchronously inside the transaction that stores the event, so an event and its effect on
 * journeys commit or roll back together.
 *
 * <ul>
 *   <li>Waiting instances: {@code email.opened} / {@code email.clicked} go only to the instance
 *       that sent the message ({@link MessageLookup}); every other type goes to each waiting
 *       instance of the contact (business key) subscribed to a message of that name.
 *   <li>An event that reaches no waiting execution although a running journey of the contact has a
 *       catch event for it (the journey is still busy, e.g. in the transaction that sends the email
 *       whose pixel was just loaded) is kept in {@link CorrelationRetries} and correlated again for
 *       a while, so it is not lost.
 *   <li>Starts: a journey whose message start event is named by the type is started for the contact
 *       (business key = contact id), unless the contact already has a running instance of that
 *       journey or entered it within the re-entry window ({@link EntryRule}; the entry is recorded
 *       in this transaction, so it is exact across nodes and gone when the start rolls back). A
 *       refused start is no error: the event stays stored.
 * </ul>
 *
 * Correlation uses only indexed keys: the contact's process instances by business key ({@link
 * RunningInstances}), then the waiting executions of each instance by its id; a contact without
 * running instances costs one small query. The engine's own correlation by business key joins every
 * execution with its subscriptions and, on a plan made while {@code ACT_RU_EXECUTION} was small,
 * scans that table once per execution (docs/benchmarks.md). The journeys a message starts are
 * looked up once per transaction, i.e. per batch of events ({@link StartDefinitions}), never cached
 * per node: a deployment through the engine REST API on one node would leave the other nodes'
 * caches stale.
 *
 * <p>A {@link JourneyGate} (operations) may hold or refuse a start, and keeps the events that a
 * suspended (paused) instance waits for, which the engine would drop; it gives them back through
 * {@link JourneyReplay}.
 */
@Component
class JourneyCorrelator implements JourneyReplay {

  private static final Logger log = LoggerFactory.getLogger(JourneyCorrelator.class);
  static final String PROP_MESSAGE_ID = "messageId";

  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final MessageLookup messages;
  private final CorrelationRetries retries;
  private final EntryRule entries;
  private final StartDefinitions startDefinitions;
  private final RunningInstances instances;
  private final JourneyGate gate;
  private final Map<String, Set<String>> caughtMessagesByDefinition = new ConcurrentHashMap<>();

  JourneyCorrelator(
      RuntimeService runtime,
      RepositoryService repository,
      MessageLookup messages,
      CorrelationRetries retries,
      EntryRule entries,
      JdbcTemplate jdbc) {
    this(runtime, repository, messages, retries, entries, jdbc, "", JourneyGate.OPEN);
  }

  /**
   * @param tablePrefix the engine's table prefix ({@code camunda.bpm.database.table-prefix})
   */
  @Autowired
  JourneyCorrelator(
      RuntimeService runtime,
      RepositoryService repository,
      MessageLookup messages,
      CorrelationRetries retries,
      EntryRule entries,
      JdbcTemplate jdbc,
      @Value("${camunda.bpm.database.table-prefix:}") String tablePrefix,
      ObjectProvider<JourneyGate> gates) {
    this(
        runtime,
        repository,
        messages,
        retries,
        entries,
        jdbc,
        tablePrefix,
        gates.getIfAvailable(() -> JourneyGate.OPEN));
  }

  JourneyCorrelator(
      RuntimeService runtime,
      RepositoryService repository,
      MessageLookup messages,
      CorrelationRetries retries,
      EntryRule entries,
      JdbcTemplate jdbc,
      String tablePrefix,
      JourneyGate gate) {
    this.gate = gate;
    this.runtime = runtime;
    this.repository = repository;
    this.messages = messages;
    this.retries = retries;
    this.entries = entries;
    this.startDefinitions = new StartDefinitions(repository);
    this.instances = new RunningInstances(jdbc, tablePrefix);
  }

  @EventListener
  void on(StoredEvent event) {
    correlateToWaitingInstances(event);
    startJourneys(event);
  }

  private void correlateToWaitingInstances(StoredEvent event) {
    String instance = null;
    List<Running> running;
    if (isTrackingEvent(event.type())) {
      Optional<String> sender = sendingInstance(event);
      if (sender.isEmpty()) {
        return;
      }
      instance = sender.get();
      running = instances.withId(instance);
    } else {
      running = instances.ofContact(event.contactId());
    }
    running = deliverable(event, running);
    if (running.isEmpty()) {
      return;
    }
    if (correlateWaiting(event.type(), ids(running)) == 0 && awaited(running, event.type())) {
      // a running journey expects this message but is not waiting for it yet (e.g. the open of an
      // email whose sending transaction has not committed): keep the event and try again
      retries.later(event, instance);
    }
  }

  /**
   * Delivers a message to the executions waiting for it: those of one process instance when {@code
   * processInstanceId} is given, else those of the contact's instances.
   *
   * @return how many executions it reached
   */
  int correlateWaiting(String type, String contactId, String processInstanceId) {
    return correlateWaiting(
        type,
        processInstanceId != null
            ? List.of(processInstanceId)
            : ids(instances.ofContact(contactId)));
  }

  /**
   * Whether an instance that a retry of this message aims at is suspended (its journey paused) and
   * has a catch event for it: the engine would not deliver it now, and the retry must outlast the
   * pause ({@link CorrelationRetrier}).
   */
  boolean awaitedBySuspended(String type, String contactId, String processInstanceId) {
    List<Running> running =
        processInstanceId != null
            ? instances.withId(processInstanceId)
            : instances.ofContact(contactId);
    return running.stream()
        .anyMatch(pi -> pi.suspended() && caughtMessages(pi.processDefinitionId()).contains(type));
  }

  /**
   * Delivers a message to the executions of these process instances waiting for it, one instance at
   * a time: the engine's query by instance id goes by the index on {@code PROC_INST_ID_}, where its
   * query by business key joins all executions with their subscriptions (README "Segments"). A
   * contact without running instances costs no correlation at all.
   */
  private int correlateWaiting(String type, List<String> processInstanceIds) {
    int reached = 0;
    for (String processInstanceId : processInstanceIds) {
      reached +=
          executionsOnly(type).processInstanceId(processInstanceId).correlateAllWithResult().size();
    }
    if (reached > 0) {
      log.debug("{} reached {} waiting execution(s)", type, reached);
    }
    return reached;
  }

  /**
   * The active instances; an event that a suspended instance waits for goes to the gate, as the
   * engine would drop it.
   */
  private List<Running> deliverable(StoredEvent event, List<Running> running) {
    if (running.stream().noneMatch(Running::suspended)) {
      return running;
    }
    List<Running> active = new ArrayList<>();
    for (Running pi : running) {
      if (!pi.suspended()) {
        active.add(pi);
      } else if (caughtMessages(pi.processDefinitionId()).contains(event.type())
          && !gate.holdForSuspended(
              repository.getProcessDefinition(pi.processDefinitionId()).getKey(), pi.id(), event)) {
        log.info(
            "event {} ({}) reaches no suspended instance {}", event.id(), event.type(), pi.id());
      }
    }
    return active;
  }

  @Override
  public int deliver(String processInstanceId, StoredEvent event) {
    return correlateWaiting(event.type(), List.of(processInstanceId));
  }

  /** Whether one of these running instances has a catch event for it. */
  private boolean awaited(List<Running> running, String type) {
    return running.stream().anyMatch(pi -> caughtMessages(pi.processDefinitionId()).contains(type));
  }

  private static List<String> ids(List<Running> running) {
    return running.stream().map(Running::id).toList();
  }

  /**
   * Message names a journey waits for after its start (catch events, boundary, event subprocesses).
   */
  private Set<String> caughtMessages(String processDefinitionId) {
    return caughtMessagesByDefinition.computeIfAbsent(
        processDefinitionId,
        id -> {
          BpmnModelInstance model = repository.getBpmnModelInstance(id);
          Set<String> names = new HashSet<>();
          for (MessageEventDefinition definition :
              model.getModelElementsByType(MessageEventDefinition.class)) {
            boolean processStart =
                definition.getParentElement() instanceof StartEvent start
                    && start.getParentElement() instanceof Process;
            if (!processStart && definition.getMessage() != null) {
              names.add(definition.getMessage().getName());
            }
          }
          return Set.copyOf(names);
        });
  }

  /** The instance that sent the opened or clicked message, if it is known. */
  private Optional<String> sendingInstance(StoredEvent event) {
    Object messageId = event.properties() == null ? null : event.properties().get(PROP_MESSAGE_ID);
    if (messageId == null) {
      log.debug(
          "event {} ({}) names no messageId; no journey to route it to", event.id(), event.type());
      return Optional.empty();
    }
    return messages
        .find(messageId.toString())
        // the message must be one sent to this event's contact (a forged or mistaken messageId
        // would move another contact's journey on; finding 12)
        .filter(sent -> event.contactId().equals(sent.contactId()))
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
    for (ProcessDefinition journey : startDefinitions.startedBy(event.type())) {
      start(journey, event);
    }
  }

  @Override
  public boolean start(String processKey, StoredEvent event) {
    ProcessDefinition journey =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(processKey)
            .latestVersion()
            .active()
            .singleResult();
    return journey != null && start(journey, event);
  }

  private boolean start(ProcessDefinition journey, StoredEvent event) {
    if (hasRunningInstance(journey.getKey(), event.contactId())) {
      log.debug(
          "contact {} is already in journey {}; event {} starts no second instance",
          event.contactId(),
          journey.getKey(),
          event.id());
      return false;
    }
    if (!gate.mayStart(journey.getKey(), event)) {
      return false;
    }
    if (!entries.mayEnter(event.contactId(), journey.getKey(), EngineClock.now())) {
      log.info(
          "event {} ({}) starts no {}: the contact entered it within the re-entry window",
          event.id(),
          event.type(),
          journey.getKey());
      return false;
    }
    runtime
        .createMessageCorrelation(event.type())
        .processDefinitionId(journey.getId())
        .processInstanceBusinessKey(event.contactId())
        .setVariables(startVariables(event))
        .correlateStartMessage();
    return true;
  }

  private boolean hasRunningInstance(String processKey, String contactId) {
    return runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(processKey)
            .processInstanceBusinessKey(contactId)
            .count()
        > 0;
  }

  static Map<String, Object> startVariables(StoredEvent event) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_CONTACT_ID, event.contactId());
    variables.put(VAR_TRIGGER_EVENT_ID, event.id());
    Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
    Object source =
        properties.get("source") != null ? properties.get("source") : properties.get("formId");
    if (source != null) {
      variables.put(VAR_SOURCE, source.toString());
    }
    return variables;
  }

  private static boolean isTrackingEvent(String type) {
    return EventTypes.EMAIL_OPENED.equals(type) || EventTypes.EMAIL_CLICKED.equals(type);
  }
}
