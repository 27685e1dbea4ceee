package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

/**
 * The email scenarios of {@code ./mvnw -Pbench verify} wait for the welcome email that the lead
 * journey sends at once on {@code form.submitted}. A change of the journey that the benchmark
 * cannot follow (no step with a template, or a wait before it) fails here, in the regular build,
 * instead of ten minutes into a benchmark run (as the rename to {@code lead-whitepaper-thanks}
 * did).
 */
class WelcomeEmailTest {

  @Test
  void theShippedLeadJourneySendsAnEmailTemplateThatExistsAtOnce() throws Exception {
    BpmnModelInstance model;
    try (InputStream in = resource("bpmn/lead-nurturing.bpmn")) {
      model = Bpmn.readModelFromStream(in);
    }
    String template = WelcomeEmail.template(model);
    for (String locale : new String[] {"en", "zh-CN"}) {
      try (InputStream in = resource("messages/" + template + "/" + locale + ".mustache")) {
        assertThat(in).as(template + " in " + locale).isNotNull();
      }
    }
  }

  @Test
  void aJourneyThatWaitsBeforeItsFirstEmailIsNamed() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .startEvent("StartEvent_FormSubmitted")
            .message(WelcomeEmail.EVENT)
            .intermediateCatchEvent("Event_OptInConfirmed")
            .message("consent.confirmed")
            .serviceTask("Task_SendWelcomeEmail")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "lead-whitepaper-thanks")
            .endEvent()
            .done();
    assertThatThrownBy(() -> WelcomeEmail.template(model))
        .hasMessageContaining("before the journey waits at [Event_OptInConfirmed]");
  }

  @Test
  void aJourneyWithoutAStartOnTheEventIsNamed() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .startEvent()
            .message("cart.added")
            .endEvent()
            .done();
    assertThatThrownBy(() -> WelcomeEmail.template(model))
        .hasMessageContaining("no start event on form.submitted");
  }

  private static InputStream resource(String name) {
    return WelcomeEmailTest.class.getClassLoader().getResourceAsStream(name);
  }
}
