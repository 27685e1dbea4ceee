package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deferral on a real engine (in-memory H2, jobs executed by the test, engine clock): a send
 * task that throws {@link SendDeferredException} stays before the task with its due date moved, its
 * retries untouched and no incident; at the due date it runs again and the journey goes on. Any
 * other failure still uses up a retry. And the order of the one failed-job command factory: a
 * deferral first, then the dispatch jobs' own handling, then Camunda's default.
 */
class SendJobFailuresEnginePluginTest {

  private static final Instant NOW = Instant.parse("2026-11-23T14:30:00Z");
  private static final Instant MORNING = Instant.parse("2026-11-24T00:00:00Z");

  private final AtomicInteger calls = new AtomicInteger();
  private volatile RuntimeException failWith;
  private ProcessEngine engine;

  @BeforeEach
  void setUp() {
    JavaDelegate send =
        execution -> {
          calls.incrementAndGet();
          if (failWith != null) {
            throw failWith;
          }
        };
    StandaloneInMemProcessEngineConfiguration configuration =
        new StandaloneInMemProcessEngineConfiguration();
    configuration.setProcessEngineName("journeys-deferral-test");
    configuration.setJdbcUrl("jdbc:h2:mem:journeys-deferral-test;DB_CLOSE_DELAY=-1");
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
    configuration.setJobExecutorActivate(false);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_NONE);
    configuration.setBeans(Map.of("sendProbe", send));
    configuration.setProcessEnginePlugins(List.of(new SendJobFailuresEnginePlugin()));
    engine = configuration.buildProcessEngine();
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("deferral")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .serviceTask("Task_Send")
            .camundaDelegateExpression("${sendProbe}")
            .camundaAsyncBefore()
            .userTask("Task_After")
            .endEvent()
            .done();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance("deferral.bpmn", model)
        .deploy();
    ClockUtil.setCurrentTime(Date.from(NOW));
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    engine.close();
  }

  @Test
  void aDeferredSendWaitsWithoutRetryOrIncidentAndGoesOnAtItsTime() {
    String pi = engine.getRuntimeService().startProcessInstanceByKey("deferral").getId();
    Job job = engine.getManagementService().createJobQuery().processInstanceId(pi).singleResult();
    int retries = job.getRetries();
    failWith = new SendDeferredException("m-1", MORNING);

    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOf(SendDeferredException.class);

    Job deferred = engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult();
    assertThat(deferred.getDuedate()).isEqualTo(Date.from(MORNING));
    assertThat(deferred.getRetries()).isEqualTo(retries);
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
    assertThat(engine.getManagementService().createJobQuery().executable().count())
        .as("nothing to do before the morning")
        .isZero();

    ClockUtil.setCurrentTime(Date.from(MORNING.plusSeconds(1)));
    assertThat(engine.getManagementService().createJobQuery().executable().count()).isOne();
    failWith = null;
    engine.getManagementService().executeJob(job.getId());

    assertThat(calls).hasValue(2);
    assertThat(
            engine
                .getTaskService()
                .createTaskQuery()
                .processInstanceId(pi)
                .singleResult()
                .getTaskDefinitionKey())
        .isEqualTo("Task_After");
  }

  @Test
  void anyOtherFailureUsesUpARetry() {
    String pi = engine.getRuntimeService().startProcessInstanceByKey("deferral").getId();
    Job job = engine.getManagementService().createJobQuery().processInstanceId(pi).singleResult();
    failWith = new IllegalStateException("provider down");

    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .hasMessageContaining("provider down");

    assertThat(
            engine
                .getManagementService()
                .createJobQuery()
                .jobId(job.getId())
                .singleResult()
                .getRetries())
        .isEqualTo(job.getRetries() - 1);
  }

  @Test
  void theFactoryDecidesDeferralFirstThenDispatchJobsThenTheEngineDefault() {
    AtomicInteger fallbackAsked = new AtomicInteger();
    SendJobFailuresEnginePlugin.Factory factory =
        new SendJobFailuresEnginePlugin.Factory(
            (jobId, e) -> {
              fallbackAsked.incrementAndGet();
              return context -> null;
            });
    SendDeferredException deferral = new SendDeferredException("m-1", MORNING);

    assertThat(factory.getCommand("j-1", new IllegalStateException(deferral)))
        .isInstanceOf(SendJobFailuresEnginePlugin.Reschedule.class);
    assertThat(factory.getCommand("j-1", new DeliveryInDoubtException("m-1")))
        .isInstanceOfSatisfying(
            DispatchRetries.Retry.class,
            retry -> assertThat(retry).hasFieldOrPropertyWithValue("inDoubt", true));
    assertThat(factory.getCommand("j-1", new IllegalStateException("provider down")))
        .isInstanceOfSatisfying(
            DispatchRetries.Retry.class,
            retry -> assertThat(retry).hasFieldOrPropertyWithValue("inDoubt", false));
    assertThat(fallbackAsked).as("the default is prepared for every job not deferred").hasValue(2);
  }
}
