package io.journeys.operations;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.event.StoredEvent;
import io.journeys.journey.JourneyGate;
import io.journeys.operations.Control.Rollout;
import io.journeys.segment.SegmentDirectory;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Operations' {@link JourneyGate}: a paused journey holds new entries and the events its suspended
 * instances wait for ({@link HeldEvents}); a journey whose entry is stopped, an entry outside the
 * journey's run window ({@link RunWindows}) or a contact outside the rollout is recorded as not
 * entered with the reason ({@link NotEntered}). One read of {@code journey_control} per start of a
 * journey; a journey no operator touched has no row and starts for everyone in its run window.
 */
@Component
class OperationsGate implements JourneyGate {

  private static final Logger log = LoggerFactory.getLogger(OperationsGate.class);

  private final JourneyControls controls;
  private final HeldEvents held;
  private final NotEntered notEntered;
  private final ContactDirectory contacts;
  private final SegmentDirectory segments;
  private final RunWindows runWindows;

  OperationsGate(
      JourneyControls controls,
      HeldEvents held,
      NotEntered notEntered,
      ContactDirectory contacts,
      SegmentDirectory segments,
      RunWindows runWindows) {
    this.segments = segments;
    this.runWindows = runWindows;
    this.controls = controls;
    this.held = held;
    this.notEntered = notEntered;
    this.contacts = contacts;
  }

  @Override
  public boolean mayStart(String processKey, StoredEvent event) {
    Instant now = now();
    Control control = controls.find(processKey).orElse(null);
    if (control == null) {
      return inRunWindow(processKey, event, now);
    }
    switch (control.state()) {
      case PAUSED -> {
        held.hold(processKey, null, event, now);
        log.info(
            "event {} ({}): entry of {} into paused {} held until resume",
            event.id(),
            event.type(),
            event.contactId(),
            processKey);
        return false;
      }
      case ENTRY_STOPPED, STOPPED -> {
        notEntered.record(
            processKey,
            event.contactId(),
            event.id(),
            control.state() == Control.State.STOPPED ? "journey stopped" : "entry stopped",
            now);
        return false;
      }
      default -> {
        if (!inRunWindow(processKey, event, now)) {
          return false;
        }
        String outside = outside(processKey, event.contactId(), control.rollout());
        if (outside != null) {
          notEntered.record(processKey, event.contactId(), event.id(), outside, now);
          return false;
        }
        return true;
      }
    }
  }

  private boolean inRunWindow(String processKey, StoredEvent event, Instant now) {
    String refusal = runWindows.refusal(processKey, now);
    if (refusal != null) {
      notEntered.record(processKey, event.contactId(), event.id(), refusal, now);
    }
    return refusal == null;
  }

  /** Why the contact is outside the rollout, or null when it is inside. */
  private String outside(String processKey, String contactId, Rollout rollout) {
    if (rollout.everyone()) {
      return null;
    }
    if (!RolloutBuckets.inside(processKey, contactId, rollout.percent())) {
      return "outside rollout: " + rollout.percent().stripTrailingZeros().toPlainString() + " %";
    }
    if (rollout.attribute() != null) {
      Object value =
          contacts
              .find(contactId)
              .map(ContactView::attributes)
              .map(a -> a.get(rollout.attribute()))
              .orElse(null);
      if (value == null || !rollout.values().contains(value.toString())) {
        return "outside rollout: " + rollout.attribute() + " not in " + rollout.values();
      }
    }
    if (rollout.segment() != null && !segments.isMember(rollout.segment(), contactId)) {
      return "outside rollout: not in segment " + rollout.segment();
    }
    return null;
  }

  @Override
  public boolean holdForSuspended(String processKey, String processInstanceId, StoredEvent event) {
    Optional<Control> control = controls.find(processKey);
    if (control.isEmpty() || control.get().state() != Control.State.PAUSED) {
      return false; // suspended by someone else (Cockpit): not ours to replay
    }
    held.hold(processKey, processInstanceId, event, now());
    return true;
  }

  static Instant now() {
    return EngineClock.now();
  }
}
