package io.journeys.journey;

import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
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
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Test doubles for the beans other features implement, registered with {@link
 * org.camunda.bpm.engine.test.mock.Mocks} in the process tests.
 */
final class JourneyTestDoubles {

  /**
   * The process tests' engine configuration. Deliberately not named {@code camunda.cfg.xml}:
   * Camunda's {@code ProcessEngines.init()} would build that file's engine as "default" in any JVM
   * with the test classpath, and the Spring Boot app's engine REST and webapps would then talk to
   * it instead of the application's engine.
   */
  static final String ENGINE_CONFIG = "camunda-process-test.cfg.xml";

  private JourneyTestDoubles() {}

  /** JDBC on the process engine's own database, as the application's JdbcTemplate is on its. */
  static org.springframework.jdbc.core.JdbcTemplate jdbc(
      org.camunda.bpm.engine.ProcessEngine engine) {
    return new org.springframework.jdbc.core.JdbcTemplate(dataSource(engine));
  }

  /** The process engine's own database. */
  static javax.sql.DataSource dataSource(org.camunda.bpm.engine.ProcessEngine engine) {
    return ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
            engine.getProcessEngineConfiguration())
        .getDataSource();
  }

  /** Stands in for {@code syncToCrmDelegate}: records the contact and the sales outcome. */
  static final class RecordingCrm implements JavaDelegate {

    record Synced(String contactId, Object outcome) {}

    final List<Synced> synced = new ArrayList<>();

    @Override
    public void execute(DelegateExecution execution) {
      synced.add(
          new Synced(
              JourneyContact.of(execution), execution.getVariable(JourneyConstants.VAR_OUTCOME)));
    }
  }

  /** An in-memory {@link ContactDirectory}. */
  static final class InMemoryContacts implements ContactDirectory {

    final Map<String, ContactView> contacts = new HashMap<>();
    final Map<String, Set<String>> tags = new HashMap<>();

    InMemoryContacts with(String id, String firstName, String lastName, String email) {
      return with(id, firstName, lastName, email, 0);
    }

    InMemoryContacts with(String id, String firstName, String lastName, String email, int score) {
      contacts.put(
          id,
          new ContactView(
              id,
              email,
              null,
              firstName,
              lastName,
              "Asia/Shanghai",
              "zh-CN",
              "lead",
              score,
              Map.of(),
              Map.of("email", true),
              Set.of(),
              Instant.EPOCH,
              Instant.EPOCH));
      return this;
    }

    @Override
    public Optional<ContactView> find(String contactId) {
      return Optional.ofNullable(contacts.get(contactId));
    }

    @Override
    public void tag(String contactId, String tag) {
      tags.computeIfAbsent(contactId, id -> new LinkedHashSet<>()).add(tag);
    }

    @Override
    public void setConsent(String contactId, Channel channel, boolean granted, String source) {
      throw new UnsupportedOperationException("journeys do not change consent");
    }
  }

  /** {@link CorrelationRetries} that keeps what it was given. */
  static final class RecordingRetries implements CorrelationRetries {

    /**
     * One event kept for later, with the instance it is for (null: every instance of the contact).
     */
    record Kept(String eventId, String type, String processInstanceId) {}

    final List<Kept> kept = new ArrayList<>();

    @Override
    public void later(io.journeys.event.StoredEvent event, String processInstanceId) {
      kept.add(new Kept(event.id(), event.type(), processInstanceId));
    }
  }

  /**
   * An {@link EntryRule} that lets every contact enter every journey (re-entry is not tested here).
   */
  static final EntryRule ALWAYS_ENTER = (contactId, processKey, now) -> true;

  /** An {@link EventIntake} that keeps what it was given. */
  static final class RecordingIntake implements EventIntake {

    final List<IncomingEvent> events = new ArrayList<>();

    @Override
    public int ingest(List<IncomingEvent> batch) {
      events.addAll(batch);
      return batch.size();
    }
  }
}
