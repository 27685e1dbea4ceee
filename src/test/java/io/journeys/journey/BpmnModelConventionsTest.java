package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/** Every model in bpmn/ follows the modelling conventions; each rule can fail. */
class BpmnModelConventionsTest {

  static final Path BPMN = Path.of("bpmn");
  static final Path FORMS = Path.of("forms");
  static final Path TEMPLATES = Path.of(".camunda", "element-templates");
  static BpmnModelConventions conventions;

  @BeforeAll
  static void scan() {
    conventions = new BpmnModelConventions(springBeans(), FORMS, processKeys(), TEMPLATES);
  }

  @Test
  void everyModelInBpmnFollowsTheConventions() throws IOException {
    List<Path> models;
    try (Stream<Path> files = Files.walk(BPMN, 2)) { // bpmn/ and bpmn/alternatives/
      models = files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
    }
    assertThat(models).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Path file : models) {
      problems.addAll(
          conventions.check(file.getFileName().toString(), Bpmn.readModelFromFile(file.toFile())));
    }
    assertThat(problems).isEmpty();
  }

  /**
   * The engine refuses a deployment in which two process definitions start on the same message
   * (ENGINE-01011), so the deployed models (bpmn/*.bpmn) start on different messages; an
   * alternative with the same trigger lives in bpmn/alternatives/ and is not deployed.
   */
  @Test
  void noTwoDeployedModelsStartOnTheSameMessage() throws IOException {
    java.util.Map<String, List<String>> journeysByStartMessage = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(BPMN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        for (org.camunda.bpm.model.bpmn.instance.StartEvent start :
            model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.StartEvent.class)) {
          if (start.getParentElement() instanceof Process) {
            start.getEventDefinitions().stream()
                .filter(
                    d -> d instanceof org.camunda.bpm.model.bpmn.instance.MessageEventDefinition)
                .map(
                    d ->
                        ((org.camunda.bpm.model.bpmn.instance.MessageEventDefinition) d)
                            .getMessage()
                            .getName())
                .forEach(
                    name ->
                        journeysByStartMessage
                            .computeIfAbsent(name, n -> new ArrayList<>())
                            .add(file.getFileName().toString()));
          }
        }
      }
    }
    assertThat(journeysByStartMessage)
        .isNotEmpty()
        .allSatisfy((message, journeys) -> assertThat(journeys).as(message).hasSize(1));
    assertThat(
            Files.isRegularFile(
                BPMN.resolve("alternatives").resolve("cart-abandonment-payment-reminder.bpmn")))
        .isTrue();
  }

  @Test
  void generatedIdsAreRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .startEvent("StartEvent_1")
            .userTask("Activity_0abc12d")
            .endEvent("Event_1x2y3z4")
            .done();

    assertThat(conventions.readableIds(model))
        .anyMatch(p -> p.contains("'StartEvent_1'"))
        .anyMatch(p -> p.contains("'Activity_0abc12d'"))
        .anyMatch(p -> p.contains("'Event_1x2y3z4'"))
        .anyMatch(p -> p.contains("'sequenceFlow_")); // the builder's own generated flow ids
    assertThat(conventions.readableIds(valid())).isEmpty();
  }

  @Test
  void aProcessWithoutHistoryTimeToLiveIsRefused() {
    BpmnModelInstance model = valid();
    model
        .getModelElementsByType(Process.class)
        .iterator()
        .next()
        .setCamundaHistoryTimeToLiveString(null);

    assertThat(conventions.historyTimeToLive(model))
        .containsExactly("process lead-nurturing has no camunda:historyTimeToLive");
    assertThat(conventions.historyTimeToLive(valid())).isEmpty();
  }

  @Test
  void aServiceTaskWithoutAsyncBeforeAndRetryCycleIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_Send")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.asyncExternalCalls(model))
        .containsExactlyInAnyOrder(
            "Task_Send calls out but is not camunda:asyncBefore",
            "Task_Send calls out but has no camunda:failedJobRetryTimeCycle");
    assertThat(conventions.asyncExternalCalls(valid())).isEmpty();
  }

  @Test
  void anSmsTaskIsRetriedOnceAfterTwoHours() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_SmsDefault")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaFailedJobRetryTimeCycle("R3/PT5M")
            .camundaInputParameter("channel", "sms")
            .serviceTask("Task_SmsRight")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaFailedJobRetryTimeCycle("R2/PT2H")
            .camundaInputParameter("channel", "sms")
            .serviceTask("Task_Email")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaFailedJobRetryTimeCycle("R3/PT5M")
            .camundaInputParameter("channel", "email")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.channelRetryCycles(model))
        .containsExactly("Task_SmsDefault sends sms with retry cycle R3/PT5M, expected R2/PT2H");
    assertThat(conventions.channelRetryCycles(valid())).isEmpty();
  }

  @Test
  void aChannelChosenAtRunTimeIsRetriedLikeAnSms() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_BestDefault")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaFailedJobRetryTimeCycle("R3/PT5M")
            .camundaInputParameter("channel", "${bestChannel}")
            .serviceTask("Task_BestRight")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaFailedJobRetryTimeCycle("R2/PT2H")
            .camundaInputParameter("channel", "${bestChannel}")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.channelRetryCycles(model))
        .containsExactly(
            "Task_BestDefault sends ${bestChannel} with retry cycle R3/PT5M, expected R2/PT2H");
  }

  @Test
  void aTemplateChosenAtRunTimeNeedsNoFileButALiteralOneDoes() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_Chosen")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "push")
            .camundaInputParameter("template", "${offerTemplate}")
            .serviceTask("Task_Literal")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "push")
            .camundaInputParameter("template", "offer-template")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.messageTemplates(model))
        .hasSize(2)
        .allMatch(p -> p.startsWith("Task_Literal sends template 'offer-template'"));
  }

  @Test
  void aSendWindowMustBeHoursAndMinutes() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_Evening")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "push")
            .camundaInputParameter("sendWindow", "20:00-22:00")
            .serviceTask("Task_Vague")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "push")
            .camundaInputParameter("sendWindow", "8pm")
            .serviceTask("Task_Spaced")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "push")
            .camundaInputParameter("minSpacing", "PT2H")
            .serviceTask("Task_SoonAfter")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "push")
            .camundaInputParameter("minSpacing", "2h")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.sendWindows(model))
        .containsExactly(
            "Task_Vague has send window '8pm', expected HH:mm-HH:mm (e.g. 20:00-22:00)",
            "Task_SoonAfter has minimum spacing '2h', expected an ISO-8601 duration (e.g. PT2H)");
  }

  @Test
  void aTemplateMissingInALocaleIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_Known")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "lead-welcome")
            .serviceTask("Task_Unknown")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "no-such-template")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.messageTemplates(model))
        .hasSize(2)
        .allMatch(p -> p.startsWith("Task_Unknown sends template 'no-such-template'"))
        .anyMatch(p -> p.endsWith("en.mustache does not exist"))
        .anyMatch(p -> p.endsWith("zh-CN.mustache does not exist"));
  }

  @Test
  void unknownBeansAndCamundaClassAreRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_Send")
            .camundaDelegateExpression("${noSuchDelegate}")
            .serviceTask("Task_Legacy")
            .camundaClass("com.example.Legacy")
            .userTask("Task_Review")
            .camundaTaskListenerDelegateExpression("create", "${missingListener}")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.beans(model))
        .containsExactlyInAnyOrder(
            "Task_Send names 'noSuchDelegate', which is no Spring bean in io.journeys",
            "Task_Legacy uses camunda:class; use a ${bean} delegate expression",
            "Task_Review names 'missingListener', which is no Spring bean in io.journeys");
    assertThat(conventions.beans(valid())).isEmpty();
  }

  @Test
  void aFormRefWithoutItsFormIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .userTask("Task_Review")
            .endEvent("EndEvent_Done")
            .done();
    BaseElement task = model.getModelElementById("Task_Review");
    task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef", "no-such-form");

    assertThat(conventions.forms(model))
        .hasSize(2)
        .anyMatch(p -> p.contains("formRefBinding"))
        .anyMatch(p -> p.contains("no-such-form"));
    assertThat(conventions.forms(valid())).isEmpty();
  }

  @Test
  void aServiceTaskThatDriftedFromItsTemplateIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .serviceTask("Task_Plain")
            .camundaDelegateExpression("${tagContactDelegate}")
            .serviceTask("Task_Sms")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaAsyncBefore()
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "")
            .serviceTask("Task_Old")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${tagContactDelegate}")
            .camundaInputParameter("tag", "vip")
            .endEvent("EndEvent_Done")
            .done();
    template(model, "Task_Sms", "io.journeys.SendSms", "1");
    template(model, "Task_Old", "io.journeys.TagContact", "0");

    assertThat(conventions.elementTemplates(model))
        .containsExactlyInAnyOrder(
            "Task_Plain is not made from an element template (camunda:modelerTemplate)",
            "Task_Sms has channel=email but template io.journeys.SendSms fixes it to sms",
            "Task_Sms leaves template of template io.journeys.SendSms empty",
            "Task_Old uses template io.journeys.TagContact version 0, which does not exist");
    assertThat(conventions.elementTemplates(valid())).isEmpty();
  }

  private static void template(BpmnModelInstance model, String taskId, String id, String version) {
    BaseElement task = model.getModelElementById(taskId);
    task.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "modelerTemplate", id);
    task.setAttributeValueNs(
        "http://camunda.org/schema/1.0/bpmn", "modelerTemplateVersion", version);
  }

  @Test
  void aUserTaskWithoutCandidateGroupIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .userTask("Task_Review")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.userTasks(model))
        .containsExactly("Task_Review has no camunda:candidateGroups");
    assertThat(conventions.userTasks(valid())).isEmpty();
  }

  @Test
  void aTimerThatIsNoIsoDurationIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .intermediateCatchEvent("Event_Typo")
            .timerWithDuration("3D")
            .intermediateCatchEvent("Event_Hours")
            .timerWithDuration("PT24H")
            .intermediateCatchEvent("Event_Days")
            .timerWithDuration("P3D")
            .intermediateCatchEvent("Event_DaysAndHours")
            .timerWithDuration("P1DT12H")
            .intermediateCatchEvent("Event_Month")
            .timerWithDuration("P1M")
            .intermediateCatchEvent("Event_Date")
            .timerWithDate("2026-12-24T18:00:00+08:00")
            .intermediateCatchEvent("Event_Cycle")
            .timerWithCycle("R3/PT10M")
            .intermediateCatchEvent("Event_BadCycle")
            .timerWithCycle("R3/every day")
            .intermediateCatchEvent("Event_Cron")
            .timerWithCycle("0 0 9 * * ?")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.timers(model))
        .containsExactlyInAnyOrder(
            "Event_Typo has timer '3D', which is no ISO-8601 duration, date or cycle",
            "Event_BadCycle has timer 'R3/every day', which is no ISO-8601 duration, date or cycle");
  }

  @Test
  void aTimerDateMayOnlyBeAKnownDateVariable() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("broadcast")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .intermediateCatchEvent("Event_SendAt")
            .timerWithDate("${sendAt}")
            .intermediateCatchEvent("Event_BatchStartsAt")
            .timerWithDate("${batchStartsAt}")
            .intermediateCatchEvent("Event_Typo")
            .timerWithDate("${sendAtt}")
            .intermediateCatchEvent("Event_Duration")
            .timerWithDuration("${sendAt}")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.timers(model))
        .containsExactlyInAnyOrder(
            "Event_Typo has timer '${sendAtt}', which is no ISO-8601 duration, date or cycle",
            "Event_Duration has timer '${sendAt}', which is no ISO-8601 duration, date or cycle");
  }

  @Test
  void aMessageThatIsNoEventTypeIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .message("order placed")
            .endEvent("EndEvent_Done")
            .done();

    assertThat(conventions.messages(model)).singleElement().asString().contains("'order placed'");
    assertThat(conventions.messages(valid())).isEmpty();
  }

  @Test
  void aConditionOnAnUndeclaredVariableIsRefused() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .exclusiveGateway("Gateway_Score")
            .sequenceFlowId("Flow_Hot")
            .condition(
                "hot",
                "${leadScore >= 50 and source == 'form' and execution.getVariable('x') != null}")
            .endEvent("EndEvent_Hot")
            .moveToLastGateway()
            .sequenceFlowId("Flow_Renamed")
            .condition("renamed", "${leadScor < 50}")
            .endEvent("EndEvent_Cold")
            .done();

    assertThat(conventions.conditionVariables(model))
        .containsExactly(
            "Flow_Renamed reads variable 'leadScor', which is no VAR_* constant of JourneyConstants");
    assertThat(conventions.conditionVariables(valid())).isEmpty();
  }

  @Test
  void aFlowNodeWithoutShapeIsRefused() {
    BpmnModelInstance model = valid();
    BpmnShape shape =
        model.getModelElementsByType(BpmnShape.class).stream()
            .filter(s -> s.getBpmnElement().getId().equals("Task_Review"))
            .findFirst()
            .orElseThrow();
    shape.getParentElement().removeChildElement(shape);

    assertThat(conventions.diagram(model)).containsExactly("Task_Review has no BPMNShape");
    assertThat(conventions.diagram(valid())).isEmpty();
  }

  @Test
  void aProcessMustLiveInItsOwnFileAndBeAConstant() {
    assertThat(conventions.processes("other.bpmn", valid()))
        .containsExactly("process lead-nurturing must live in lead-nurturing.bpmn");
    BpmnModelInstance unknown =
        Bpmn.createExecutableProcess("unknown-journey")
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Go")
            .endEvent("EndEvent_Done")
            .done();
    assertThat(conventions.processes("unknown-journey.bpmn", unknown))
        .containsExactly(
            "process key unknown-journey is not a PROCESS_* constant of JourneyConstants");
  }

  /** A small model that passes every rule. */
  private static BpmnModelInstance valid() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("lead-nurturing")
            .camundaHistoryTimeToLive(180)
            .startEvent("StartEvent_FormSubmitted")
            .message("form.submitted")
            .serviceTask("Task_Tag")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${tagContactDelegate}")
            .camundaFailedJobRetryTimeCycle("R3/PT5M")
            .camundaInputParameter("tag", "vip")
            .userTask("Task_Review")
            .camundaCandidateGroups("sales")
            .camundaTaskListenerDelegateExpression("create", "${salesTaskListener}")
            .endEvent("EndEvent_Done")
            .done();
    template(model, "Task_Tag", "io.journeys.TagContact", "1");
    BaseElement review = model.getModelElementById("Task_Review");
    review.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef", "hand-to-sales");
    review.setAttributeValueNs(
        "http://camunda.org/schema/1.0/bpmn", "formRefBinding", "deployment");
    renameGeneratedIds(model);
    return model;
  }

  /**
   * The fluent builder names flows, messages and event definitions itself; give them readable ids.
   */
  private static void renameGeneratedIds(BpmnModelInstance model) {
    String[] names = {"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"};
    int next = 0;
    for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
      String id = element.getId();
      if (!(element instanceof Process)
          && id != null
          && !id.matches("[A-Z][A-Za-z]*_[A-Z][A-Za-z0-9]*")) {
        String kind = element.getElementType().getTypeName();
        element.setId(
            Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "_" + names[next++]);
      }
    }
  }

  static Set<String> springBeans() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Set<BeanDefinition> candidates = scanner.findCandidateComponents("io.journeys");
    return candidates.stream()
        .map(bean -> names.generateBeanName(bean, registry))
        .collect(Collectors.toSet());
  }

  static Set<String> processKeys() {
    return Arrays.stream(JourneyConstants.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("PROCESS_"))
        .map(BpmnModelConventionsTest::value)
        .collect(Collectors.toSet());
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
