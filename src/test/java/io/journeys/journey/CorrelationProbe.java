package io.journeys.journey;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.springframework.context.ApplicationContext;

/**
 * For benchmarks (not a test): a correlation to the waiting executions of a contact the
 * correlator's way and, as the baseline, the engine's own way by business key (what the correlator
 * did before: one query joining the executions of all instances with the contact's business key and
 * their subscriptions).
 */
public final class CorrelationProbe {

  private final JourneyCorrelator correlator;
  private final RuntimeService runtime;

  public CorrelationProbe(ApplicationContext app) {
    this.correlator = app.getBean(JourneyCorrelator.class);
    this.runtime = app.getBean(RuntimeService.class);
  }

  public int viaCorrelator(String messageName, String contactId) {
    return correlator.correlateWaiting(messageName, contactId, null);
  }

  public int viaBusinessKey(String messageName, String contactId) {
    return ((MessageCorrelationBuilderImpl) runtime.createMessageCorrelation(messageName))
        .executionsOnly()
        .processInstanceBusinessKey(contactId)
        .correlateAllWithResult()
        .size();
  }
}
