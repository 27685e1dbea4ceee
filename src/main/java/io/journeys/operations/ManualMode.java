package io.journeys.operations;

import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.web.ApiException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manual mode (the 灰度开关): the journey's send steps ({@code ${sendMessageDelegate}} tasks) stop
 * running automatically. Their job definitions are suspended with their jobs, so a send step that
 * falls due later gets a suspended job too (Camunda creates the jobs of a suspended job definition
 * suspended); each such job becomes a Tasklist task (candidate group {@code marketing}: what to
 * send to whom). Its outcome {@code sent-by-hand} or {@code skip} moves the instance past the step
 * without sending; switching back to automatic deletes the open tasks and activates the steps,
 * which then send as usual. A sweep ({@code journeys.operations.manual-sweep}, PT10S) makes the
 * tasks of new send jobs and takes the outcome of tasks completed in Tasklist.
 */
@Component
class ManualMode {

  static final String OUTCOME = "outcome";
  static final String SENT_BY_HAND = "sent-by-hand";
  static final String SKIP = "skip";

  private final ManualSends sends;
  private final JourneyControls controls;
  private final OperationsAudit audit;
  private final RepositoryService repository;
  private final ManagementService management;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final HistoryService history;
  private final ContactDirectory contacts;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ManualMode.class);
  private final org.springframework.transaction.support.TransactionTemplate transactions;
  private final Map<String, Map<String, Map<String, String>>> sendStepsByDefinition =
      new ConcurrentHashMap<>();

  ManualMode(
      ManualSends sends,
      JourneyControls controls,
      OperationsAudit audit,
      RepositoryService repository,
      ManagementService management,
      RuntimeService runtime,
      TaskService tasks,
      HistoryService history,
      ContactDirectory contacts,
      org.springframework.transaction.PlatformTransactionManager transactionManager) {
    this.transactions =
        new org.springframework.transaction.support.TransactionTemplate(transactionManager);
    this.sends = sends;
    this.controls = controls;
    this.audit = audit;
    this.repository = repository;
    this.management = management;
    this.runtime = runtime;
    this.tasks = tasks;
    this.history = history;
    this.contacts = contacts;
  }

  @Transactional
  Map<String, Object> switchTo(String key, boolean manual) {
    Instant now = OperationsGate.now();
    controls.lock(key, now);
    boolean was = sends.manual(key);
    sends.setMode(key, manual);
    int count;
    if (manual) {
      suspendSendSteps(key);
      count = createTasks(key, now);
    } else {
      List<ManualSends.Row> open = sends.open(key);
      for (ManualSends.Row row : open) {
        tasks.deleteTask(row.taskId(), "journey back to automatic");
        sends.decide(row.jobId(), "AUTOMATIC", null, now);
      }
      for (JobDefinition jd : sendJobDefinitions(key)) {
        management.activateJobDefinitionById(jd.getId(), true);
      }
      count = open.size();
    }
    audit.record(
        key,
        "mode",
        (was ? "manual" : "automatic")
            + " to "
            + (manual ? "manual" : "automatic")
            + (manual ? ", tasks created=" : ", tasks withdrawn=")
            + count,
        now);
    return Map.of(
        "mode", manual ? "manual" : "automatic", manual ? "tasks" : "tasksWithdrawn", count);
  }

  /** The outcome of one task, given through the API. */
  @Transactional
  void decide(String key, String taskId, String outcome) {
    ManualSends.Row row =
        sends
            .openByTask(taskId)
            .filter(r -> r.processKey().equals(key))
            .orElseThrow(() -> ApiException.notFound("no open manual send " + taskId));
    tasks.setVariable(taskId, OUTCOME, outcome);
    tasks.complete(taskId);
    apply(row, outcome, OperationsGate.now());
  }

  /**
   * One transaction per journey; when another node made the same task first (the key of {@code
   * journey_manual_send}), this node's work on that journey rolls back and the next sweep finds it
   * done.
   */
  @Scheduled(fixedDelayString = "${journeys.operations.manual-sweep:PT10S}")
  void sweep() {
    for (String key : sends.manualJourneys()) {
      try {
        transactions.executeWithoutResult(status -> sweep(key, OperationsGate.now()));
      } catch (org.springframework.dao.DataIntegrityViolationException concurrent) {
        log.debug("manual sends of {} were made by another node", key);
      }
    }
  }

  private void sweep(String key, Instant now) {
    suspendSendSteps(key); // versions deployed since the switch
    createTasks(key, now);
    for (ManualSends.Row row : sends.open(key)) {
      if (tasks.createTaskQuery().taskId(row.taskId()).count() == 0) {
        HistoricVariableInstance v =
            history
                .createHistoricVariableInstanceQuery()
                .taskIdIn(row.taskId())
                .variableName(OUTCOME)
                .singleResult();
        apply(row, v != null && SKIP.equals(v.getValue()) ? SKIP : SENT_BY_HAND, now);
      }
    }
  }

  /** The step ends without a send: the instance moves on after it. */
  private void apply(ManualSends.Row row, String outcome, Instant now) {
    if (!sends.decide(
        row.jobId(),
        SKIP.equals(outcome) ? "SKIPPED" : "SENT_BY_HAND",
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

  /**
   * Suspends the send steps and their jobs; jobs of an already suspended step too (activating a
   * process instance, as resume does, activates all its jobs).
   */
  void suspendSendSteps(String key) {
    for (JobDefinition jd : sendJobDefinitions(key)) {
      if (jd.isSuspended()) {
        management.suspendJobByJobDefinitionId(jd.getId());
      } else {
        management.suspendJobDefinitionById(jd.getId(), true);
      }
    }
  }

  boolean manual(String key) {
    return sends.manual(key);
  }

  private int createTasks(String key, Instant now) {
    int created = 0;
    for (JobDefinition jd : sendJobDefinitions(key)) {
      for (Job job : management.createJobQuery().jobDefinitionId(jd.getId()).list()) {
        if (sends.known(job.getId())) {
          continue;
        }
        Map<String, String> params = sendSteps(jd.getProcessDefinitionId()).get(jd.getActivityId());
        String contactId =
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(job.getProcessInstanceId())
                .singleResult()
                .getBusinessKey();
        Task task = tasks.newTask();
        task.setName(
            "Send " + params.get("template") + " by " + params.get("channel") + " to " + contactId);
        task.setDescription(describe(key, params, contactId));
        tasks.saveTask(task);
        tasks.addCandidateGroup(task.getId(), io.journeys.security.Roles.MARKETING);
        Map<String, Object> variables = new HashMap<>(params);
        variables.put("journey", key);
        variables.put("contactId", contactId);
        tasks.setVariablesLocal(task.getId(), variables);
        sends.add(
            new ManualSends.Row(
                job.getId(),
                task.getId(),
                key,
                job.getProcessInstanceId(),
                jd.getActivityId(),
                null),
            now);
        created++;
      }
    }
    return created;
  }

  private String describe(String key, Map<String, String> params, String contactId) {
    ContactView contact = contacts.find(contactId).orElse(null);
    String address =
        contact == null
            ? "?"
            : "email".equals(params.get("channel")) ? contact.email() : contact.phone();
    return "Journey "
        + key
        + " is in manual mode. Send template "
        + params.get("template")
        + " on "
        + params.get("channel")
        + " to "
        + (contact == null ? contactId : contact.displayName())
        + " <"
        + address
        + ">, then complete this task (variable "
        + OUTCOME
        + " = "
        + SENT_BY_HAND
        + ", the default, or "
        + SKIP
        + ").";
  }

  private List<JobDefinition> sendJobDefinitions(String key) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(key).list().stream()
        .flatMap(
            d -> {
              Set<String> steps = sendSteps(d.getId()).keySet();
              return steps.isEmpty()
                  ? java.util.stream.Stream.<JobDefinition>empty()
                  : management
                      .createJobDefinitionQuery()
                      .processDefinitionId(d.getId())
                      .activityIdIn(steps.toArray(String[]::new))
                      .list()
                      .stream();
            })
        .toList();
  }

  /** Send steps of a definition: activity id → its {@code channel} and {@code template}. */
  private Map<String, Map<String, String>> sendSteps(String definitionId) {
    return sendStepsByDefinition.computeIfAbsent(
        definitionId,
        id ->
            repository.getBpmnModelInstance(id).getModelElementsByType(ServiceTask.class).stream()
                .filter(
                    t ->
                        t.getCamundaDelegateExpression() != null
                            && t.getCamundaDelegateExpression().contains("sendMessageDelegate"))
                .collect(Collectors.toMap(ServiceTask::getId, ManualMode::parameters)));
  }

  private static Map<String, String> parameters(ServiceTask task) {
    Map<String, String> params = new HashMap<>();
    task.getModelInstance().getModelElementsByType(CamundaInputParameter.class).stream()
        .filter(p -> isWithin(p, task))
        .filter(p -> "channel".equals(p.getCamundaName()) || "template".equals(p.getCamundaName()))
        .forEach(p -> params.put(p.getCamundaName(), p.getTextContent()));
    return params;
  }

  private static boolean isWithin(
      org.camunda.bpm.model.xml.instance.ModelElementInstance e, ServiceTask task) {
    for (var p = e.getParentElement(); p != null; p = p.getParentElement()) {
      if (p == task) {
        return true;
      }
    }
    return false;
  }
}
