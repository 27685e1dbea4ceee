/**
 * Demo activity of the embedded default ({@code ./mvnw spring-boot:run}): at the first start, a few
 * weeks of generated behaviour of demo contacts (registrations, carts, whitepaper downloads,
 * orders, opens and clicks), and the months-old history of older customers who become dormant or
 * inactive (so the win-back and reactivation journeys have entries), run through the real journeys,
 * send rules, sandbox channels and analytics with the engine clock moved through the past, so that
 * the console shows figures on a newcomer's first look. Only with the {@code embedded} profile and
 * {@code journeys.demo.activity=true}; every contact it makes has an id {@code demo-…} and an
 * address {@code …@demo.example.com}. It uses only the published {@link
 * io.journeys.event.EventIntake}, {@link io.journeys.contact.ContactDirectory}, {@link
 * io.journeys.channel.MessageStatusChanged}, {@link io.journeys.journey.JourneyConstants} (the
 * nightly segment pass's key) and the engine's job API (it moves that pass's timer into the
 * generated past).
 */
package io.journeys.demo;
