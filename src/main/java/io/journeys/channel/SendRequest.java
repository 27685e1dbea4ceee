package io.journeys.channel;

import java.util.Map;

/**
 * One message to send.
 *
 * @param idempotencyKey {@code processInstanceId:activityId:loop}; the same key is sent once
 * @param channel {@code email}, {@code sms}, {@code wecom} or {@code push}
 * @param template template key, a folder under {@code messages/}
 * @param variables extra template variables (the process variables of the sending step)
 */
public record SendRequest(
    String idempotencyKey,
    String contactId,
    String channel,
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
