/**
 * Journeys: everything the BPMN models in {@code bpmn/} touch.
 *
 * <ul>
 *   <li>{@code JourneyCorrelator} turns every stored event into BPMN messages (message name = event
 *       type): it starts the journey whose message start event has that name, and reaches waiting
 *       instances by indexed keys only (business key = contact id, or the instance that sent the
 *       opened or clicked message).
 *   <li>Delegates and listeners behind the models, referenced as {@code ${beanName}}: {@code
 *       tagContactDelegate}, {@code readLeadScoreDelegate}, {@code salesTaskListener} (the "Hand to
 *       sales" form and its outcome event), {@code careTaskListener}. The channel and CRM tasks use
 *       {@code sendMessageDelegate} (channel) and {@code syncToCrmDelegate} (crm).
 *   <li>{@link io.journeys.journey.JourneyConstants}: process keys, variable and message names
 *       shared by the models and the code; {@code BpmnModelConventionsTest} keeps them in step.
 * </ul>
 *
 * <p>Uses {@code contact.ContactDirectory} and {@code event.EventIntake}. Declares {@link
 * io.journeys.journey.MessageLookup}, which the channel feature implements. Other features use
 * {@code JourneyConstants}, {@code MessageLookup} and {@link io.journeys.journey.RecentActivity}.
 */
package io.journeys.journey;
