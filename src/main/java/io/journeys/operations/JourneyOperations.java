package io.journeys.operations;

import io.journeys.journey.JourneyReplay;
import io.journeys.operations.Control.OnMaxPause;
import io.journeys.operations.Control.Rollout;
import io.journeys.operations.Control.State;
import io.journeys.operations.Control.TimerPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pause, resume, stop-entry, stop and the rollout of a journey; each change is one transaction with
 * its audit record, on the journey's locked {@code journey_control} row (so two operators, or an
 * operator and the maximum pause, on any node, change one journey one after the other).
 */
@Service
public class JourneyOperations {

  /** Held events replayed per resume; the rest stays held (docs/operations.md). */
  static final int REPLAY_LIMIT = 10_000;

  private final JourneyControls controls;
  private final HeldEvents held;
  private final NotEntered notEntered;
  private final OperationsAudit audit;
  private final PausedTimers timers;
  private final JourneyReplay replay;
  private final RuntimeService runtime;
  private final ManualMode manualMode;

  JourneyOperations(
      JourneyControls controls,
      HeldEvents held,
      NotEntered notEntered,
      OperationsAudit audit,
      PausedTimers timers,
      JourneyReplay replay,
      RuntimeService runtime,
      ManualMode manualMode) {
    this.manualMode = manualMode;
    this.controls = controls;
    this.held = held;
    this.notEntered = notEntered;
    this.audit = audit;
    this.timers = timers;
    this.replay = replay;
    this.runtime = runtime;
  }

  /**
   * Pauses the journey with the defaults of {@code POST /api/journeys/{key}/pause} (timers shift,
   * at most 14 days, then resume), audited with the caller (or {@code system}) and the reason.
   * Other features pause through {@link JourneyActions#pause}.
   *
   * @throws JourneyStateConflict when the journey is paused or stopped already
   */
  @Transactional
  void pause(String key, String reason) {
    pause(key, TimerPolicy.SHIFT, Control.DEFAULT_MAX_PAUSE, OnMaxPause.RESUME, reason);
  }

  /** Suspends every instance of the journey and holds new entries and their events. */
  @Transactional
  Control pause(
      String key, TimerPolicy policy, Duration maxPause, OnMaxPause onMaxPause, String reason) {
    Instant now = OperationsGate.now();
    Control c = controls.lock(key, now);
    if (c.state() == State.PAUSED || c.state() == State.STOPPED) {
      throw new JourneyStateConflict(c.state());
    }
    Control paused =
        new Control(
            key, State.PAUSED, c.state(), now, policy, maxPause, onMaxPause, c.rollout(), now);
    controls.save(paused, now);
    runtime.updateProcessInstanceSuspensionState().byProcessDefinitionKey(key).suspend();
    audit.record(
        key,
        "pause",
        "timerPolicy="
            + policy
            + ", maxPause="
            + maxPause
            + ", onMaxPause="
            + onMaxPause
            + reasonOf(reason),
        now);
    return paused;
  }

  /**
   * Applies the timer policy, activates the instances and replays the held events in their order:
   * messages to their instances, entries through the journey's start (rollout and re-entry rule
   * apply then). Resuming a journey whose entry was stopped (or that was stopped) opens its entry
   * again.
   */
  @Transactional
  Map<String, Object> resume(String key, String reason) {
    Instant now = OperationsGate.now();
    Control c = controls.lock(key, now);
    if (c.state() == State.RUNNING) {
      throw new JourneyStateConflict(c.state());
    }
    Map<String, Object> outcome = new java.util.LinkedHashMap<>();
    State next = State.RUNNING;
    if (c.state() == State.PAUSED) {
      Duration pause = Duration.between(c.pausedAt(), now);
      outcome.put("pausedFor", pause.toString());
      outcome.put("timers", timers.apply(key, c.timerPolicy(), c.pausedAt(), now));
      next = c.stateBeforePause() == State.ENTRY_STOPPED ? State.ENTRY_STOPPED : State.RUNNING;
    }
    controls.save(new Control(key, next, null, null, null, null, null, c.rollout(), now), now);
    if (c.state() == State.PAUSED) {
      runtime.updateProcessInstanceSuspensionState().byProcessDefinitionKey(key).activate();
      if (manualMode.manual(key)) {
        manualMode.suspendSendSteps(key); // activation woke the send jobs too
      }
      outcome.putAll(replayHeld(key));
    }
    outcome.put("state", next.name());
    audit.record(key, "resume", outcome.toString() + reasonOf(reason), now);
    return outcome;
  }

  private Map<String, Object> replayHeld(String key) {
    int started = 0;
    int delivered = 0;
    int unreached = 0;
    for (HeldEvents.Held h : held.of(key, REPLAY_LIMIT)) {
      if (h.processInstanceId() == null) {
        started += replay.start(key, h.event()) ? 1 : 0;
      } else if (replay.deliver(h.processInstanceId(), h.event()) > 0) {
        delivered++;
      } else {
        unreached++;
      }
      held.remove(h.seq());
    }
    return Map.of(
        "entriesStarted", started, "messagesDelivered", delivered, "messagesUnreached", unreached);
  }

  /** No new entries; running instances go on to their end. */
  @Transactional
  Control stopEntry(String key, String reason) {
    Instant now = OperationsGate.now();
    Control c = controls.lock(key, now);
    if (c.state() != State.RUNNING) {
      throw new JourneyStateConflict(c.state());
    }
    Control stopped =
        new Control(key, State.ENTRY_STOPPED, null, null, null, null, null, c.rollout(), now);
    controls.save(stopped, now);
    audit.record(key, "stop-entry", reasonOf(reason).trim(), now);
    return stopped;
  }

  /**
   * Every instance ends now with the reason (deleting an instance cancels its messages still in the
   * outbox: channel's dispatch job cancels its message when it is deleted); held entries are
   * recorded as not entered.
   */
  @Transactional
  Map<String, Object> stop(String key, String reason) {
    Instant now = OperationsGate.now();
    Control c = controls.lock(key, now);
    if (c.state() == State.STOPPED) {
      throw new JourneyStateConflict(c.state());
    }
    String why = "journey stopped by an operator" + reasonOf(reason);
    List<String> ids =
        runtime.createProcessInstanceQuery().processDefinitionKey(key).list().stream()
            .map(pi -> pi.getId())
            .toList();
    if (!ids.isEmpty()) {
      runtime.deleteProcessInstances(ids, why, false, true);
    }
    int heldEntries = 0;
    for (HeldEvents.Held h : held.of(key, Integer.MAX_VALUE)) {
      if (h.processInstanceId() == null) {
        notEntered.record(key, h.event().contactId(), h.event().id(), "journey stopped", now);
        heldEntries++;
      }
      held.remove(h.seq());
    }
    controls.save(
        new Control(key, State.STOPPED, null, null, null, null, null, c.rollout(), now), now);
    audit.record(
        key,
        "stop",
        "instances=" + ids.size() + ", heldEntries=" + heldEntries + reasonOf(reason),
        now);
    return Map.of(
        "state",
        State.STOPPED.name(),
        "instancesEnded",
        ids.size(),
        "heldEntriesNotEntered",
        heldEntries);
  }

  @Transactional
  Control rollout(String key, Rollout rollout) {
    Instant now = OperationsGate.now();
    Control c = controls.lock(key, now);
    Control changed =
        new Control(
            key,
            c.state(),
            c.stateBeforePause(),
            c.pausedAt(),
            c.timerPolicy(),
            c.maxPause(),
            c.onMaxPause(),
            rollout,
            now);
    controls.save(changed, now);
    audit.record(key, "rollout", "from " + describe(c.rollout()) + " to " + describe(rollout), now);
    return changed;
  }

  static String describe(Rollout r) {
    if (r.everyone()) {
      return "everyone";
    }
    String percent =
        r.percent() == null ? "" : r.percent().stripTrailingZeros().toPlainString() + " %";
    String filter = r.attribute() == null ? "" : r.attribute() + " in " + r.values();
    if (r.segment() != null) {
      filter = (filter.isEmpty() ? "" : filter + " and ") + "segment " + r.segment();
    }
    return (percent + (percent.isEmpty() || filter.isEmpty() ? "" : " of ") + filter).trim();
  }

  private static String reasonOf(String reason) {
    return reason == null || reason.isBlank() ? "" : "; reason: " + reason.strip();
  }
}
