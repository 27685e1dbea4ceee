/**
 * Channels: message templates, rendering, sending on email, SMS, WeCom and app push, tracking
 * links and unsubscribe.
 *
 * <h2>Sending</h2>
 * BPMN channel tasks call {@code ${sendMessageDelegate}} with the input parameters {@code channel}
 * ({@code email|sms|wecom|push}) and {@code template}. {@link io.journeys.channel.MessageSender}
 * keys every send by {@code processInstanceId:activityId:loop}: the {@code message} row of the
 * key is created (own transaction) before the provider is called and marked {@code SENT} (own
 * transaction) after it accepted the message; a key that is already {@code SENT} or
 * {@code SANDBOX} is never sent again, so a job retried after a crash does not send twice. (A
 * crash in the moment between the provider accepting a message and the row being marked leaves
 * it {@code PENDING}; the retry then sends again, with the same {@code Message-ID} or
 * {@code Idempotency-Key} header, so the receiver can drop the duplicate.) Any
 * failure marks the row {@code FAILED} with a short reason free of personal data and throws, so
 * the task's retry cycle retries it and finally raises an incident. A contact whose consent for
 * the channel is explicitly {@code false} is not sent to: the row becomes {@code SUPPRESSED} and
 * the task completes (other send rules, such as caps and quiet hours, are not here). Without a provider address
 * (SMTP host, provider URL) a channel is in sandbox mode: the message is rendered fully and
 * recorded with status {@code SANDBOX} and its body, and nothing leaves the machine.
 *
 * <h2>Templates</h2>
 * One file per template and locale: {@code src/main/resources/messages/<template>/<locale>.mustache},
 * e.g. {@code messages/lead-welcome/zh-CN.mustache}. A file holds parts, each opened by a line
 * {@code === subject}, {@code === html} or {@code === text}; anything before the first part is
 * ignored (a place for a {@code {{! comment }}}). Email needs all three parts, SMS and WeCom the
 * text, push the subject (title) and text. The variant is chosen from the contact's locale: the
 * exact locale ({@code zh-CN}), its language ({@code zh}, or any {@code zh-*}), then {@code en},
 * then any variant there is.
 *
 * <p>Templates are <a href="https://mustache.github.io/">Mustache</a> (jmustache) in strict mode:
 * a variable that is not in the model fails the send with the template, locale, part and variable
 * named (it never renders blank); a known variable that is empty (a contact without a first name)
 * renders blank and is false in a section, so write {@code {{#firstName}}…{{/firstName}}}. The
 * HTML part is HTML-escaped; subject and text are not. The model holds the process variables of
 * the task, then (taking precedence) the contact: {@code contactId}, {@code firstName},
 * {@code lastName}, {@code displayName}, {@code email}, {@code phone}, {@code locale},
 * {@code timezone}, {@code lifecycleStage}, {@code score}, {@code tags}, {@code attributes}
 * (e.g. {@code {{attributes.city}}}), and {@code messageId}, {@code publicUrl},
 * {@code shopUrl} and {@code unsubscribeUrl}.
 *
 * <h2>Tracking and unsubscribe (CONTRACT.md §3)</h2>
 * Every http(s) {@code href} of an email's HTML is rewritten to {@code /t/c/<token>} and an open
 * pixel {@code /t/o/<token>} is added; {@code mailto:}, {@code tel:} and relative links are left
 * alone. Tokens ({@link io.journeys.channel.TrackingTokens}) are signed with a key derived from
 * the server secret ({@link io.journeys.channel.ServerSecret}). The first open of a message is
 * recorded as {@code email.opened}, the first click of each link as {@code email.clicked}
 * (repeats are the same event id, so counts are unique opens and clicks). {@code /u/<token>}
 * shows a confirmation page; a {@code POST} (RFC 8058 one-click) withdraws the email consent and
 * records {@code message.unsubscribed}.
 */
package io.journeys.channel;
