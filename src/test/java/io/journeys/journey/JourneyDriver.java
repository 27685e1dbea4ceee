package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.RecordingSendPath;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;

/**
 * Drives a journey instance in a process test the way the job executor and the event intake would:
 * executes its due async job, runs a channel task's step and then its dispatch job ({@link #send}),
 * moves the engine clock to a timer and fires it, delivers events through the real {@link
 * JourneyCorrelator}. No job executor, no sleeping.
 */
final class JourneyDriver {

  private final ProcessEngine engine;
  private final JourneyCorrelator correlator;

  /** Event ids unique in the JVM: analytics keeps orders by event id in the shared database. */
  private static final java.util.concurrent.atomic.AtomicInteger EVENTS =
      new java.util.concurrent.atomic.AtomicInteger();

  private java.util.function.Consumer<Object> analytics = e -> {};

  JourneyDriver(ProcessEngine engine, JourneyCorrelator correlator) {
    this.engine = engine;
    this.correlator = correlator;
  }

  /**
   * The usual set-up of a journey's process test: {@link #channel(ProcessEngine, Instant)} and a
   * driver over the real {@link JourneyCorrelator} (with the outbox as its message lookup). Undo it
   * with {@link #stop()}.
   */
  static JourneyDriver start(ProcessEngine engine, Instant now) {
    RecordingSendPath channel = channel(engine, now);
    return new JourneyDriver(
        engine,
        new JourneyCorrelator(
            engine.getRuntimeService(),
            engine.getRepositoryService(),
            channel.lookup(),
            new JourneyTestDoubles.RecordingRetries(),
            JourneyTestDoubles.ALWAYS_ENTER,
            JourneyTestDoubles.jdbc(engine)));
  }

  /**
   * The set-up of {@link #start} without the driver: camunda-bpm-assert bound to the engine, the
   * engine clock at {@code now}, the engine's real send path (cleared) as {@code
   * sendMessageDelegate}.
   */
  static RecordingSendPath channel(ProcessEngine engine, Instant now) {
    BpmnAwareTests.init(engine);
    ClockUtil.setCurrentTime(Date.from(now));
    return sendPath(engine);
  }

  /** The engine's real send path, cleared, registered as {@code sendMessageDelegate}. */
  static RecordingSendPath sendPath(ProcessEngine engine) {
    RecordingSendPath channel = RecordingSendPath.of(engine);
    channel.reset();
    Mocks.register("sendMessageDelegate", channel.delegate());
    return channel;
  }

  /** What the channel delivered: the engine's send path with recording providers. */
  RecordingSendPath channel() {
    return RecordingSendPath.of(engine);
  }

  /** Undoes {@link #start}: assertions, registered doubles and the engine clock. */
  static void stop() {
    BpmnAwareTests.reset();
    Mocks.reset();
    ClockUtil.reset();
  }

  /** Delivers an event of the contact as the event intake would after storing it. */
  void event(String contactId, String type, Map<String, Object> properties) {
    StoredEvent event =
        new StoredEvent(
            "e-" + EVENTS.incrementAndGet(),
            type,
            contactId,
            ClockUtil.getCurrentTime().toInstant(),
            properties);
    analytics.accept(event);
    correlator.on(event);
  }

  /**
   * Also hands every stored event and every message status to analytics (its message lifecycle and
   * goals, {@code analytics.ProcessTestAnalytics#recorder}), as the application publishes them.
   */
  void recordAnalytics(java.util.function.Consumer<Object> recorder) {
    this.analytics = recorder;
    channel().listen(recorder);
  }

  /**
   * The contact adds a product to the cart (one item at 99.0): the start of both cart-abandonment
   * journeys. Returns the instance of {@code processKey}.
   */
  ProcessInstance cartAdded(String processKey, String contactId) {
    event(
        contactId, EventTypes.CART_ADDED, Map.of("productId", "p-1", "quantity", 1, "price", 99.0));
    return instance(processKey, contactId);
  }

  ProcessInstance instance(String processKey, String contactId) {
    return engine
        .getRuntimeService()
        .createProcessInstanceQuery()
        .processDefinitionKey(processKey)
        .processInstanceBusinessKey(contactId)
        .singleResult();
  }

  /**
   * Executes the instance's one async continuation (not a timer), which must not be a channel
   * task's step that queued a message: that is {@link #send}.
   */
  void executeAsyncJob(ProcessInstance pi) {
    Job job = management().createJobQuery().processInstanceId(pi.getId()).messages().singleResult();
    assertThat(job).as("async job of " + pi.getId()).isNotNull();
    management().executeJob(job.getId());
    assertThat(RecordingSendPath.dispatchJobs(management(), pi.getId()))
        .as("a message was queued: drive a channel task with send(pi)")
        .isEmpty();
  }

  /**
   * A channel task as the job executor runs it: executes the instance's one async continuation (the
   * step: send rules, outbox row, the task waits), then the dispatch job it created (the delivery,
   * after which the journey moves on).
   */
  void send(ProcessInstance pi) {
    step(pi);
    dispatch(pi);
  }

  /** The step of a channel task alone: its message is queued and a dispatch job waits. */
  void step(ProcessInstance pi) {
    Job job = management().createJobQuery().processInstanceId(pi.getId()).messages().singleResult();
    assertThat(job).as("async job of " + pi.getId()).isNotNull();
    management().executeJob(job.getId());
  }

  /** Executes the instance's one dispatch job: the delivery of a queued message. */
  void dispatch(ProcessInstance pi) {
    List<Job> dispatch = RecordingSendPath.dispatchJobs(management(), pi.getId());
    assertThat(dispatch).as("dispatch job of " + pi.getId()).hasSize(1);
    management().executeJob(dispatch.get(0).getId());
  }

  /**
   * Checks that the instance's one timer is due {@code after} from now, moves the engine clock
   * there and fires it.
   */
  void fireTimerAfter(ProcessInstance pi, Duration after) {
    Job timer = management().createJobQuery().processInstanceId(pi.getId()).timers().singleResult();
    assertThat(timer).as("timer of " + pi.getId()).isNotNull();
    Date now = ClockUtil.getCurrentTime();
    assertThat(timer.getDuedate()).isEqualTo(Date.from(now.toInstant().plus(after)));
    assertThat(management().createJobQuery().processInstanceId(pi.getId()).executable().count())
        .as("not due before its time")
        .isZero();
    ClockUtil.setCurrentTime(timer.getDuedate());
    management().executeJob(timer.getId());
  }

  private ManagementService management() {
    return engine.getManagementService();
  }
}
