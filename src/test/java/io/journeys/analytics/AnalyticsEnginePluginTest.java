package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The engine seam on a real engine with history level NONE (analytics needs no history): five
 * entries into version 1 of a journey — passed and approved after 10 minutes, passed and rejected
 * after 30, interrupted by the timer after 61, deleted (skipping custom listeners) after 20, still
 * waiting — and one entry into version 2. Expected by hand: the review task entered 5, passed 2,
 * dropped 2, waiting 1; median of 600, 1800, 3660 and 1200 seconds = 1500 s; one conversion.
 */
class AnalyticsEnginePluginTest {

  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private AnalyticsFixtures store;
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private ProcessEngine engine;
  private RuntimeService runtime;
  private TaskService tasks;
  private final String key = "review-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void engine() {
    store = new AnalyticsFixtures();
    StaticListableBeanFactory beans =
        new StaticListableBeanFactory(
            Map.of(
                "flowStore",
                store.flows,
                "holdouts",
                new Holdouts(store.jdbc, 0),
                "meters",
                meters));
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl)
            configuration(store)
                .setDatabaseSchemaUpdate("true")
                .setHistory("none")
                .setJobExecutorActivate(false)
                .setProcessEngineName("analytics-" + key);
    // what the A/B split task does to the store: records the entry's arm (variable "arm")
    config.setBeans(
        Map.of(
            "split",
            (org.camunda.bpm.engine.delegate.JavaDelegate)
                e -> store.flows.arm(e.getProcessInstanceId(), (String) e.getVariable("arm"))));
    config.setProcessEnginePlugins(
        List.of(
            new AnalyticsEnginePlugin(
                beans.getBeanProvider(FlowStore.class),
                beans.getBeanProvider(Holdouts.class),
                beans.getBeanProvider(MeterRegistry.class),
                beans.getBeanProvider(Recording.class))));
    engine = config.buildProcessEngine();
    runtime = engine.getRuntimeService();
    tasks = engine.getTaskService();
    ClockUtil.setCurrentTime(Date.from(T0));
  }

  /**
   * The engine's configuration over the store's database: here a standalone engine, whose commands
   * run outside any Spring transaction, so that the store writes everything at once; {@link
   * AnalyticsEnginePluginSpringTest} runs the same journeys in Spring transactions, as the
   * application does, where the store keeps a transaction's entries and visits until its commit.
   */
  ProcessEngineConfigurationImpl configuration(AnalyticsFixtures store) {
    return (ProcessEngineConfigurationImpl)
        new StandaloneProcessEngineConfiguration().setDataSource(store.dataSource);
  }

  @AfterEach
  void close() {
    ClockUtil.reset();
    engine.close();
  }

  @Test
  void visitsEntriesGoalsAndVersionsAreRecorded() {
    deploy("Review");
    String approved = start("c-1");
    String rejected = start("c-2");
    String late = start("c-3");
    String deleted = start("c-4");
    start("c-5");

    at(10);
    complete(approved, true);
    at(20);
    runtime.deleteProcessInstance(deleted, "test", true);
    at(30);
    complete(rejected, false);
    at(61);
    String timer =
        engine
            .getManagementService()
            .createJobQuery()
            .processInstanceId(late)
            .singleResult()
            .getId();
    engine.getManagementService().executeJob(timer);

    deploy("Review v2");
    start("c-6");

    // the goal: c-1 orders within 2 days (twice: one conversion), c-2 after 3 days (none)
    store.goals.on(order("o-1", "c-1", T0.plus(Duration.ofDays(1)), 99.5));
    store.goals.on(order("o-2", "c-1", T0.plus(Duration.ofDays(1)).plusSeconds(60), 10));
    store.goals.on(order("o-3", "c-2", T0.plus(Duration.ofDays(3)), 50));

    Funnel.Report report = store.funnel.report(key, window(), null);
    assertThat(report.entries()).isEqualTo(6);
    Funnel.Node review = node(report.nodes(), "Task_Review");
    assertThat(review)
        .isEqualTo(new Funnel.Node("Task_Review", 6, 2, 2, 2, 0.3333, 0.3333, 1500.0));
    assertThat(node(report.nodes(), "StartEvent_Entered"))
        .extracting(Funnel.Node::entered, Funnel.Node::passed)
        .containsExactly(6L, 6L);
    assertThat(node(report.nodes(), "Gateway_Ok"))
        .extracting(Funnel.Node::entered, Funnel.Node::passed)
        .containsExactly(2L, 2L);
    assertThat(node(report.nodes(), "Event_Late"))
        .extracting(Funnel.Node::entered, Funnel.Node::passed)
        .containsExactly(1L, 1L);
    assertThat(node(report.nodes(), "EndEvent_Done").passed()).isEqualTo(1);

    assertThat(report.versions()).extracting(Funnel.Version::version).containsExactly(1, 2);
    Funnel.Report v1 = store.funnel.report(key, window(), 1);
    assertThat(node(v1.nodes(), "Task_Review"))
        .isEqualTo(new Funnel.Node("Task_Review", 5, 2, 2, 1, 0.4, 0.4, 1500.0));
    assertThat(v1.goal()).isEqualTo(new Funnel.Goal(5, 1, 0.2, new BigDecimal("99.50")));
    assertThat(
            store.jdbc.queryForObject(
                "select count(*) from analytics_entry"
                    + " where journey_key = ? and ended_at is not null",
                Long.class,
                key))
        .isEqualTo(4);
  }

  @Test
  void aHeldOutEntryGetsTheVariableThatSilencesChannelAndCountsAsControl() {
    engine
        .getRepositoryService()
        .createDeployment()
        .addString(
            key + ".bpmn",
            AnalyticsFixtures.reviewJourney(key, "Review")
                .replace(
                    "<camunda:property name=\"goal.window\" value=\"P2D\" />",
                    "<camunda:property name=\"goal.window\" value=\"P2D\" />"
                        + "<camunda:property name=\"holdout.percent\" value=\"50\" />"))
        .deploy();
    int held = 0;
    for (int i = 0; i < 20; i++) {
      String contact = "c-" + i;
      boolean control = Experiments.bucket("holdout:" + key, contact) < 5000;
      String instance = start(contact);
      assertThat(runtime.getVariable(instance, Holdouts.VARIABLE))
          .as(contact)
          .isEqualTo(control ? Boolean.TRUE : null);
      if (control) {
        held++;
        store.goals.on(order("o-" + i, contact, T0.plusSeconds(60), 1));
      }
    }
    // every control entry converted, no treated one: uplift -100 %
    Uplift uplift = store.funnel.report(key, window(), null).holdout();
    assertThat(uplift.control()).isEqualTo(Uplift.Group.of(held, held));
    assertThat(uplift.treatment()).isEqualTo(Uplift.Group.of(20 - held, 0));
    assertThat(uplift.uplift()).isEqualTo(-1.0);
  }

  @Test
  void aTrialRunIsMarkedAndCountsNowhere() {
    deploy("Review");
    String real = start("c-1");
    String trial =
        runtime
            .startProcessInstanceByKey(
                key, "c-2", Map.of(AnalyticsEnginePlugin.TRIAL_VARIABLE, true))
            .getId();
    at(10);
    complete(real, true);
    complete(trial, true);
    store.goals.on(order("o-1", "c-2", T0.plusSeconds(700), 10));

    Funnel.Report report = store.funnel.report(key, window(), null);
    assertThat(report.entries()).isEqualTo(1);
    assertThat(node(report.nodes(), "Task_Review"))
        .isEqualTo(new Funnel.Node("Task_Review", 1, 1, 0, 0, 1.0, 0.0, 600.0));
    assertThat(report.goal()).isEqualTo(new Funnel.Goal(1, 0, 0.0, new BigDecimal("0.00")));
    assertThat(
            store.jdbc.queryForList(
                "select trial from analytics_entry where process_instance_id in (?, ?)"
                    + " order by trial",
                Boolean.class,
                real,
                trial))
        .containsExactly(false, true);
    assertThat(
            store.jdbc.queryForObject(
                "select count(*) from analytics_visit where process_instance_id = ?",
                Long.class,
                trial))
        .isZero();
  }

  @Test
  void armsOfTheFunnelComeFromTheRollupsAndCountTheNodesBeforeTheSplit() {
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            key + ".bpmn",
            org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Entered")
                .userTask("Task_Before")
                .serviceTask("Task_Split")
                .camundaDelegateExpression("${split}")
                .userTask("Task_After")
                .endEvent("EndEvent_Done")
                .done())
        .deploy();
    // an instance per arm; the split records the arm as the A/B split task does
    String a = runtime.startProcessInstanceByKey(key, "c-a", Map.of("arm", "a")).getId();
    String b = runtime.startProcessInstanceByKey(key, "c-b", Map.of("arm", "b")).getId();
    String none = start("c-none");
    at(5);
    tasks.complete(tasks.createTaskQuery().processInstanceId(a).singleResult().getId());
    at(15);
    tasks.complete(tasks.createTaskQuery().processInstanceId(b).singleResult().getId());
    at(25);
    tasks.complete(tasks.createTaskQuery().processInstanceId(a).singleResult().getId());
    runtime.deleteProcessInstance(none, "test", true);

    Funnel.Report report = store.funnel.report(key, window(), null);
    assertThat(node(report.nodes(), "Task_Before"))
        .isEqualTo(new Funnel.Node("Task_Before", 3, 2, 1, 0, 0.6667, 0.3333, 900.0));
    assertThat(report.arms()).extracting(Funnel.Arm::arm).containsExactly("a", "b");
    Funnel.Arm armA = report.arms().get(0);
    assertThat(armA.entries()).isEqualTo(1);
    assertThat(node(armA.nodes(), "Task_Before"))
        .isEqualTo(new Funnel.Node("Task_Before", 1, 1, 0, 0, 1.0, 0.0, 300.0));
    assertThat(node(armA.nodes(), "Task_After"))
        .isEqualTo(new Funnel.Node("Task_After", 1, 1, 0, 0, 1.0, 0.0, 1200.0));
    assertThat(node(armA.nodes(), "StartEvent_Entered").entered()).isEqualTo(1);
    Funnel.Arm armB = report.arms().get(1);
    assertThat(node(armB.nodes(), "Task_After"))
        .isEqualTo(new Funnel.Node("Task_After", 1, 0, 0, 1, 0.0, 0.0, null));
    assertThat(
            store.jdbc.queryForObject(
                "select sum(n) from analytics_daily_all where journey_key = ? and arm = ''"
                    + " and node_id = 'Task_Before' and metric = 'entered'",
                Long.class,
                key))
        .as("the split moved the visits before it to the arm")
        .isEqualTo(1);
  }

  @Test
  void incidentsAreCountedPerJourneyAndNode() {
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            key + ".bpmn",
            org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_Broken")
                .camundaAsyncBefore()
                .camundaExpression("${missingBean.call()}")
                .endEvent()
                .done())
        .deploy();
    String instance = start("c-1");
    var management = engine.getManagementService();
    for (int attempt = 0; attempt < 3; attempt++) {
      String job = management.createJobQuery().processInstanceId(instance).singleResult().getId();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.executeJob(job));
    }
    assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isEqualTo(1);
    assertThat(
            store.jdbc.queryForObject(
                "select sum(n) from analytics_daily_all where journey_key = ?"
                    + " and node_id = 'Task_Broken' and metric = 'incidents'",
                Long.class,
                key))
        .isEqualTo(1);
    assertThat(meters.counter("journeys.incidents", "journey", key).count()).isEqualTo(1.0);
  }

  @Test
  void theGoalWindowDefaultsToSevenDays() {
    assertThat(AnalyticsEnginePlugin.goal(Map.of("goal.event", "order.placed"), key))
        .isEqualTo(new FlowStore.Goal("order.placed", Duration.ofDays(7)));
    assertThat(
            AnalyticsEnginePlugin.goal(
                Map.of("goal.event", " coupon.claimed ", "goal.window", "nonsense"), key))
        .isEqualTo(new FlowStore.Goal("coupon.claimed", Duration.ofDays(7)));
    assertThat(AnalyticsEnginePlugin.goal(Map.of("goal.window", "P1D"), key)).isNull();
  }

  private DayWindow window() {
    LocalDate day = LocalDate.of(2026, 11, 2);
    return new DayWindow(day, day.plusDays(1));
  }

  private static Funnel.Node node(List<Funnel.Node> nodes, String id) {
    return nodes.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
  }

  private void deploy(String name) {
    engine
        .getRepositoryService()
        .createDeployment()
        .addString(key + ".bpmn", AnalyticsFixtures.reviewJourney(key, name))
        .deploy();
  }

  private String start(String contactId) {
    return runtime.startProcessInstanceByKey(key, contactId).getId();
  }

  private void complete(String instanceId, boolean ok) {
    tasks.complete(
        tasks.createTaskQuery().processInstanceId(instanceId).singleResult().getId(),
        Map.of("ok", ok));
  }

  private static void at(int minutes) {
    ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(minutes))));
  }

  static StoredEvent order(String id, String contactId, Instant at, double amount) {
    return new StoredEvent(id, "order.placed", contactId, at, Map.of("amount", amount));
  }
}
