/**
 * Channels: message templates, rendering, sending on email, SMS, WeCom and app push, tracking links
 * and unsubscribe.
 *
 * <h2>Sending: a transactional outbox</h2>
 *
 * BPMN channel tasks call {@code ${sendMessageDelegate}} with the input parameters {@code channel}
 * ({@code email|sms|wecom|push}) and {@code template}; every send is keyed by {@code
 * processInstanceId:activityId:loop}. In the task's job transaction ({@link
 * io.journeys.channel.MessageSender}) the send rules give their verdict, the template is rendered
 * and the {@code message} row is written as {@code QUEUED} with the rendered parts, together with a
 * dispatch job ({@link io.journeys.channel.DispatchJobsEnginePlugin}): all or nothing with the
 * engine's step. The task then waits for its dispatch job, which {@link
 * io.journeys.channel.MessageDispatcher} runs: it claims the row ({@code SENDING}, committed before
 * the provider call), calls the adapter and marks it {@code SENT} or {@code SANDBOX} (committed on
 * its own), and the journey goes on. A refusal puts the row back as {@code FAILED} and the job's
 * retry cycle (the task's) tries again, then raises an incident on the task. A row found {@code
 * SENDING} was left by an attempt that died during the provider call or before its mark: HTTP
 * providers (which drop duplicates by the {@code Idempotency-Key}) and sandbox channels get it
 * again with the same key; SMTP gets it again only if that attempt died before it handed the
 * message over (the end of the message data, recorded in {@code handed_over_at}); after that a
 * relay could deliver a second copy, so the row becomes {@code UNCERTAIN} and the job raises an
 * incident at once for an operator. A journey cancelled before its dispatch cancels the message
 * ({@code CANCELLED}). Claim and mark lock the contact's row, so an erasure and a delivery
 * serialise. Without a provider address (SMTP host, provider URL) a channel is in sandbox mode: the
 * message is rendered fully and recorded with status {@code SANDBOX} and its body, and nothing
 * leaves the machine.
 *
 * <h2>Templates</h2>
 *
 * One file per template and locale: {@code
 * src/main/resources/messages/<template>/<locale>.mustache}, e.g. {@code
 * messages/lead-welcome/zh-CN.mustache}. A file holds parts, each opened by a line {@code ===
 * subject}, {@code === html} or {@code === text}; anything before the first part is ignored (a
 * place for a {@code {{! comment }}}). Email needs all three parts, SMS and WeCom the text, push
 * the subject (title) and text. The variant is chosen from the contact's locale: the exact locale
 * ({@code zh-CN}), its language ({@code zh}, or any {@code zh-*}), then {@code en}, then any
 * variant there is.
 *
 * <p>Templates are <a href="https://mustache.github.io/">Mustache</a> (jmustache) in strict mode: a
 * variable that is not in the model fails the send with the template, locale, part and variable
 * named (it never renders blank); a known variable that is empty (a contact without a first name)
 * renders blank and is false in a section, so write {@code {{#firstName}}…{{/firstName}}}. The HTML
 * part is HTML-escaped; subject and text are not. The model holds the process variables of the
 * task, then (taking precedence) the contact: {@code contactId}, {@code firstName}, {@code
 * lastName}, {@code displayName}, {@code email}, {@code phone}, {@code locale}, {@code timezone},
 * {@code lifecycleStage}, {@code score}, {@code tags}, {@code attributes} (e.g. {@code
 * {{attributes.city}}}), and {@code messageId}, {@code publicUrl}, {@code shopUrl} and {@code
 * unsubscribeUrl}.
 *
 * <h2>Tracking and unsubscribe (docs/contract.md §3)</h2>
 *
 * Every http(s) {@code href} of an email's HTML is rewritten to {@code /t/c/<token>} and an open
 * pixel {@code /t/o/<token>} is added; {@code mailto:}, {@code tel:} and relative links are left
 * alone. Tokens ({@link io.journeys.channel.TrackingTokens}) are signed with a key derived from the
 * server secret ({@link io.journeys.channel.ServerSecret}). The first open of a message is recorded
 * as {@code email.opened}, the first click of each link as {@code email.clicked} (repeats are the
 * same event id, so counts are unique opens and clicks). {@code /u/<token>} shows a confirmation
 * page; a {@code POST} (RFC 8058 one-click) withdraws the email consent and records {@code
 * message.unsubscribed}.
 */
package io.journeys.channel;
