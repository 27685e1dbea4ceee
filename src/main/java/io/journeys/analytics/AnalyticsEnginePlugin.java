package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.runtime.ActivityInstanceState;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Analytics' one seam to the Camunda engine: a process engine plugin whose BPMN parse listener adds
 * built-in execution listeners to every process and every flow node (built-in, so an instance
 * deleted with {@code skipCustomListeners} is still recorded). They write journey entries and
 * flow-node visits through {@link FlowStore} in the engine's own transaction, so a step that rolls
 * back records nothing. Nothing here needs Camunda's history (any history level works). It also
 * wraps the engine's incident handlers to count incidents per journey and node.
 *
 * <p>It also reads the journey's {@code camunda:property} extensions of the process (editable in
 * Modeler under Extensions): {@code goal.event} (an event type, e.g. {@code order.placed}), {@code
 * goal.window} (an ISO-8601 duration, default {@code P7D}) and {@code holdout.percent} (0-50;
 * {@link Holdouts}): a held-out contact gets the process variable {@code journeysHoldout = true},
 * which channel reads to skip its sends.
 */
@Component
class AnalyticsEnginePlugin extends AbstractProcessEnginePlugin {

  static final String GOAL_EVENT = "goal.event";
  static final String GOAL_WINDOW = "goal.window";
  static final Duration DEFAULT_GOAL_WINDOW = Duration.ofDays(7);
  private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";
  private static final Logger log = LoggerFactory.getLogger(AnalyticsEnginePlugin.class);

  static final String HOLDOUT_PERCENT = "holdout.percent";

  /**
   * The process variable that marks a trial run (operations' trial mode): set to {@code true} in
   * the start variables, the instance is recorded as a trial entry and nothing else of it is.
   */
  static final String TRIAL_VARIABLE = "journeyTrial";

  private final ObjectProvider<FlowStore> store;
  private final ObjectProvider<Holdouts> holdouts;
  private final ObjectProvider<MeterRegistry> meters;
  private final ObjectProvider<Recording> recording;

  AnalyticsEnginePlugin(
      ObjectProvider<FlowStore> store,
      ObjectProvider<Holdouts> holdouts,
      ObjectProvider<MeterRegistry> meters,
      ObjectProvider<Recording> recording) {
    this.store = store;
    this.holdouts = holdouts;
    this.meters = meters;
    this.recording = recording;
  }

  /** Whether to record (no {@link Recording} bean, as in plain engine tests: yes). */
  private boolean recording() {
    Recording r = recording.getIfAvailable();
    return r == null || r.on();
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new ParseListener());
  }

  /**
   * Wraps the engine's incident handlers (whatever they are after initialisation) so that each
   * incident raised is also counted, per journey and node, in the same transaction.
   */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    for (String type : List.of("failedJob", "failedExternalTask")) {
      IncidentHandler handler = configuration.getIncidentHandler(type);
      if (handler != null) {
        configuration.getIncidentHandlers().put(type, new CountingIncidents(handler));
      }
    }
  }

  private final class CountingIncidents implements IncidentHandler {
    private final IncidentHandler delegate;

    CountingIncidents(IncidentHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public String getIncidentHandlerType() {
      return delegate.getIncidentHandlerType();
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
      Incident incident = delegate.handleIncident(context, message);
      ProcessDefinitionEntity definition =
          context.getProcessDefinitionId() == null
              ? null
              : Context.getProcessEngineConfiguration()
                  .getDeploymentCache()
                  .findDeployedProcessDefinitionById(context.getProcessDefinitionId());
      if (definition != null && recording()) {
        store
            .getObject()
            .incident(definition.getKey(), definition.getVersion(), context.getActivityId(), now());
        meters.ifAvailable(
            m -> m.counter("journeys.incidents", "journey", definition.getKey()).increment());
      }
      return incident;
    }

    @Override
    public void resolveIncident(IncidentContext context) {
      delegate.resolveIncident(context);
    }

    @Override
    public void deleteIncident(IncidentContext context) {
      delegate.deleteIncident(context);
    }
  }

  /** The goal declared on a process element, or null (a bad window is logged, default used). */
  static FlowStore.Goal goal(Map<String, String> properties, String processKey) {
    String event = properties.get(GOAL_EVENT);
    if (event == null || event.isBlank()) {
      return null;
    }
    Duration window = DEFAULT_GOAL_WINDOW;
    String text = properties.get(GOAL_WINDOW);
    if (text != null && !text.isBlank()) {
      try {
        window = Duration.parse(text.trim());
      } catch (DateTimeParseException e) {
        log.warn(
            "Journey {}: goal.window '{}' is not an ISO-8601 duration; using P7D",
            processKey,
            text);
      }
    }
    return new FlowStore.Goal(event.trim(), window);
  }

  private static Map<String, String> properties(Element processElement) {
    Map<String, String> properties = new HashMap<>();
    Element extensions = processElement.element("extensionElements");
    Element list =
        extensions == null
            ? null
            : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (list != null) {
      for (Element p : list.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
        if (p.attribute("name") != null) {
          properties.put(p.attribute("name"), p.attribute("value"));
        }
      }
    }
    return properties;
  }

  private final class ParseListener extends AbstractBpmnParseListener {
    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
      Map<String, String> properties = properties(processElement);
      FlowStore.Goal goal = goal(properties, definition.getKey());
      int holdoutPercent = Holdouts.journeyPercent(properties.get(HOLDOUT_PERCENT));
      definition.addBuiltInListener(
          ExecutionListener.EVENTNAME_START,
          (ExecutionListener) e -> started(e, goal, holdoutPercent));
      definition.addBuiltInListener(
          ExecutionListener.EVENTNAME_END,
          (ExecutionListener)
              e -> {
                if (recording()) {
                  store.getObject().instanceEnded(e.getProcessInstanceId(), now());
                }
              });
      addToNodes(definition);
    }

    private void addToNodes(ScopeImpl scope) {
      List<ActivityImpl> activities = scope.getActivities();
      for (ActivityImpl activity : activities) {
        String node = activity.getId();
        if (!node.endsWith(MULTI_INSTANCE_BODY)) {
          activity.addBuiltInListener(
              ExecutionListener.EVENTNAME_START,
              (ExecutionListener)
                  e -> {
                    if (recording()) {
                      store
                          .getObject()
                          .entered(
                              e.getActivityInstanceId(),
                              e.getProcessInstanceId(),
                              key(e),
                              version(e),
                              node,
                              now());
                    }
                  });
          activity.addBuiltInListener(
              ExecutionListener.EVENTNAME_END,
              (ExecutionListener)
                  e -> {
                    if (recording()) {
                      store.getObject().left(e.getActivityInstanceId(), !cancelled(e), now());
                    }
                  });
        }
        addToNodes(activity);
      }
    }
  }

  /** Records the entry; a contact held out gets the variable that makes channel skip sends. */
  private void started(DelegateExecution e, FlowStore.Goal goal, int holdoutPercent) {
    if (!recording()) {
      return;
    }
    String contactId = contactId(e);
    Instant now = now();
    if (trial(e)) {
      store.getObject().trialStarted(e.getProcessInstanceId(), key(e), version(e), contactId, now);
      return;
    }
    Holdouts decider = holdouts.getIfAvailable();
    String holdout =
        decider == null ? null : decider.decide(key(e), contactId, holdoutPercent, now);
    store
        .getObject()
        .instanceStarted(
            e.getProcessInstanceId(), key(e), version(e), contactId, now, goal, holdout);
    if (holdout != null) {
      e.setVariable(Holdouts.VARIABLE, true);
    }
  }

  /** A trial run: the variable {@link #TRIAL_VARIABLE} is true (or "true"). */
  static boolean trial(DelegateExecution execution) {
    Object trial = execution.getVariable(TRIAL_VARIABLE);
    return Boolean.TRUE.equals(trial) || "true".equals(trial);
  }

  private static String key(DelegateExecution execution) {
    return ((ExecutionEntity) execution).getProcessDefinition().getKey();
  }

  private static int version(DelegateExecution execution) {
    return ((ExecutionEntity) execution).getProcessDefinition().getVersion();
  }

  private static boolean cancelled(DelegateExecution execution) {
    ExecutionEntity entity = (ExecutionEntity) execution;
    return entity.isCanceled()
        || entity.getActivityInstanceState() == ActivityInstanceState.CANCELED.getStateCode();
  }

  /** The journey's contact: the business key (CONTRACT §4), else the variable. */
  private static String contactId(DelegateExecution execution) {
    String key = execution.getProcessBusinessKey();
    if (key != null) {
      return key;
    }
    Object variable = execution.getVariable("contactId");
    return variable instanceof String s ? s : null;
  }

  private static Instant now() {
    return EngineClock.now();
  }
}
