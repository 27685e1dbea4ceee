package io.journeys.operations;

import io.journeys.channel.MessageSendException;
import io.journeys.channel.MessageSender;
import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.journey.JourneyConstants;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Tasklist task of a send step due in manual mode: an instance of {@code bpmn/manual-send.bpmn}
 * whose user task (form {@code forms/manual-send.form}, candidate group {@code marketing}) shows
 * what to send to whom: channel, recipient, subject and the start of the body, rendered by channel
 * as the step would have sent it. Its outcome ({@code sent-by-hand} or {@code skip}) comes back
 * through {@link ManualSendListener}.
 */
@Component
class ManualTasks {

  static final String PROCESS = JourneyConstants.PROCESS_MANUAL_SEND;
  static final String OUTCOME = "outcome";
  static final String SENT_BY_HAND = "sent-by-hand";
  static final String SKIP = "skip";
  static final int EXCERPT = 500;

  private static final Logger log = LoggerFactory.getLogger(ManualTasks.class);

  private final RuntimeService runtime;
  private final TaskService tasks;
  private final MessageSender messages;

  ManualTasks(RuntimeService runtime, TaskService tasks, MessageSender messages) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.messages = messages;
  }

  /**
   * Starts the task of one due send step.
   *
   * @return the task's id
   */
  String create(
      String journey,
      String journeyInstanceId,
      String activityId,
      String contactId,
      Map<String, String> step) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("journey", journey);
    variables.put("journeyInstanceId", journeyInstanceId);
    variables.put("contactId", contactId);
    variables.put("channel", step.get("channel"));
    variables.put("template", step.get("template"));
    try {
      MessageSender.Preview preview =
          messages.preview(
              new SendRequest(
                  SendRequest.key(journeyInstanceId, activityId, 0),
                  contactId,
                  Channel.parse(step.get("channel"))
                      .orElseThrow(
                          () ->
                              new MessageSendException(
                                  "unknown channel '" + step.get("channel") + "'")),
                  step.get("template"),
                  journeyInstanceId,
                  activityId,
                  runtime.getVariables(journeyInstanceId)));
      variables.put("recipient", preview.recipient());
      variables.put("subject", preview.subject());
      variables.put("bodyExcerpt", excerpt(preview.text()));
    } catch (RuntimeException e) { // a preview that fails must not stop the task: say so in it
      log.warn("no preview of {} for {}: {}", step.get("template"), contactId, e.getMessage());
      variables.put("bodyExcerpt", "(no preview: " + e.getMessage() + ")");
    }
    ProcessInstance task = runtime.startProcessInstanceByKey(PROCESS, contactId, variables);
    return tasks.createTaskQuery().processInstanceId(task.getId()).singleResult().getId();
  }

  /** Withdraws an open task (its journey went back to automatic). */
  void withdraw(String taskId, String reason) {
    var task = tasks.createTaskQuery().taskId(taskId).singleResult();
    if (task != null) {
      runtime.deleteProcessInstance(task.getProcessInstanceId(), reason, true);
    }
  }

  /** Records the outcome on the task and completes it ({@link ManualSendListener} applies it). */
  void complete(String taskId, String outcome) {
    tasks.setVariable(taskId, OUTCOME, outcome);
    tasks.complete(taskId);
  }

  static String excerpt(String text) {
    if (text == null) {
      return null;
    }
    String flat = text.strip();
    return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
  }
}
