package io.journeys.operations;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/** The literal input parameters ({@code camunda:inputParameter}) of a service task in its model. */
final class TaskInputs {

  private TaskInputs() {}

  /** Parameter name → its text, stripped. */
  static Map<String, String> of(ServiceTask task) {
    Map<String, String> params = new HashMap<>();
    task.getModelInstance().getModelElementsByType(CamundaInputParameter.class).stream()
        .filter(p -> isWithin(p, task))
        .forEach(p -> params.put(p.getCamundaName(), p.getTextContent().strip()));
    return params;
  }

  private static boolean isWithin(ModelElementInstance e, ServiceTask task) {
    for (var p = e.getParentElement(); p != null; p = p.getParentElement()) {
      if (p == task) {
        return true;
      }
    }
    return false;
  }
}
