package io.journeys.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/** The latest deployed version of {@code dmn/contact-tags.dmn}. */
@Component
class TagModel {

  private final RepositoryService repository;
  private final DmnEngine dmn;
  private volatile TagRules current;

  TagModel(ProcessEngine engine) {
    this.repository = engine.getRepositoryService();
    // a DMN engine of our own: the process engine's parses in command contexts only, and
    // evaluating through the DecisionService would write history per event
    this.dmn = SimpleFeel.dmnEngine();
  }

  TagRules current() {
    TagRules rules = current;
    return rules != null ? rules : refresh();
  }

  synchronized TagRules refresh() {
    DecisionDefinition latest =
        repository
            .createDecisionDefinitionQuery()
            .decisionDefinitionKey(TagRules.DECISION)
            .latestVersion()
            .singleResult();
    if (latest == null) {
      throw new IllegalStateException(
          "no decision " + TagRules.DECISION + " is deployed (dmn/contact-tags.dmn)");
    }
    if (current == null || current.version() != latest.getVersion()) {
      try (InputStream model = repository.getDecisionModel(latest.getId())) {
        current = new TagRules(dmn, model, latest.getVersion());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return current;
  }
}
