package io.journeys.journey;

import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Journeys that are deployed but start no one: alternatives a designer can choose instead of
 * the journey with the same trigger (a suspended definition starts no instance, see
 * {@link StartDefinitions}). When the application is ready (after the start-up deployment) every definition of the keys in
 * {@code journeys.journey.suspended} (comma-separated; default: seed 001's cart variant, so that
 * a cart gets one journey) is suspended. To choose the variant, list {@code cart-abandonment}
 * there instead and activate {@code cart-abandonment-payment-reminder} in Cockpit once.
 */
@Component
class SuspendedJourneys {

  private static final Logger log = LoggerFactory.getLogger(SuspendedJourneys.class);

  private final RepositoryService repository;
  private final List<String> keys;

  SuspendedJourneys(RepositoryService repository,
      @Value("${journeys.journey.suspended:" + JourneyConstants.PROCESS_CART_ABANDONMENT_PAYMENT_REMINDER + "}")
      List<String> keys) {
    this.repository = repository;
    this.keys = keys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
  }

  /** The start-up deployment (camunda.bpm.deployment-resource-pattern) is done by then. */
  @EventListener(ApplicationReadyEvent.class)
  void onStarted() {
    suspend();
  }

  /** Suspends every active definition of the configured keys; returns how many it suspended. */
  int suspend() {
    int suspended = 0;
    for (String key : keys) {
      long active = repository.createProcessDefinitionQuery().processDefinitionKey(key).active().count();
      if (active > 0) {
        repository.updateProcessDefinitionSuspensionState().byProcessDefinitionKey(key).suspend();
        log.info("journey {} is suspended (journeys.journey.suspended): it starts no one", key);
        suspended += (int) active;
      }
    }
    return suspended;
  }
}
