package io.journeys.operations;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.support.ProcessProperties;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Journeys of the operations tests, deployed with keys and message names of their own (the
 * application context and its database are shared with other tests).
 */
final class OperationsModels {

  /** A deployed test journey: its key and the event types it starts on and waits for. */
  record TestJourney(String key, String start, String first, String second) {}

  private OperationsModels() {}

  /**
   * A new contact (with email consent) enters {@code j} through the REST API: the contact is
   * created, then the journey's start event is posted. Returns the contact's instance of {@code j}.
   */
  static ProcessInstance enter(MockMvc mvc, RuntimeService runtime, TestJourney j)
      throws Exception {
    String contact = "c-ops-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + contact)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"email\": \"" + contact + "@example.com\", \"consent\": {\"email\": true}}"))
        .andExpect(status().isCreated());
    event(mvc, j.start(), contact);
    return instanceOf(runtime, j, contact);
  }

  /** The contact's instance of {@code j}; null when it has none. */
  static ProcessInstance instanceOf(RuntimeService runtime, TestJourney j, String contact) {
    return instances(runtime, j, contact).singleResult();
  }

  /** How many instances of {@code j} the contact has. */
  static long instanceCount(RuntimeService runtime, TestJourney j, String contact) {
    return instances(runtime, j, contact).count();
  }

  private static ProcessInstanceQuery instances(
      RuntimeService runtime, TestJourney j, String contact) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(j.key())
        .processInstanceBusinessKey(contact);
  }

  /** The id of the end event where the instance ended; null while it runs. */
  static String endedAt(HistoryService history, String processInstanceId) {
    return history
        .createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId)
        .singleResult()
        .getEndActivityId();
  }

  /** Posts an event of {@code type} of {@code contact}, now, through the REST API. */
  static void event(MockMvc mvc, String type, String contact) throws Exception {
    mvc.perform(
            post("/api/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content(eventJson(type, contact)))
        .andExpect(status().isAccepted());
  }

  /** An event of {@code type} of {@code contactId}, now, with a fresh id, as the API takes it. */
  static String eventJson(String type, String contactId) {
    return "{\"id\": \""
        + UUID.randomUUID()
        + "\", \"type\": \""
        + type
        + "\", \"contactId\": \""
        + contactId
        + "\", \"occurredAt\": \""
        + Instant.now()
        + "\"}";
  }

  /**
   * Starts on {@code start}; then waits for {@code first} (or 1 day, then ends), then for {@code
   * second}, then ends. So {@code first} before {@code second} ends it, the other order leaves it
   * waiting for {@code second}.
   */
  static TestJourney twoSteps(RepositoryService repository, Map<String, String> metadata) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    TestJourney j =
        new TestJourney(
            "ops-" + id,
            "custom.ops." + id + ".start",
            "custom.ops." + id + ".first",
            "custom.ops." + id + ".second");
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(j.key())
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .message(j.start())
            .eventBasedGateway()
            .id("Gateway_FirstOrTimeout")
            .intermediateCatchEvent("Event_First")
            .message(j.first())
            .intermediateCatchEvent("Event_Second")
            .message(j.second())
            .endEvent("EndEvent_Done")
            .moveToNode("Gateway_FirstOrTimeout")
            .intermediateCatchEvent("Event_OneDay")
            .timerWithDuration("P1D")
            .endEvent("EndEvent_TimedOut")
            .done();
    withMetadata(model, j.key(), metadata);
    deploy(repository, j.key(), model);
    return j;
  }

  /** Starts on {@code start} and sends email template {@code cart-reminder}, then ends. */
  static TestJourney oneSend(RepositoryService repository) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    TestJourney j = new TestJourney("ops-send-" + id, "custom.ops." + id + ".send", null, null);
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(j.key())
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .message(j.start())
            .serviceTask("Task_SendEmail")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "cart-reminder")
            .endEvent("EndEvent_Sent")
            .done();
    deploy(repository, j.key(), model);
    return j;
  }

  /**
   * Starts on {@code start}, sends email {@code cart-reminder} ({@code Task_SendFirst}), waits
   * {@code wait} ({@code Event_Wait}), sends it again ({@code Task_SendSecond}), ends. Deployed as
   * a new version of {@code existing} when given.
   */
  static TestJourney sendWaitSend(
      RepositoryService repository,
      TestJourney existing,
      String wait,
      Map<String, String> metadata) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    TestJourney j =
        existing != null
            ? existing
            : new TestJourney("ops-sws-" + id, "custom.ops." + id + ".start", null, null);
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(j.key())
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .message(j.start())
            .serviceTask("Task_SendFirst")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "cart-reminder")
            .intermediateCatchEvent("Event_Wait")
            .timerWithDuration(wait)
            .serviceTask("Task_SendSecond")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "cart-reminder")
            .endEvent("EndEvent_Done")
            .done();
    withMetadata(model, j.key(), metadata);
    deploy(repository, j.key(), model);
    return j;
  }

  /**
   * Version 2 of a {@link #twoSteps} journey whose second wait has a new id ({@code
   * Event_SecondStep}): an instance waiting there has nowhere to go.
   */
  static void twoStepsRenamed(RepositoryService repository, TestJourney j) {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(j.key())
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .message(j.start())
            .eventBasedGateway()
            .id("Gateway_FirstOrTimeout")
            .intermediateCatchEvent("Event_First")
            .message(j.first())
            .intermediateCatchEvent("Event_SecondStep")
            .message(j.second())
            .endEvent("EndEvent_Done")
            .moveToNode("Gateway_FirstOrTimeout")
            .intermediateCatchEvent("Event_OneDay")
            .timerWithDuration("P1D")
            .endEvent("EndEvent_TimedOut")
            .done();
    deploy(repository, j.key(), model);
  }

  /**
   * Starts on {@code start}, splits the contact into arm control or variant of an experiment of its
   * own (analytics' {@code abSplitDelegate}), then waits in {@code Event_Control} or {@code
   * Event_Variant} for {@code first}. With {@code swapped} (a later version) the arms lead to each
   * other's wait: equal ids, other arms.
   */
  static TestJourney abSplit(RepositoryService repository, TestJourney existing, boolean swapped) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    TestJourney j =
        existing != null
            ? existing
            : new TestJourney(
                "ops-ab-" + id, "custom.ops." + id + ".start", "custom.ops." + id + ".first", null);
    String toControl = swapped ? "Event_Variant" : "Event_Control";
    String toVariant = swapped ? "Event_Control" : "Event_Variant";
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(j.key())
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .message(j.start())
            .serviceTask("Task_Split")
            .camundaDelegateExpression("${abSplitDelegate}")
            .camundaInputParameter("experimentKey", j.key())
            .camundaInputParameter("arms", "control:50,variant:50")
            .exclusiveGateway("Gateway_Arm")
            .condition("control", "${experimentArm == 'control'}")
            .intermediateCatchEvent(toControl)
            .message(j.first())
            .endEvent("EndEvent_" + toControl)
            .moveToNode("Gateway_Arm")
            .condition("variant", "${experimentArm == 'variant'}")
            .intermediateCatchEvent(toVariant)
            .message(j.first())
            .endEvent("EndEvent_" + toVariant)
            .done();
    deploy(repository, j.key(), model);
    return j;
  }

  private static void deploy(RepositoryService repository, String key, BpmnModelInstance model) {
    repository.createDeployment().name(key).addModelInstance(key + ".bpmn", model).deploy();
  }

  private static void withMetadata(
      BpmnModelInstance model, String key, Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return;
    }
    ProcessProperties.set(model, key, metadata);
  }
}
