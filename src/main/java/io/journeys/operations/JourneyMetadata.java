package io.journeys.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

/**
 * A journey's metadata: {@code camunda:properties} on the process element (Modeler: the process,
 * "Extension properties"). Operations reads {@link #NAMES}; other properties on the process
 * (analytics' {@code goal.event}, {@code goal.window}) are no metadata of this feature. Read once
 * per process definition (a deployed definition never changes).
 */
@Component
class JourneyMetadata {

  static final String OWNER = "owner";
  static final String EMERGENCY_CONTACT = "emergencyContact";
  static final String GOAL_KPI = "goalKpi";
  static final String RUN_WINDOW = "runWindow";
  static final List<String> NAMES = List.of(OWNER, EMERGENCY_CONTACT, GOAL_KPI, RUN_WINDOW);

  private final RepositoryService repository;
  private final Map<String, Map<String, String>> byDefinition = new ConcurrentHashMap<>();

  JourneyMetadata(RepositoryService repository) {
    this.repository = repository;
  }

  /**
   * The metadata of one process definition, in the order of {@link #NAMES}; absent ones left out.
   */
  Map<String, String> of(String processDefinitionId, String processKey) {
    return byDefinition.computeIfAbsent(processDefinitionId, id -> read(id, processKey));
  }

  private Map<String, String> read(String processDefinitionId, String processKey) {
    BpmnModelInstance model = repository.getBpmnModelInstance(processDefinitionId);
    Map<String, String> found = new LinkedHashMap<>();
    Process process = model.getModelElementById(processKey);
    ExtensionElements extensions = process == null ? null : process.getExtensionElements();
    if (extensions == null) {
      return Map.of();
    }
    for (CamundaProperties properties :
        extensions.getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty property : properties.getCamundaProperties()) {
        if (NAMES.contains(property.getCamundaName()) && property.getCamundaValue() != null) {
          found.put(property.getCamundaName(), property.getCamundaValue());
        }
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    NAMES.stream().filter(found::containsKey).forEach(n -> ordered.put(n, found.get(n)));
    return java.util.Collections.unmodifiableMap(ordered);
  }
}
