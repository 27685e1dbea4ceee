package io.journeys.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.event.EventTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ScriptTask;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.ThrowEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.xml.instance.DomElement;

/**
 * The modelling rules of ARCHITECTURE.md and STYLE.md as checks on one BPMN model. Each check
 * returns the violations it finds, so that a test can show that it fails on a broken model.
 */
final class BpmnModelConventions {

  /**
   * Readable: {@code Kind_WhatAMarketerWouldSay}; generated ids have lower-case or digit suffixes.
   */
  private static final Pattern READABLE_ID = Pattern.compile("[A-Z][A-Za-z]*_[A-Z][A-Za-z0-9]*");

  private static final Pattern EXPRESSION_ROOT =
      Pattern.compile("^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");

  private final Set<String> beanNames;
  private final Path formsDir;
  private final Set<String> processKeys;
  private final Map<String, JsonNode> templates;
  private final ObjectMapper json = new ObjectMapper();

  BpmnModelConventions(
      Set<String> beanNames, Path formsDir, Set<String> processKeys, Path templatesDir) {
    this.beanNames = beanNames;
    this.formsDir = formsDir;
    this.processKeys = processKeys;
    this.templates = loadTemplates(templatesDir);
  }

  List<String> check(String fileName, BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    problems.addAll(processes(fileName, model));
    problems.addAll(readableIds(model));
    problems.addAll(historyTimeToLive(model));
    problems.addAll(asyncExternalCalls(model));
    problems.addAll(channelRetryCycles(model));
    problems.addAll(messageTemplates(model));
    problems.addAll(beans(model));
    problems.addAll(forms(model));
    problems.addAll(userTasks(model));
    problems.addAll(elementTemplates(model));
    problems.addAll(timers(model));
    problems.addAll(sendWindows(model));
    problems.addAll(messages(model));
    problems.addAll(conditionVariables(model));
    problems.addAll(diagram(model));
    return problems.stream().map(p -> fileName + ": " + p).toList();
  }

  /** One executable process per file, named like the file and listed in JourneyConstants. */
  List<String> processes(String fileName, BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    Collection<Process> processes = model.getModelElementsByType(Process.class);
    if (processes.size() != 1) {
      problems.add("has " + processes.size() + " processes, expected one per file");
    }
    for (Process process : processes) {
      if (!process.isExecutable()) {
        problems.add("process " + process.getId() + " is not executable");
      }
      if (!fileName.equals(process.getId() + ".bpmn")) {
        problems.add("process " + process.getId() + " must live in " + process.getId() + ".bpmn");
      }
      if (!processKeys.contains(process.getId())) {
        problems.add(
            "process key " + process.getId() + " is not a PROCESS_* constant of JourneyConstants");
      }
    }
    return problems;
  }

  List<String> readableIds(BpmnModelInstance model) {
    return model.getModelElementsByType(BaseElement.class).stream()
        .filter(element -> !(element instanceof Process))
        .map(BaseElement::getId)
        .filter(id -> id != null && !READABLE_ID.matcher(id).matches())
        .map(
            id ->
                "id '"
                    + id
                    + "' is not readable (expected Kind_ReadableName, e.g. Task_SendWelcomeEmail)")
        .toList();
  }

  List<String> historyTimeToLive(BpmnModelInstance model) {
    return model.getModelElementsByType(Process.class).stream()
        .filter(process -> blank(process.getCamundaHistoryTimeToLiveString()))
        .map(process -> "process " + process.getId() + " has no camunda:historyTimeToLive")
        .toList();
  }

  /**
   * Every service, send, script or business rule task and every throwing delegate is async with a
   * retry cycle.
   */
  List<String> asyncExternalCalls(BpmnModelInstance model) {
    List<FlowNode> calls = new ArrayList<>();
    for (Class<? extends FlowNode> type :
        List.of(ServiceTask.class, SendTask.class, ScriptTask.class, BusinessRuleTask.class)) {
      calls.addAll(model.getModelElementsByType(type));
    }
    model.getModelElementsByType(ThrowEvent.class).stream()
        .filter(
            event ->
                event.getEventDefinitions().stream()
                    .anyMatch(d -> d instanceof MessageEventDefinition m && implemented(m)))
        .forEach(calls::add);
    List<String> problems = new ArrayList<>();
    for (FlowNode call : calls) {
      if (!call.isCamundaAsyncBefore()) {
        problems.add(call.getId() + " calls out but is not camunda:asyncBefore");
      }
      if (blank(retryCycle(call))) {
        problems.add(call.getId() + " calls out but has no camunda:failedJobRetryTimeCycle");
      }
    }
    return problems;
  }

  /**
   * Retry cycles a channel prescribes (the seeds: "SMS failed: retry once after 2 hours"). In
   * Camunda 7 {@code R<n>} counts every attempt, the first one included: {@code R2/PT2H} is one
   * retry two hours after the failure, then an incident. Element templates cannot set the cycle (no
   * binding for the {@code camunda:failedJobRetryTimeCycle} extension element), so this check
   * enforces it.
   */
  static final Map<String, String> CHANNEL_RETRY_CYCLES = Map.of("sms", "R2/PT2H");

  List<String> channelRetryCycles(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      String channel = inputParameters(task).get(JourneyConstants.PARAM_CHANNEL);
      // a channel chosen at run time (${bestChannel}) may be an SMS
      String expected =
          channel == null
              ? null
              : channel.startsWith("${")
                  ? CHANNEL_RETRY_CYCLES.get("sms")
                  : CHANNEL_RETRY_CYCLES.get(channel);
      String actual = retryCycle(task);
      if (expected != null && !expected.equals(actual == null ? null : actual.trim())) {
        problems.add(
            task.getId()
                + " sends "
                + channel
                + " with retry cycle "
                + actual
                + ", expected "
                + expected);
      }
    }
    return problems;
  }

  /** The locales every message template is written in (the contact's locale picks one). */
  static final List<String> TEMPLATE_LOCALES = List.of("en", "zh-CN");

  static final Path MESSAGES = Path.of("src", "main", "resources", "messages");

  /** Every channel task names a message template that exists in every locale. */
  List<String> messageTemplates(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      Map<String, String> inputs = inputParameters(task);
      String template = inputs.get(JourneyConstants.PARAM_TEMPLATE);
      if (!inputs.containsKey(JourneyConstants.PARAM_CHANNEL) || blank(template)) {
        continue;
      }
      if (template.startsWith("${")) {
        // chosen at run time, e.g. by the decision table content-by-profile (its outputs are
        // checked by ContentByProfileDecisionTest)
        continue;
      }
      for (String locale : TEMPLATE_LOCALES) {
        Path file = MESSAGES.resolve(template).resolve(locale + ".mustache");
        if (!Files.isRegularFile(file)) {
          problems.add(
              task.getId() + " sends template '" + template + "' but " + file + " does not exist");
        }
      }
    }
    return problems;
  }

  /** Every delegate expression and listener names an existing Spring bean; no camunda:class. */
  List<String> beans(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    List<String[]> references = new ArrayList<>();
    collectReferences(model.getDocument().getRootElement(), "definitions", references, problems);
    for (String[] reference : references) {
      Matcher root = EXPRESSION_ROOT.matcher(reference[2]);
      boolean delegate = reference[1].equals("delegateExpression");
      if (!root.find()) {
        if (delegate) {
          problems.add(
              reference[0]
                  + " has delegate expression '"
                  + reference[2]
                  + "', expected ${beanName}");
        }
        continue;
      }
      String name = root.group(1);
      boolean engineVariable = Set.of("execution", "task", "authenticatedUserId").contains(name);
      if ((delegate || !engineVariable) && !beanNames.contains(name)) {
        problems.add(
            reference[0] + " names '" + name + "', which is no Spring bean in io.journeys");
      }
    }
    return problems;
  }

  /**
   * Walks the XML: BPMN elements carry camunda:delegateExpression / camunda:expression /
   * camunda:class; camunda listeners carry them as plain attributes.
   */
  private static void collectReferences(
      DomElement element, String owner, List<String[]> references, List<String> problems) {
    String id = element.getAttribute("id");
    String here = id != null ? id : owner;
    boolean listener =
        CAMUNDA_NS.equals(element.getNamespaceURI()) && element.getLocalName().endsWith("Listener");
    for (String attribute : List.of("delegateExpression", "expression", "class")) {
      String value =
          listener ? element.getAttribute(attribute) : element.getAttribute(CAMUNDA_NS, attribute);
      if (value == null) {
        continue;
      }
      if (attribute.equals("class")) {
        problems.add(here + " uses camunda:class; use a ${bean} delegate expression");
      } else {
        references.add(new String[] {here, attribute, value});
      }
    }
    for (DomElement child : element.getChildElements()) {
      collectReferences(child, here, references, problems);
    }
  }

  /** Every formRef points at forms/&lt;id&gt;.form whose id matches, bound to the deployment. */
  List<String> forms(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      String ref = task.getAttributeValueNs(CAMUNDA_NS, "formRef");
      if (blank(ref)) {
        if (task.getCamundaFormKey() == null) {
          problems.add(task.getId() + " has no camunda:formRef");
        }
        continue;
      }
      if (!"deployment".equals(task.getAttributeValueNs(CAMUNDA_NS, "formRefBinding"))) {
        problems.add(task.getId() + " must use camunda:formRefBinding=\"deployment\"");
      }
      Path form = formsDir.resolve(ref + ".form");
      if (!Files.isRegularFile(form)) {
        problems.add(
            task.getId() + " refers to form '" + ref + "' but " + form + " does not exist");
        continue;
      }
      try {
        JsonNode id = json.readTree(form.toFile()).get("id");
        if (id == null || !ref.equals(id.asText())) {
          problems.add(form + " has id " + id + ", expected '" + ref + "'");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + form, e);
      }
    }
    return problems;
  }

  /**
   * Every service task comes from an element template of .camunda/element-templates, and still
   * carries the template's fixed values (delegate, channel, async) and its required inputs, so a
   * template and the models cannot drift apart.
   */
  List<String> elementTemplates(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      String id = task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate");
      if (blank(id)) {
        problems.add(
            task.getId() + " is not made from an element template (camunda:modelerTemplate)");
        continue;
      }
      String version = task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion");
      JsonNode template = templates.get(id + "@" + version);
      if (template == null) {
        problems.add(
            task.getId()
                + " uses template "
                + id
                + " version "
                + version
                + ", which does not exist");
        continue;
      }
      Map<String, String> inputs = inputParameters(task);
      for (JsonNode property : template.path("properties")) {
        JsonNode binding = property.path("binding");
        String name = binding.path("name").asText();
        String actual =
            switch (binding.path("type").asText()) {
              case "property" ->
                  name.startsWith("camunda:")
                      ? task.getAttributeValueNs(CAMUNDA_NS, name.substring("camunda:".length()))
                      : task.getAttributeValue(name);
              case "camunda:inputParameter" -> inputs.get(name);
              default -> null;
            };
        boolean fixed =
            property.path("type").asText().equals("Hidden")
                || !property.path("editable").asBoolean(true);
        if (fixed && property.has("value") && !property.path("value").asText().equals(actual)) {
          problems.add(
              task.getId()
                  + " has "
                  + name
                  + "="
                  + actual
                  + " but template "
                  + id
                  + " fixes it to "
                  + property.path("value").asText());
        }
        if (property.path("constraints").path("notEmpty").asBoolean(false) && blank(actual)) {
          problems.add(task.getId() + " leaves " + name + " of template " + id + " empty");
        }
      }
    }
    return problems;
  }

  private static Map<String, String> inputParameters(FlowNode node) {
    Map<String, String> inputs = new java.util.HashMap<>();
    if (node.getExtensionElements() != null) {
      node.getExtensionElements()
          .getElementsQuery()
          .filterByType(CamundaInputOutput.class)
          .list()
          .forEach(
              io ->
                  io.getCamundaInputParameters()
                      .forEach(p -> inputs.put(p.getCamundaName(), p.getTextContent().trim())));
    }
    return inputs;
  }

  private Map<String, JsonNode> loadTemplates(Path dir) {
    Map<String, JsonNode> byKey = new java.util.HashMap<>();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonNode node = json.readTree(file.toFile());
        for (JsonNode template : node.isArray() ? node : json.createArrayNode().add(node)) {
          byKey.put(
              template.path("id").asText() + "@" + template.path("version").asText(), template);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read element templates in " + dir, e);
    }
    return byKey;
  }

  /** Every user task is offered to a candidate group (Tasklist shows it to that group). */
  List<String> userTasks(BpmnModelInstance model) {
    return model.getModelElementsByType(UserTask.class).stream()
        .filter(task -> blank(task.getCamundaCandidateGroups()))
        .map(task -> task.getId() + " has no camunda:candidateGroups")
        .toList();
  }

  /**
   * Every timer is a literal ISO-8601 duration, date or cycle. The engine reads it only when the
   * timer starts, so a typo would otherwise fail in the middle of running journeys.
   */
  List<String> timers(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
      String owner = ((BaseElement) timer.getParentElement()).getId();
      String value =
          timer.getTimeDuration() != null
              ? timer.getTimeDuration().getTextContent()
              : timer.getTimeDate() != null
                  ? timer.getTimeDate().getTextContent()
                  : timer.getTimeCycle() != null ? timer.getTimeCycle().getTextContent() : null;
      if (blank(value)) {
        problems.add(owner + " has a timer without duration, date or cycle");
      } else if (timer.getTimeDate() != null && TIMER_DATE_VARIABLES.contains(value.trim())) {
        continue;
      } else if (!isoTime(value.trim())
          && !(timer.getTimeCycle() != null && isCron(value.trim()))) {
        problems.add(
            owner
                + " has timer '"
                + value.trim()
                + "', which is no ISO-8601 duration, date or cycle");
      }
    }
    return problems;
  }

  /**
   * A send step's send window is {@code HH:mm-HH:mm} and its minimum spacing an ISO-8601 duration
   * (the send rules fail the step otherwise).
   */
  List<String> sendWindows(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      String spacing = inputParameters(task).get(JourneyConstants.PARAM_MIN_SPACING);
      if (spacing != null) {
        try {
          if (java.time.Duration.parse(spacing).isNegative()) {
            problems.add(task.getId() + " has a negative minimum spacing '" + spacing + "'");
          }
        } catch (java.time.format.DateTimeParseException e) {
          problems.add(
              task.getId()
                  + " has minimum spacing '"
                  + spacing
                  + "', expected an ISO-8601 duration (e.g. PT2H)");
        }
      }
      String window = inputParameters(task).get("sendWindow");
      if (window != null
          && !window.matches("([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]")) {
        problems.add(
            task.getId()
                + " has send window '"
                + window
                + "', expected HH:mm-HH:mm (e.g. 20:00-22:00)");
      }
    }
    return problems;
  }

  /**
   * The only expressions a timer date may be: a date variable that the code sets before the timer
   * starts (a broadcast's batch start and send time, computed when it is scheduled).
   */
  static final Set<String> TIMER_DATE_VARIABLES =
      Set.of(
          "${" + JourneyConstants.VAR_BATCH_STARTS_AT + "}",
          "${" + JourneyConstants.VAR_SEND_AT + "}");

  /** Camunda also takes a Quartz-like cron expression as cycle, e.g. {@code 0 0 9 * * ?}. */
  private static boolean isCron(String value) {
    return value.split("\\s+").length >= 6;
  }

  private static boolean isoTime(String value) {
    String[] parts = value.split("/");
    if (parts[0].matches("R\\d*") && parts.length > 1) {
      return java.util.Arrays.stream(parts).skip(1).allMatch(BpmnModelConventions::isoTime);
    }
    if (parts.length > 1) {
      return false;
    }
    try {
      if (value.startsWith("P")) {
        int time = value.indexOf('T');
        if (time < 0) {
          java.time.Period.parse(value);
        } else {
          if (time > 1) {
            java.time.Period.parse(value.substring(0, time));
          }
          java.time.Duration.parse("P" + value.substring(time));
        }
      } else {
        java.time.OffsetDateTime.parse(value);
      }
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /** Message names are event types; every message event names its message. */
  List<String> messages(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (Message message : model.getModelElementsByType(Message.class)) {
      if (!EventTypes.isValid(message.getName())) {
        problems.add(
            "message "
                + message.getId()
                + " is named '"
                + message.getName()
                + "', which is no event type (EventTypes.isValid)");
      }
    }
    for (MessageEventDefinition definition :
        model.getModelElementsByType(MessageEventDefinition.class)) {
      if (definition.getMessage() == null && !implemented(definition)) {
        problems.add(
            ((BaseElement) definition.getParentElement()).getId() + " catches no named message");
      }
    }
    return problems;
  }

  /** The process variables the code declares: the {@code VAR_*} constants of JourneyConstants. */
  static final Set<String> DECLARED_VARIABLES =
      Arrays.stream(JourneyConstants.class.getFields())
          .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("VAR_"))
          .map(
              f -> {
                try {
                  return (String) f.get(null);
                } catch (IllegalAccessException e) {
                  throw new IllegalStateException(e);
                }
              })
          .collect(Collectors.toUnmodifiableSet());

  private static final Pattern IDENTIFIER =
      Pattern.compile("'[^']*'|\"[^\"]*\"|(?<![.\\w])([A-Za-z_]\\w*+)(?!\\s*\\()");
  private static final Set<String> EL_WORDS =
      Set.of(
          "and",
          "or",
          "not",
          "eq",
          "ne",
          "lt",
          "gt",
          "le",
          "ge",
          "div",
          "mod",
          "empty",
          "true",
          "false",
          "null",
          "instanceof",
          "execution");

  /**
   * Every variable a sequence flow's condition reads is a {@code VAR_*} constant of
   * JourneyConstants (or a bean), so renaming a name in the code without the model fails here.
   */
  List<String> conditionVariables(BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      if (flow.getConditionExpression() == null) {
        continue;
      }
      String expression = flow.getConditionExpression().getTextContent();
      Matcher m = IDENTIFIER.matcher(expression.replaceAll("^\\s*[$#]\\{|}\\s*$", " "));
      while (m.find()) {
        String name = m.group(1);
        if (name != null
            && !EL_WORDS.contains(name)
            && !DECLARED_VARIABLES.contains(name)
            && !beanNames.contains(name)) {
          problems.add(
              flow.getId()
                  + " reads variable '"
                  + name
                  + "', which is no VAR_* constant of JourneyConstants");
        }
      }
    }
    return problems;
  }

  /**
   * Every flow node has a shape and every sequence flow an edge, so the model opens with its
   * diagram.
   */
  List<String> diagram(BpmnModelInstance model) {
    Set<String> shapes =
        model.getModelElementsByType(BpmnShape.class).stream()
            .filter(shape -> shape.getBpmnElement() != null)
            .map(shape -> shape.getBpmnElement().getId())
            .collect(Collectors.toSet());
    Set<String> edges =
        model.getModelElementsByType(BpmnEdge.class).stream()
            .filter(edge -> edge.getBpmnElement() != null)
            .map(edge -> edge.getBpmnElement().getId())
            .collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    model.getModelElementsByType(FlowNode.class).stream()
        .filter(node -> !shapes.contains(node.getId()))
        .forEach(node -> problems.add(node.getId() + " has no BPMNShape"));
    model.getModelElementsByType(SequenceFlow.class).stream()
        .filter(flow -> !edges.contains(flow.getId()))
        .forEach(flow -> problems.add(flow.getId() + " has no BPMNEdge"));
    return problems;
  }

  private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

  private static boolean implemented(MessageEventDefinition definition) {
    return definition.getCamundaDelegateExpression() != null
        || definition.getCamundaClass() != null
        || definition.getCamundaExpression() != null
        || definition.getCamundaTopic() != null;
  }

  private static String retryCycle(FlowNode node) {
    if (node.getExtensionElements() == null) {
      return null;
    }
    return node
        .getExtensionElements()
        .getElementsQuery()
        .filterByType(CamundaFailedJobRetryTimeCycle.class)
        .list()
        .stream()
        .map(CamundaFailedJobRetryTimeCycle::getTextContent)
        .findFirst()
        .orElse(null);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
