package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
 * executes its due async job, moves the engine clock to a timer and fires it, delivers events
 * through the real {@link JourneyCorrelator}. No job executor, no sleeping.
 */
final class JourneyDriver {

  private final ProcessEngine engine;
  private final JourneyCorrelator correlator;
  private int events;

  JourneyDriver(ProcessEngine engine, JourneyCorrelator correlator) {
    this.engine = engine;
    this.correlator = correlator;
  }

  /**
   * The usual set-up of a journey's process test: camunda-bpm-assert bound to the test's engine,
   * the engine clock at {@code now}, the channel double as {@code sendMessageDelegate}, and a
   * driver over the real {@link JourneyCorrelator}. Undo it with {@link #stop()}.
   */
  static JourneyDriver start(
      ProcessEngine engine, JourneyTestDoubles.RecordingChannel channel, Instant now) {
    BpmnAwareTests.init(engine);
    ClockUtil.setCurrentTime(Date.from(now));
    Mocks.register("sendMessageDelegate", channel);
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

  /** Undoes {@link #start}: assertions, registered doubles and the engine clock. */
  static void stop() {
    BpmnAwareTests.reset();
    Mocks.reset();
    ClockUtil.reset();
  }

  /** Delivers an event of the contact as the event intake would after storing it. */
  void event(String contactId, String type, Map<String, Object> properties) {
    correlator.on(
        new StoredEvent(
            "e-" + (++events),
            type,
            contactId,
            ClockUtil.getCurrentTime().toInstant(),
            properties));
  }

  ProcessInstance instance(String processKey, String contactId) {
    return engine
        .getRuntimeService()
        .createProcessInstanceQuery()
        .processDefinitionKey(processKey)
        .processInstanceBusinessKey(contactId)
        .singleResult();
  }

  /** Executes the instance's one async continuation (not a timer). */
  void executeAsyncJob(ProcessInstance pi) {
    Job job = management().createJobQuery().processInstanceId(pi.getId()).messages().singleResult();
    assertThat(job).as("async job of " + pi.getId()).isNotNull();
    management().executeJob(job.getId());
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
