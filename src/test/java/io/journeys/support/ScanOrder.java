package io.journeys.support;

import io.journeys.journey.JourneyConstants;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Contact ids that a pass over every contact in id order reaches in its first batch: the nightly
 * segment pass and a segment's rebuild ({@code segment-dormant-scan}, 500 contacts a job). The
 * integration tests share one database, which the earlier ones leave with tens of thousands of
 * contacts; a test that needs such a pass to reach its own contacts gives them these ids and waits
 * for the pass to be past them, never for the whole pass, so what it waits for does not grow with
 * what the earlier tests left. Once the pass is past them, the test stops it ({@link #stop}), so
 * that the rest of it does not walk the shared database in the background of the next tests.
 */
public final class ScanOrder {

  /**
   * Nine zeros and a hyphen: before the ids of the other tests (random hex, words, phone numbers)
   * in the C collation and in the natural-language ones (which skip the hyphen) alike.
   */
  public static final String FIRST = "000000000-";

  private ScanOrder() {}

  /**
   * A fresh contact id in the first batch of a pass: {@link #FIRST}, the label, 12 random hex
   * digits (short enough that {@code <id>@example.com} stays a valid address for labels of up to 40
   * characters: 64 before the {@code @}).
   */
  public static String firstBatchId(String label) {
    return FIRST + label + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** The running rebuilds of a segment (passes started for it alone), to {@link #stop} later. */
  public static List<String> rebuildsOf(RuntimeService runtime, String segment) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
        .variableValueEquals(JourneyConstants.VAR_SCAN_SEGMENTS, segment)
        .list()
        .stream()
        .map(ProcessInstance::getId)
        .toList();
  }

  /**
   * Stops a pass that the test started (deletes its instance), retrying while a job of the pass
   * commits a batch meanwhile.
   */
  public static void stop(RuntimeService runtime, String processInstanceId) {
    Waits.waitFor("the pass " + processInstanceId + " stopped")
        .ignoreException(OptimisticLockingException.class)
        .until(
            () -> {
              runtime.deleteProcessInstanceIfExists(
                  processInstanceId, "the test's contacts are evaluated", true, true, true, false);
              return runtime
                      .createProcessInstanceQuery()
                      .processInstanceId(processInstanceId)
                      .count()
                  == 0;
            });
  }
}
