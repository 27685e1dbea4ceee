package io.journeys.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@H2SpringTest
class EventApiTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventIntake intake;
  @Autowired ApplicationEvents published;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private ResultActions send(String body) throws Exception {
    return mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private static String event(String id, String type, String who, String occurredAt) {
    return """
        {"id": "%s", "type": "%s", %s, "occurredAt": "%s", "properties": {"k": "v"}}"""
        .formatted(id, type, who, occurredAt);
  }

  private int count(String sql, Object... args) {
    return jdbc.queryForObject(sql, Integer.class, args);
  }

  private List<StoredEvent> publishedOf(String contactId) {
    return published.stream(StoredEvent.class)
        .filter(e -> e.contactId().equals(contactId))
        .toList();
  }

  /**
   * A client cannot confirm someone's double opt-in or cancel someone's broadcast by posting the
   * message Journeys sends itself; the batch stores nothing.
   */
  @Test
  void messagesOnlyJourneysSendsAreRefused() throws Exception {
    String fine =
        event("ok-" + run, "login", "\"contactId\": \"c-" + run + "\"", "2026-01-01T08:00:00Z");
    String confirm =
        event(
            "confirm-" + run,
            "custom.consent.email.confirmed",
            "\"contactId\": \"c-" + run + "\"",
            "2026-01-01T08:00:00Z");
    send("[" + fine + "," + confirm + "]")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].index").value(1))
        .andExpect(jsonPath("$.details[0].field").value("type"))
        .andExpect(
            jsonPath("$.details[0].reason")
                .value("reserved: only Journeys sends custom.consent.email.confirmed"));
    assertThat(
            count("select count(*) from event where id in (?, ?)", "ok-" + run, "confirm-" + run))
        .isZero();
  }

  @Test
  void theSameEventTwiceIsStoredAndPublishedOnce(@Autowired MeterRegistry meters) throws Exception {
    double stored = meters.counter("journeys.events.stored").count();
    double duplicates = meters.counter("journeys.events.duplicates").count();
    String email = "Ann." + run + "@Example.com";
    String body =
        event(
            "e-" + run,
            "contact.registered",
            "\"email\": \"" + email + "\"",
            "2026-01-01T08:00:00+08:00");
    send(body).andExpect(status().isAccepted()).andExpect(jsonPath("$.accepted").value(1));
    send("[" + body + "," + body + "]")
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(2));

    assertThat(count("select count(*) from event where id = ?", "e-" + run)).isEqualTo(1);
    assertThat(meters.counter("journeys.events.stored").count() - stored).isEqualTo(1);
    assertThat(meters.counter("journeys.events.duplicates").count() - duplicates).isEqualTo(2);
    String contactId =
        jdbc.queryForObject(
            "select id from contact where email = ?", String.class, email.toLowerCase());
    assertThat(contactId).startsWith("c-");
    assertThat(publishedOf(contactId))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("contact.registered");
              assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
              assertThat(e.properties()).containsEntry("k", "v");
            });
  }

  @Test
  void aBatchWithOneBadItemStoresNothing() throws Exception {
    String phone = "1390000" + (1000 + (int) (Math.random() * 8999));
    String good =
        event("g-" + run, "login", "\"phone\": \"" + phone + "\"", "2026-01-01T00:00:00Z");
    send("["
            + good
            + ","
            + good.replace("g-", "h-")
            + ","
            + event("b-" + run, "no.such.type", "\"contactId\": \"x\"", "2026-01-01T00:00:00Z")
            + "]")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid events"))
        .andExpect(jsonPath("$.details[0].index").value(2))
        .andExpect(jsonPath("$.details[0].field").value("type"))
        .andExpect(jsonPath("$.details[0].reason").exists());
    assertThat(count("select count(*) from event where id in (?, ?)", "g-" + run, "h-" + run))
        .isZero();
    assertThat(count("select count(*) from contact where phone = ?", "+86" + phone)).isZero();
  }

  @Test
  void anUnknownContactIdWithoutEmailOrPhoneRefusesTheBatchAndRollsBackNewContacts()
      throws Exception {
    String body =
        "["
            + event(
                "n-" + run,
                "login",
                "\"contactId\": \"new-" + run + "\", \"email\": \"n" + run + "@example.com\"",
                "2026-01-01T00:00:00Z")
            + ","
            + event(
                "u-" + run, "login", "\"contactId\": \"ghost-" + run + "\"", "2026-01-01T00:00:00Z")
            + "]";
    send(body)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].index").value(1))
        .andExpect(jsonPath("$.details[0].field").value("contactId"))
        .andExpect(jsonPath("$.details[0].reason").value("unknown contact"));
    assertThat(count("select count(*) from contact where id = ?", "new-" + run)).isZero();
  }

  @Test
  void malformedOccurredAtIsReportedWithItsIndexAndMalformedJsonIs400() throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 4; i++) {
      body.append(i == 0 ? "" : ",")
          .append(
              event(
                  "m" + i + run,
                  "login",
                  "\"contactId\": \"c\"",
                  i == 3 ? "yesterday" : "2026-01-01T00:00:00Z"));
    }
    send(body + "]")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details.length()").value(1))
        .andExpect(jsonPath("$.details[0].index").value(3))
        .andExpect(jsonPath("$.details[0].field").value("occurredAt"));
    send("[{\"id\": ")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("malformed request body"));
    send("").andExpect(status().isBadRequest());
    send("42")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid events"));
    String future = OffsetDateTime.now().plusDays(2).toString();
    send(event("f-" + run, "login", "\"contactId\": \"c\"", future))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].reason").value("more than 1 day in the future"));
  }

  @Test
  void moreThanAThousandEventsAreRefused() throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i <= 1000; i++) {
      body.append(i == 0 ? "" : ",").append("{}");
    }
    send(body + "]")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].reason").value("at most 1000 events per request"));
  }

  @Test
  void resolvesByContactIdThenEmailThenPhoneAndPublishesInOccurredAtOrder() throws Exception {
    String id = "r-" + run;
    String email = "r" + run + "@example.com";
    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                    "/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + email + "\"}"))
        .andExpect(status().isCreated());
    String body =
        "["
            + event(
                "o3-" + run,
                "page.viewed",
                "\"email\": \"" + email.toUpperCase() + "\"",
                "2026-01-01T03:00:00Z")
            + ","
            + event(
                "o1-" + run,
                "page.viewed",
                "\"contactId\": \"" + id + "\", \"email\": \"other" + run + "@example.com\"",
                "2026-01-01T01:00:00Z")
            + ","
            + event(
                "o2-" + run,
                "page.viewed",
                "\"contactId\": \"p-" + run + "\", \"phone\": \"13812345678\"",
                "2026-01-01T02:00:00+00:00")
            + ","
            + event(
                "o4-" + run,
                "page.viewed",
                "\"phone\": \"+86 138 1234 5678\"",
                "2026-01-01T04:00:00Z")
            + "]";
    send(body).andExpect(status().isAccepted());
    assertThat(publishedOf(id))
        .extracting(StoredEvent::id)
        .containsExactly("o1-" + run, "o3-" + run);
    assertThat(
            count("select count(*) from contact where email = ?", "other" + run + "@example.com"))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "select contact_id from event where id = ?", String.class, "o4-" + run))
        .as("the contact created by o2 in the same batch is found by phone")
        .isEqualTo(
            jdbc.queryForObject(
                "select contact_id from event where id = ?", String.class, "o2-" + run));
    List<String> order =
        published.stream(StoredEvent.class)
            .filter(e -> e.id().endsWith(run))
            .map(StoredEvent::id)
            .toList();
    assertThat(order).containsSubsequence("o1-" + run, "o3-" + run);
    assertThat(order.indexOf("o1-" + run)).isLessThan(order.indexOf("o2-" + run));
    assertThat(order.indexOf("o2-" + run)).isLessThan(order.indexOf("o3-" + run));
    assertThat(order.indexOf("o3-" + run)).isLessThan(order.indexOf("o4-" + run));
  }

  @Test
  void withoutBootstrapServersThereIsNoKafkaIntake(@Autowired ApplicationContext context) {
    assertThat(context.getBeansOfType(NewTopic.class)).isEmpty();
    assertThat(context.getBeansOfType(KafkaEventListener.class)).isEmpty();
    assertThat(context.containsBean(KafkaIntakeConfiguration.CONTAINER_FACTORY)).isFalse();
  }

  @Test
  void javaCallersGetTheSameRules() {
    assertThatThrownBy(
            () ->
                intake.ingest(
                    List.of(
                        new IncomingEvent(
                            "j-" + run,
                            "login",
                            null,
                            null,
                            null,
                            OffsetDateTime.now(),
                            Map.of()))))
        .isInstanceOf(InvalidEventsException.class)
        .satisfies(
            e ->
                assertThat(((InvalidEventsException) e).problems())
                    .extracting(InvalidEventsException.Problem::field)
                    .containsExactly("contactId"));
  }
}
