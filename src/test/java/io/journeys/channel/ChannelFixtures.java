package io.journeys.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactLocks;
import io.journeys.contact.ContactView;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Test doubles of the other features' contracts, and a migrated in-memory H2 database. */
final class ChannelFixtures {

  /**
   * A journey of one channel task, as the models have them (asyncBefore, a retry cycle, the {@code
   * sendMessageDelegate}): the welcome email, then a user task to wait at.
   */
  static BpmnModelInstance welcomeEmailJourney(
      String processKey, String taskId, String retryCycle) {
    return Bpmn.createExecutableProcess(processKey)
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask(taskId)
        .camundaAsyncBefore()
        .camundaFailedJobRetryTimeCycle(retryCycle)
        .camundaDelegateExpression("${sendMessageDelegate}")
        .camundaInputParameter("channel", "email")
        .camundaInputParameter("template", "onboarding-welcome")
        .userTask("Task_Wait")
        .endEvent()
        .done();
  }

  private ChannelFixtures() {}

  static DataSource migratedH2() {
    DriverManagerDataSource ds =
        new DriverManagerDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(ds).table("journeys_schema_history").load().migrate();
    return ds;
  }

  /** The real sender and dispatcher on {@code ds}, with these adapters and send rules. */
  static MessageSender sender(
      DataSource ds,
      ContactDirectory contacts,
      TrackingLinks links,
      List<ChannelAdapter> adapters,
      SendGate gate,
      List<DeliveryObserver> observers) {
    return new MessageSender(
        store(ds),
        new MessageTemplates(),
        contacts,
        links,
        adapters,
        new ChannelProperties(null, null, null, null, null),
        gate,
        dispatcher(ds, contacts, adapters, observers),
        JSON,
        new DataSourceTransactionManager(ds));
  }

  static MessageDispatcher dispatcher(
      DataSource ds,
      ContactDirectory contacts,
      List<ChannelAdapter> adapters,
      List<DeliveryObserver> observers) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    for (int i = 0; i < observers.size(); i++) {
      beans.addBean("observer" + i, observers.get(i));
    }
    return new MessageDispatcher(
        store(ds),
        contacts,
        new ContactLocks(new JdbcTemplate(ds)),
        adapters,
        JSON,
        beans.getBeanProvider(DeliveryObserver.class),
        new DataSourceTransactionManager(ds));
  }

  static MessageStore store(DataSource ds) {
    return new MessageStore(new JdbcTemplate(ds));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static ContactView contact(String id, String email, String firstName, String locale) {
    return new ContactView(
        id,
        email,
        "+8613800138000",
        firstName,
        "Li",
        "Asia/Shanghai",
        locale,
        "lead",
        42,
        Map.of("city", "Shanghai"),
        Map.of("email", true),
        Set.of("vip"),
        Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-11-01T00:00:00Z"));
  }

  /** Contacts in memory; records tags and consent changes. */
  static class Contacts implements ContactDirectory {
    final Map<String, ContactView> byId = new HashMap<>();
    final List<String> consentChanges = new ArrayList<>();

    Contacts with(ContactView contact) {
      byId.put(contact.id(), contact);
      return this;
    }

    @Override
    public Optional<ContactView> find(String contactId) {
      return Optional.ofNullable(byId.get(contactId));
    }

    @Override
    public void tag(String contactId, String tag) {
      throw new UnsupportedOperationException("channels do not tag");
    }

    @Override
    public void setConsent(String contactId, Channel channel, boolean granted, String source) {
      consentChanges.add(contactId + ":" + channel + ":" + granted + ":" + source);
    }
  }

  /** Records ingested events, keeping one per id as the real intake does. */
  static final class Events implements EventIntake {
    final Map<String, IncomingEvent> byId = new java.util.LinkedHashMap<>();
    int calls;

    @Override
    public int ingest(List<IncomingEvent> events) {
      calls++;
      events.forEach(e -> byId.putIfAbsent(e.id(), e));
      return events.size();
    }

    List<IncomingEvent> all() {
      return List.copyOf(byId.values());
    }
  }

  /** A channel adapter that records what it was given and fails on demand. */
  static final class RecordingAdapter implements ChannelAdapter {
    final List<Outgoing> sent = new ArrayList<>();
    RuntimeException failWith;
    boolean dropsDuplicates = true;

    @Override
    public boolean dropsDuplicates() {
      return dropsDuplicates;
    }

    @Override
    public Channel channel() {
      return Channel.SMS;
    }

    @Override
    public Delivery send(Outgoing message) {
      message.handOver().run(); // the receiver could take it from here (SMTP: the end of the data)
      if (failWith != null) {
        throw failWith;
      }
      sent.add(message);
      return Delivery.sent(message.contact().phone(), null);
    }
  }

  static Set<String> setOf(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }
}
