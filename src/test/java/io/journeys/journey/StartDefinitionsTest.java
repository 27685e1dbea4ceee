package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The journeys a message starts are looked up once per transaction (a batch of events) and never
 * kept beyond it, so a new version deployed on any node starts from the next batch on.
 */
class StartDefinitionsTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .build();

  ProcessEngine processEngine;
  RepositoryService repository;
  StartDefinitions definitions;
  List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    repository = processEngine.getRepositoryService();
    definitions = new StartDefinitions(repository);
  }

  @AfterEach
  void tearDown() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.clearSynchronization();
    }
    deployments.forEach(id -> repository.deleteDeployment(id, true));
  }

  @Test
  void withoutATransactionEveryLookupSeesTheLatestVersion() {
    deploy("test-vip", "custom.vip");
    assertThat(versions(definitions.startedBy("custom.vip"))).containsExactly("test-vip:1");

    deploy("test-vip", "custom.vip");
    assertThat(versions(definitions.startedBy("custom.vip"))).containsExactly("test-vip:2");
  }

  @Test
  void aTransactionLooksUpOncePerMessageAndTheNextOneSeesANewVersion() {
    deploy("test-vip", "custom.vip");
    deploy("test-other", "custom.other");

    TransactionSynchronizationManager.initSynchronization();
    List<ProcessDefinition> first = definitions.startedBy("custom.vip");
    deploy("test-vip", "custom.vip"); // committed meanwhile, e.g. on another node
    assertThat(definitions.startedBy("custom.vip"))
        .as("the same lookup within the batch")
        .isSameAs(first);
    assertThat(versions(definitions.startedBy("custom.other"))).containsExactly("test-other:1");
    complete();

    TransactionSynchronizationManager.initSynchronization();
    assertThat(versions(definitions.startedBy("custom.vip"))).containsExactly("test-vip:2");
    complete();
    assertThat(TransactionSynchronizationManager.getResourceMap())
        .as("nothing left behind")
        .isEmpty();
  }

  @Test
  void aTransactionStartedInsideAnotherLooksUpOnItsOwn() {
    deploy("test-vip", "custom.vip");
    TransactionSynchronizationManager.initSynchronization();
    List<ProcessDefinition> outer = definitions.startedBy("custom.vip");

    List<TransactionSynchronization> suspended =
        TransactionSynchronizationManager.getSynchronizations();
    suspended.forEach(TransactionSynchronization::suspend);
    TransactionSynchronizationManager.clearSynchronization();
    deploy("test-vip", "custom.vip");
    TransactionSynchronizationManager.initSynchronization();
    assertThat(versions(definitions.startedBy("custom.vip"))).containsExactly("test-vip:2");
    complete();

    TransactionSynchronizationManager.initSynchronization();
    suspended.forEach(TransactionSynchronizationManager::registerSynchronization);
    suspended.forEach(TransactionSynchronization::resume);
    assertThat(definitions.startedBy("custom.vip")).isSameAs(outer);
    complete();
  }

  @Test
  void suspendedJourneysStartNothing() {
    deploy("test-vip", "custom.vip");
    repository.suspendProcessDefinitionByKey("test-vip");

    assertThat(definitions.startedBy("custom.vip")).isEmpty();
  }

  /** What a transaction manager does when a transaction ends. */
  private static void complete() {
    List<TransactionSynchronization> synchronizations =
        TransactionSynchronizationManager.getSynchronizations();
    TransactionSynchronizationManager.clearSynchronization();
    synchronizations.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
  }

  private static List<String> versions(List<ProcessDefinition> found) {
    return found.stream().map(d -> d.getKey() + ":" + d.getVersion()).toList();
  }

  private void deploy(String key, String message) {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .message(message)
            .userTask("Task_Work")
            .endEvent()
            .done();
    deployments.add(
        repository.createDeployment().addModelInstance(key + ".bpmn", model).deploy().getId());
  }
}
