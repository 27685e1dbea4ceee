package io.journeys.segment;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.journey.JourneyConstants;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The task of {@code bpmn/segment-dormant-scan.bpmn} (bean name kept from when it scanned the
 * dormant segment only): re-evaluates the next batch of contacts, in id order after the cursor
 * ({@link ContactFacts#idsAfter}), for every segment (the nightly pass: windows that ran out,
 * dormancy, profile changes) or for the segments named in the variable {@code segments}
 * (comma-separated; a rebuild after a definition changed). One job and one transaction per batch,
 * so the job executor gives each batch to exactly one node, and a failing batch is retried with the
 * same cursor.
 */
@Component("dormantSegmentScan")
class DormantSegmentScanDelegate implements JavaDelegate {

  static final String VAR_CURSOR = JourneyConstants.VAR_SCAN_CURSOR;
  static final String VAR_DONE = JourneyConstants.VAR_SCAN_DONE;
  static final String VAR_ENTERED = JourneyConstants.VAR_SCAN_ENTERED;
  static final String VAR_LEFT = JourneyConstants.VAR_SCAN_LEFT;
  static final String VAR_SEGMENTS = JourneyConstants.VAR_SCAN_SEGMENTS;

  private static final Logger log = LoggerFactory.getLogger(DormantSegmentScanDelegate.class);

  private final SegmentCatalog catalog;
  private final Membership membership;
  private final ContactFacts contacts;
  private final int batchSize;

  DormantSegmentScanDelegate(
      SegmentCatalog catalog,
      Membership membership,
      ContactFacts contacts,
      @Value("${journeys.segments.batch-size:500}") int batchSize) {
    this.catalog = catalog;
    this.membership = membership;
    this.contacts = contacts;
    this.batchSize = batchSize;
  }

  /** What one batch did: the last contact id it looked at, the changes, whether it was the last. */
  record Batch(String cursor, Membership.Changes changes, boolean done) {}

  @Override
  public void execute(DelegateExecution execution) {
    Batch batch =
        nextBatch(
            (String) execution.getVariable(VAR_SEGMENTS),
            (String) execution.getVariable(VAR_CURSOR),
            EngineClock.now());
    int entered = count(execution, VAR_ENTERED) + batch.changes().entered();
    int left = count(execution, VAR_LEFT) + batch.changes().left();
    execution.setVariable(VAR_CURSOR, batch.cursor());
    execution.setVariable(VAR_ENTERED, entered);
    execution.setVariable(VAR_LEFT, left);
    execution.setVariable(VAR_DONE, batch.done());
    if (batch.done()) {
      log.info(
          "Segment pass {} ({}): {} entered, {} left",
          execution.getProcessInstanceId(),
          execution.getVariable(VAR_SEGMENTS) == null
              ? "all segments"
              : execution.getVariable(VAR_SEGMENTS),
          entered,
          left);
    }
  }

  Batch nextBatch(String segmentKeys, String after, Instant now) {
    String cursor = after == null ? "" : after;
    List<String> keys =
        segmentKeys == null
            ? null
            : Arrays.stream(segmentKeys.split(",")).map(String::trim).toList();
    List<Segment> segments =
        catalog.all().stream().filter(s -> keys == null || keys.contains(s.key())).toList();
    List<String> contacts =
        segments.isEmpty()
            ? List.of()
            : this.contacts.idsAfter(after == null || after.isEmpty() ? null : after, batchSize);
    if (contacts.isEmpty()) {
      return new Batch(cursor, new Membership.Changes(0, 0), true);
    }
    Membership.Changes changes = membership.reevaluate(segments, contacts, now, "re-evaluated");
    return new Batch(contacts.get(contacts.size() - 1), changes, contacts.size() < batchSize);
  }

  private static int count(DelegateExecution execution, String name) {
    return execution.getVariable(name) instanceof Number n ? n.intValue() : 0;
  }
}
