package io.journeys.channel;

import io.journeys.contact.Channel;
import java.util.Map;

/**
 * One message to send.
 *
 * @param idempotencyKey {@code processInstanceId:activityId:loop}; the same key is sent once
 * @param channel the channel asked for (the step's input parameter {@code channel}, parsed where it
 *     comes in: {@link SendMessageDelegate}, manual mode's task)
 * @param template template key, a folder under {@code messages/}
 * @param variables extra template variables (the process variables of the sending step)
 */
public record SendRequest(
    String idempotencyKey,
    String contactId,
    Channel channel,
    String template,
    String processInstanceId,
    String activityId,
    Map<String, Object> variables) {

  public SendRequest {
    variables = variables == null ? Map.of() : variables;
  }

  /**
   * The idempotency key of a step of a journey instance: {@code processInstanceId:activityId:loop}.
   */
  public static String key(String processInstanceId, String activityId, int loop) {
    return processInstanceId + ":" + activityId + ":" + loop;
  }
}
