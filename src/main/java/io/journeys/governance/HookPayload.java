package io.journeys.governance;

/**
 * The body of a provider callback ({@code POST /hooks/{provider}}).
 *
 * @param type {@code delivered}, {@code bounced}, {@code complained} or {@code replied}
 * @param messageId our message id (the provider got it with the message)
 * @param hard for {@code bounced}: a permanent failure (the address is suppressed)
 * @param text for {@code replied}: the reply; "TD", "退订" or "STOP" unsubscribes from SMS
 * @param id optional: the provider's id of this callback (makes the stored event id)
 */
record HookPayload(String type, String messageId, Boolean hard, String text, String id) {}
