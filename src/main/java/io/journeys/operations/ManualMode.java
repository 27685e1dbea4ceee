package io.journeys.operations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Manual mode (the 灰度开关), per journey and globally: a journey's send steps ({@link SendSteps}) stop
 * running automatically. Their job definitions are suspended with their jobs, so a send step that
 * falls due later gets a suspended job too (Camunda creates the jobs of a suspended job definition
 * suspended); each such job becomes a Tasklist task ({@link ManualTasks}). Its outcome {@code
 * sent-by-hand} or {@code skip} moves the instance past the step without sending; switching back to
 * automatic withdraws the open tasks and activates the steps, which then send as usual. A sweep
 * ({@code journeys.operations.manual-sweep}, PT10S) makes the tasks of new send jobs.
 */
@Component
class ManualMode {

  private static final Logger log = LoggerFactory.getLogger(ManualMode.class);

  private final ManualSends sends;
  private final ManualTasks manualTasks;
  private final SendSteps steps;
  private final JourneyControls controls;
  private final OperationsAudit audit;
  private final RepositoryService repository;
  private final ManagementService management;
  private final RuntimeService runtime;
  private final TransactionTemplate transactions;

  ManualMode(
      ManualSends sends,
      ManualTasks manualTasks,
      SendSteps steps,
      JourneyControls controls,
      OperationsAudit audit,
      RepositoryService repository,
      ManagementService management,
      RuntimeService runtime,
      PlatformTransactionManager transactionManager) {
    this.sends = sends;
    this.manualTasks = manualTasks;
    this.steps = steps;
    this.controls = controls;
    this.audit = audit;
    this.repository = repository;
    this.management = management;
    this.runtime = runtime;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /**
   * Switches one journey; {@link GlobalManualModeOn} when it should go automatic while global
   * manual mode is on.
   */
  @Transactional
  Map<String, Object> switchTo(String key, boolean manual) {
    Instant now = OperationsGate.now();
    controls.lock(key, now);
    if (!manual && sends.globalManual()) {
      throw new GlobalManualModeOn();
    }
    boolean was = sends.manual(key);
    sends.setMode(key, manual);
    int count = manual ? toManual(key, now) : toAutomatic(key, now);
    audit.record(key, "mode", describe(was, manual, count), now);
    return Map.of(
        "mode", manual ? "manual" : "automatic", manual ? "tasks" : "tasksWithdrawn", count);
  }

  /**
   * Global manual mode: every journey, also one deployed later, is in manual mode while it is on;
   * switching it off returns to automatic the journeys not switched to manual on their own.
   */
  @Transactional
  Map<String, Object> switchAll(boolean manual) {
    Instant now = OperationsGate.now();
    boolean was = sends.lockGlobal(now);
    sends.setGlobal(manual, now);
    int count = 0;
    int journeys = 0;
    for (String key : deployedKeys()) {
      if (steps.jobDefinitions(key).isEmpty() || sends.manual(key)) {
        continue; // nothing to send, or manual on its own either way
      }
      controls.lock(key, now);
      int n = manual ? toManual(key, now) : toAutomatic(key, now);
      count += n;
      journeys++;
      audit.record(
          key,
          "mode",
          "global manual mode "
              + (manual ? "on, tasks created=" : "off, tasks withdrawn=")
              + n
              + (was == manual ? " (it was " + (was ? "on" : "off") + " already)" : ""),
          now);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("mode", manual ? "manual" : "automatic");
    answer.put("journeys", journeys);
    answer.put(manual ? "tasks" : "tasksWithdrawn", count);
    return answer;
  }

  /** Whether global manual mode is on, and the journeys in manual mode. */
  Map<String, Object> global() {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("mode", sends.globalManual() ? "manual" : "automatic");
    answer.put("manualJourneys", List.copyOf(manualKeys()));
    return answer;
  }

  /** The outcome of one task, given through the API. */
  @Transactional
  void decide(String key, String taskId, String outcome) {
    sends
        .openByTask(taskId)
        .filter(r -> r.processKey().equals(key))
        .orElseThrow(() -> new ManualSendNotFound(taskId));
    manualTasks.complete(taskId, outcome); // ManualSendListener applies it
  }

  /** A manual send task was completed (Tasklist or API): the journey moves past the step. */
  void completed(String taskId, Object outcome) {
    sends
        .openByTask(taskId)
        .ifPresent(
            row ->
                apply(
                    row,
                    ManualTasks.SKIP.equals(outcome) ? ManualTasks.SKIP : ManualTasks.SENT_BY_HAND,
                    OperationsGate.now()));
  }

  /**
   * One transaction per journey; when another node made the same task first (the key of {@code
   * journey_manual_send}), this node's work on that journey rolls back and the next sweep finds it
   * done.
   */
  @Scheduled(fixedDelayString = "${journeys.operations.manual-sweep:PT10S}")
  void sweep() {
    for (String key : manualKeys()) {
      try {
        transactions.executeWithoutResult(status -> toManual(key, OperationsGate.now()));
      } catch (DataIntegrityViolationException concurrent) {
        log.debug("manual sends of {} were made by another node", key);
      }
    }
  }

  /** Whether the journey is in manual mode, on its own or globally. */
  boolean manual(String key) {
    return sends.globalManual() || sends.manual(key);
  }

  /** Keeps the send steps of a manual journey suspended (after a resume activated its jobs). */
  void suspendSendSteps(String key) {
    steps.suspend(key);
  }

  private Set<String> manualKeys() {
    Set<String> keys = new LinkedHashSet<>(sends.manualJourneys());
    if (sends.globalManual()) {
      deployedKeys().stream().filter(k -> !steps.jobDefinitions(k).isEmpty()).forEach(keys::add);
    }
    return keys;
  }

  private List<String> deployedKeys() {
    return repository.createProcessDefinitionQuery().latestVersion().list().stream()
        .map(ProcessDefinition::getKey)
        .toList();
  }

  /** Suspends the steps (versions deployed since too) and makes the tasks of due steps. */
  private int toManual(String key, Instant now) {
    steps.suspend(key);
    int created = 0;
    for (JobDefinition jd : steps.jobDefinitions(key)) {
      for (Job job : management.createJobQuery().jobDefinitionId(jd.getId()).list()) {
        if (sends.known(job.getId())) {
          continue;
        }
        ProcessInstance journey =
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(job.getProcessInstanceId())
                .singleResult();
        String taskId =
            manualTasks.create(
                key,
                journey.getId(),
                jd.getActivityId(),
                journey.getBusinessKey(),
                steps.of(jd.getProcessDefinitionId()).get(jd.getActivityId()));
        sends.add(
            new ManualSends.Row(
                job.getId(), taskId, key, journey.getId(), jd.getActivityId(), null),
            now);
        created++;
      }
    }
    return created;
  }

  private int toAutomatic(String key, Instant now) {
    List<ManualSends.Row> open = sends.open(key);
    for (ManualSends.Row row : open) {
      sends.decide(row.jobId(), "AUTOMATIC", null, now);
      manualTasks.withdraw(row.taskId(), "journey back to automatic");
    }
    steps.activate(key);
    return open.size();
  }

  /** The step ends without a send: the instance moves on after it. */
  private void apply(ManualSends.Row row, String outcome, Instant now) {
    if (!sends.decide(
        row.jobId(),
        ManualTasks.SKIP.equals(outcome) ? "SKIPPED" : "SENT_BY_HAND",
        OperationsAuditActor.current(),
        now)) {
      return;
    }
    if (runtime.createProcessInstanceQuery().processInstanceId(row.processInstanceId()).count()
        > 0) {
      runtime
          .createProcessInstanceModification(row.processInstanceId())
          .startAfterActivity(row.activityId())
          .cancelAllForActivity(row.activityId())
          .execute();
    }
  }

  private static String describe(boolean was, boolean manual, int count) {
    return (was ? "manual" : "automatic")
        + " to "
        + (manual ? "manual" : "automatic")
        + (manual ? ", tasks created=" : ", tasks withdrawn=")
        + count;
  }
}
