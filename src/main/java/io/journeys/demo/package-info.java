/**
 * Demo activity of the embedded default ({@code ./mvnw spring-boot:run}): at the first start, a few
 * weeks of generated behaviour of demo contacts (registrations, carts, whitepaper downloads,
 * orders, opens and clicks) run through the real journeys, send rules, sandbox channels and
 * analytics with the engine clock moved through the past, so that the console shows figures on a
 * newcomer's first look. Only with the {@code embedded} profile and {@code
 * journeys.demo.activity=true}; every contact it makes has an id {@code demo-…} and an address
 * {@code …@demo.example.com}. It uses only the published {@link io.journeys.event.EventIntake},
 * {@link io.journeys.contact.ContactDirectory}, {@link io.journeys.channel.MessageStatusChanged}
 * and the engine's job API.
 */
package io.journeys.demo;
