package io.journeys.operations;

import io.journeys.channel.MessageSender;
import io.journeys.contact.ContactDirectory;
import io.journeys.journey.JourneyConstants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trial runs (seed 002: 小范围测试, 50–100 users through the whole flow): the latest version of a
 * journey started for a test list or part of a segment, each instance marked with the process
 * variable {@code journeyTrial = true} (channel sends its messages to the sandbox or to the seed
 * contact; analytics leaves it out of the figures), optionally with its timers shortened by a
 * factor. Trial starts skip the rollout, the run window and the re-entry rule, and record no entry.
 */
@Service
class TrialRuns {

  /** At most this many contacts per trial. */
  static final int MAX_CONTACTS = 100;

  /** Trials whose timers are still shortened: started within this time. */
  static final Duration ACCELERATION_HORIZON = Duration.ofDays(30);

  static final String VAR_TRIAL_ID = "journeyTrialId";

  /** Where a trial's sends go. */
  enum Sends {
    SANDBOX,
    SEEDS
  }

  private final Trials trials;
  private final JourneyControls controls;
  private final ContactDirectory contacts;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final ManagementService management;
  private final OperationsAudit audit;
  private final TrialSettings settings;

  TrialRuns(
      Trials trials,
      JourneyControls controls,
      ContactDirectory contacts,
      RuntimeService runtime,
      HistoryService history,
      ManagementService management,
      OperationsAudit audit,
      TrialSettings settings) {
    this.trials = trials;
    this.controls = controls;
    this.contacts = contacts;
    this.runtime = runtime;
    this.history = history;
    this.management = management;
    this.audit = audit;
    this.settings = settings;
  }

  /** Starts the trial; {@link JourneyStateConflict} while the journey is paused. */
  @Transactional
  Map<String, Object> start(
      ProcessDefinition journey,
      List<String> contactIds,
      String segment,
      Sends sends,
      int timerFactor) {
    Instant now = OperationsGate.now();
    String key = journey.getKey();
    Control c = controls.lock(key, now);
    if (c.state() == Control.State.PAUSED) {
      throw new JourneyStateConflict(c.state());
    }
    String seed = sends == Sends.SEEDS ? settings.seedContact() : null;
    Trials.Trial trial =
        new Trials.Trial(
            UUID.randomUUID().toString(),
            key,
            journey.getVersion(),
            sends.name(),
            timerFactor,
            segment,
            OperationsAuditActor.current(),
            now);
    trials.add(trial);
    int started = 0;
    for (String contactId : contactIds) {
      String notStarted = null;
      String instanceId = null;
      if (contacts.find(contactId).isEmpty()) {
        notStarted = "unknown contact";
      } else if (runtime
              .createProcessInstanceQuery()
              .processDefinitionKey(key)
              .processInstanceBusinessKey(contactId)
              .count()
          > 0) {
        notStarted = "already in the journey";
      } else {
        var builder =
            runtime
                .createProcessInstanceById(journey.getId())
                .businessKey(contactId)
                .setVariable(JourneyConstants.VAR_CONTACT_ID, contactId)
                .setVariable(MessageSender.TRIAL_VARIABLE, true)
                .setVariable(VAR_TRIAL_ID, trial.id());
        if (seed != null) {
          builder.setVariable(MessageSender.TRIAL_SEND_TO_VARIABLE, seed);
        }
        instanceId = builder.execute().getId();
        started++;
      }
      trials.addContact(trial.id(), new Trials.TrialContact(contactId, instanceId, notStarted));
    }
    audit.record(
        key,
        "trial",
        "trial "
            + trial.id()
            + ": started="
            + started
            + " of "
            + contactIds.size()
            + (segment == null ? "" : ", segment=" + segment)
            + ", sends="
            + sends.name().toLowerCase()
            + ", timerFactor="
            + timerFactor,
        now);
    shortenTimers(now);
    return status(key, trial.id());
  }

  /**
   * The trial with each contact's instance: running (where it waits), ended (where), not started.
   */
  Map<String, Object> status(String key, String id) {
    Trials.Trial trial = trials.find(key, id).orElseThrow(() -> new TrialNotFound(id));
    List<Map<String, Object>> instances = new ArrayList<>();
    Map<String, Long> notStarted = new TreeMap<>();
    int running = 0;
    int ended = 0;
    for (Trials.TrialContact c : trials.contacts(id)) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("contactId", c.contactId());
      if (c.processInstanceId() == null) {
        one.put("state", "not started");
        one.put("reason", c.notStarted());
        notStarted.merge(c.notStarted(), 1L, Long::sum);
      } else {
        one.put("processInstanceId", c.processInstanceId());
        ProcessInstance pi =
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(c.processInstanceId())
                .singleResult();
        if (pi != null) {
          running++;
          one.put("state", "running");
          one.put("activities", runtime.getActiveActivityIds(pi.getId()));
        } else {
          ended++;
          HistoricProcessInstance h =
              history
                  .createHistoricProcessInstanceQuery()
                  .processInstanceId(c.processInstanceId())
                  .singleResult();
          one.put("state", "ended");
          one.put("endActivity", h == null ? null : h.getEndActivityId());
        }
      }
      instances.add(one);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", trial.id());
    answer.put("journey", trial.processKey());
    answer.put("version", trial.version());
    answer.put("sends", trial.sends().toLowerCase());
    answer.put("timerFactor", trial.timerFactor());
    answer.put("segment", trial.segment());
    answer.put("createdBy", trial.createdBy());
    answer.put("createdAt", trial.createdAt());
    answer.put("contacts", instances.size());
    answer.put("started", running + ended);
    answer.put("running", running);
    answer.put("ended", ended);
    answer.put("notStarted", notStarted);
    answer.put("instances", instances);
    return answer;
  }

  /**
   * The accelerated clock: each timer of a trial instance with a factor above 1, the first time it
   * is seen (right after the start, then every {@code journeys.operations.trial-sweep}, PT5S), gets
   * its remaining time divided by the factor: with factor 1440 a 1-day wait takes a minute.
   */
  @Scheduled(fixedDelayString = "${journeys.operations.trial-sweep:PT5S}")
  @Transactional
  public void shortenTimers() {
    shortenTimers(OperationsGate.now());
  }

  private void shortenTimers(Instant now) {
    for (Trials.Accelerated a : trials.accelerated(now.minus(ACCELERATION_HORIZON))) {
      for (Job job :
          management.createJobQuery().processInstanceId(a.processInstanceId()).timers().list()) {
        if (!trials.markShortened(job.getId(), a.trialId())) {
          continue;
        }
        Instant due = job.getDuedate().toInstant();
        if (due.isAfter(now)) {
          Duration left = Duration.between(now, due);
          management.setJobDuedate(
              job.getId(), Date.from(now.plus(left.dividedBy(a.timerFactor()))));
        }
      }
    }
  }
}
