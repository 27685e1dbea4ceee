package io.journeys.support;

import java.util.Map;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * Puts {@code camunda:property} entries on a test journey's process element, as a designer sets
 * them in Modeler (goal, owner, emergency contact, …): the fluent model builder has no step for
 * them.
 */
public final class ProcessProperties {

  private ProcessProperties() {}

  /** Replaces the extension elements of process {@code processKey} with these properties. */
  public static void set(
      BpmnModelInstance model, String processKey, Map<String, String> properties) {
    Process process = model.getModelElementById(processKey);
    ExtensionElements extensions = model.newInstance(ExtensionElements.class);
    CamundaProperties list = extensions.addExtensionElement(CamundaProperties.class);
    properties.forEach(
        (name, value) -> {
          CamundaProperty property = model.newInstance(CamundaProperty.class);
          property.setCamundaName(name);
          property.setCamundaValue(value);
          list.addChildElement(property);
        });
    process.setExtensionElements(extensions);
  }
}
