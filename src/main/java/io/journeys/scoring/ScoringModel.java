package io.journeys.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * The latest deployed version of {@code dmn/lead-scoring.dmn}, read from the engine's repository (a
 * new version deployed from Camunda Modeler is picked up by {@link #refresh()}).
 */
@Component
class ScoringModel {

  private final RepositoryService repository;
  private final DmnEngine dmn;
  private volatile ScoreRules current;

  ScoringModel(ProcessEngine engine) {
    this.repository = engine.getRepositoryService();
    // a DMN engine of our own: the process engine's parses in command contexts only, and
    // evaluating through the DecisionService would write history per event
    this.dmn = SimpleFeel.dmnEngine();
  }

  /** The rules now in force. */
  ScoreRules current() {
    ScoreRules rules = current;
    return rules != null ? rules : refresh();
  }

  /** Reads the latest version when it differs from the one in force; answers the one in force. */
  synchronized ScoreRules refresh() {
    DecisionDefinition latest =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey(ScoreRules.RULES)
            .latestVersion()
            .singleResult();
    if (latest == null) {
      throw new IllegalStateException(
          "no decision " + ScoreRules.RULES + " is deployed (dmn/lead-scoring.dmn)");
    }
    if (current == null || current.version() != latest.getVersion()) {
      try (InputStream model = repository.getDecisionModel(latest.getId())) {
        current = new ScoreRules(dmn, model, latest.getVersion());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return current;
  }
}
