package io.journeys.journey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The active journeys whose message start event has a given name, looked up once per transaction:
 * the intake stores and publishes a batch of events in one transaction, so a batch asks the engine
 * once per event type instead of once per event.
 *
 * <p>Nothing outlives the transaction (no per-node cache): each batch sees the definitions deployed
 * or suspended before it, on any node, as a lookup per event did; a deployment that commits while a
 * batch runs counts from the next batch. Without a transaction (plain engine tests) every call asks
 * the engine.
 */
final class StartDefinitions {

  private final RepositoryService repository;

  StartDefinitions(RepositoryService repository) {
    this.repository = repository;
  }

  List<ProcessDefinition> startedBy(String messageName) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return lookUp(messageName);
    }
    return inThisTransaction().computeIfAbsent(messageName, this::lookUp);
  }

  private List<ProcessDefinition> lookUp(String messageName) {
    return List.copyOf(
        repository
            .createProcessDefinitionQuery()
            .messageEventSubscriptionName(messageName)
            .active()
            .list());
  }

  @SuppressWarnings("unchecked")
  private Map<String, List<ProcessDefinition>> inThisTransaction() {
    Map<String, List<ProcessDefinition>> byName =
        (Map<String, List<ProcessDefinition>>) TransactionSynchronizationManager.getResource(this);
    if (byName == null) {
      Map<String, List<ProcessDefinition>> fresh = new HashMap<>();
      TransactionSynchronizationManager.bindResource(this, fresh);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void suspend() {
              // a transaction started inside this one (REQUIRES_NEW) looks up on its own
              TransactionSynchronizationManager.unbindResource(StartDefinitions.this);
            }

            @Override
            public void resume() {
              TransactionSynchronizationManager.bindResource(StartDefinitions.this, fresh);
            }

            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(StartDefinitions.this);
            }
          });
      byName = fresh;
    }
    return byName;
  }
}
