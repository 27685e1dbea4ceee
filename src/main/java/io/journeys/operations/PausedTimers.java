package io.journeys.operations;

import io.journeys.operations.Control.TimerPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * The timer policy of a pause, applied on resume to the timer jobs of the journey's instances
 * (suspended instances create no timers, so these are the timers that existed at the pause):
 *
 * <ul>
 *   <li>{@code SHIFT} (default): every timer due after the pause began moves by the length of the
 *       pause, so each wait keeps the time it had left when the journey was paused;
 *   <li>{@code FIRE}: nothing moves; timers that fell due during the pause fire at once;
 *   <li>{@code EXIT}: an instance with a timer that fell due during the pause ends, with that
 *       reason.
 * </ul>
 */
@Component
class PausedTimers {

  static final String EXIT_REASON =
      "timer fell due while the journey was paused (timer policy exit)";

  private final ManagementService management;
  private final RuntimeService runtime;

  PausedTimers(ManagementService management, RuntimeService runtime) {
    this.management = management;
    this.runtime = runtime;
  }

  /**
   * @return what it did, for the answer and the audit
   */
  Map<String, Object> apply(String key, TimerPolicy policy, Instant pausedAt, Instant now) {
    Duration pause = Duration.between(pausedAt, now);
    List<Job> jobs = management.createJobQuery().processDefinitionKey(key).timers().list();
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("policy", policy.name());
    switch (policy) {
      case SHIFT -> {
        int shifted = 0;
        for (Job job : jobs) {
          if (!job.getDuedate().toInstant().isBefore(pausedAt)) {
            management.setJobDuedate(
                job.getId(), Date.from(job.getDuedate().toInstant().plus(pause)));
            shifted++;
          }
        }
        done.put("shifted", shifted);
        done.put("shiftedBy", pause.toString());
      }
      case FIRE -> done.put("dueNow", jobs.stream().filter(j -> fellDue(j, pausedAt, now)).count());
      case EXIT -> {
        Set<String> instances = new LinkedHashSet<>();
        jobs.stream()
            .filter(j -> fellDue(j, pausedAt, now))
            .forEach(j -> instances.add(j.getProcessInstanceId()));
        if (!instances.isEmpty()) {
          runtime.deleteProcessInstances(new ArrayList<>(instances), EXIT_REASON, false, true);
        }
        done.put("instancesEnded", instances.size());
      }
      default -> throw new IllegalStateException("unknown timer policy " + policy);
    }
    return done;
  }

  private static boolean fellDue(Job job, Instant pausedAt, Instant now) {
    Instant due = job.getDuedate().toInstant();
    return !due.isBefore(pausedAt) && !due.isAfter(now);
  }
}
