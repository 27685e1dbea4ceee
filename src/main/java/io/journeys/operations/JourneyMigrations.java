package io.journeys.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves the running instances of older versions onto the latest one with Camunda's migration API
 * (Community Edition): per older version a plan that maps equal activities (same id), timers kept
 * ({@code keep}) or re-computed from the new model ({@code update}, the plan's {@code
 * updateEventTriggers}). An instance waiting in an activity the plan does not map is unmappable, as
 * is one the migration would move between the arms of an experiment ({@link ExperimentArms}); a dry
 * run reports every instance, an execution migrates the mappable ones, in this transaction.
 */
@Service
class JourneyMigrations {

  /** What the migration found for one instance. */
  record InstanceReport(
      String processInstanceId,
      String contactId,
      int fromVersion,
      List<String> activities,
      boolean mappable,
      String reason) {}

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final OperationsAudit audit;
  private final ExperimentArms arms;

  JourneyMigrations(
      RepositoryService repository,
      RuntimeService runtime,
      OperationsAudit audit,
      ExperimentArms arms) {
    this.arms = arms;
    this.repository = repository;
    this.runtime = runtime;
    this.audit = audit;
  }

  @Transactional
  Map<String, Object> migrate(ProcessDefinition target, boolean dryRun, boolean updateTimers) {
    List<InstanceReport> reports = new ArrayList<>();
    int migrated = 0;
    List<ExperimentArms.Split> targetSplits = arms.of(target.getId());
    for (ProcessDefinition source :
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(target.getKey())
            .orderByProcessDefinitionVersion()
            .asc()
            .list()) {
      if (source.getVersion() >= target.getVersion()) {
        continue;
      }
      List<ProcessInstance> instances =
          runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).list();
      if (instances.isEmpty()) {
        continue;
      }
      MigrationPlan plan = null;
      String planProblem = null;
      try {
        var builder =
            runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities();
        plan = (updateTimers ? builder.updateEventTriggers() : builder).build();
      } catch (MigrationPlanValidationException e) {
        planProblem = "no valid plan from version " + source.getVersion() + ": " + e.getMessage();
      }
      Set<String> mapped =
          plan == null
              ? Set.of()
              : plan.getInstructions().stream()
                  .map(i -> i.getSourceActivityId())
                  .collect(Collectors.toSet());
      List<String> mappable = new ArrayList<>();
      List<ExperimentArms.Split> sourceSplits = arms.of(source.getId());
      for (ProcessInstance pi : instances) {
        List<String> activities = activeActivities(runtime.getActivityInstance(pi.getId()));
        List<String> unmapped = activities.stream().filter(a -> !mapped.contains(a)).toList();
        String reason =
            planProblem != null
                ? planProblem
                : unmapped.isEmpty()
                    ? null
                    : "no activity of version " + target.getVersion() + " for " + unmapped;
        if (reason == null && !sourceSplits.isEmpty()) {
          reason =
              ExperimentArms.refusal(
                  sourceSplits, targetSplits, activities, runtime.getVariables(pi.getId()));
        }
        reports.add(
            new InstanceReport(
                pi.getId(),
                pi.getBusinessKey(),
                source.getVersion(),
                activities,
                reason == null,
                reason));
        if (reason == null) {
          mappable.add(pi.getId());
        }
      }
      if (!dryRun && !mappable.isEmpty()) {
        runtime.newMigration(plan).processInstanceIds(mappable).execute();
        migrated += mappable.size();
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("dryRun", dryRun);
    answer.put("targetVersion", target.getVersion());
    answer.put("timerPolicy", updateTimers ? "update" : "keep");
    answer.put("mappable", reports.stream().filter(InstanceReport::mappable).count());
    answer.put("unmappable", reports.stream().filter(r -> !r.mappable()).count());
    answer.put("migrated", migrated);
    answer.put("instances", reports);
    if (!dryRun) {
      audit.record(
          target.getKey(),
          "migration",
          "to version "
              + target.getVersion()
              + ", timerPolicy="
              + answer.get("timerPolicy")
              + ", migrated="
              + migrated
              + ", unmappable="
              + answer.get("unmappable"),
          OperationsGate.now());
    }
    return answer;
  }

  /** The activities the instance waits in (leaves of the tree, and async transitions). */
  private static List<String> activeActivities(ActivityInstance root) {
    Set<String> ids = new TreeSet<>();
    collect(root, ids);
    return List.copyOf(ids);
  }

  private static void collect(ActivityInstance instance, Set<String> ids) {
    for (TransitionInstance t : instance.getChildTransitionInstances()) {
      ids.add(t.getActivityId());
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      if (child.getChildActivityInstances().length == 0
          && child.getChildTransitionInstances().length == 0) {
        ids.add(child.getActivityId());
      } else {
        ids.add(child.getActivityId());
        collect(child, ids);
      }
    }
  }
}
