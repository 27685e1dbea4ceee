package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.config.JourneysProperties;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The in-doubt window of an email (docs/hardening.md): a message is in doubt (UNCERTAIN, an
 * incident) only when the relay may hold its data, i.e. after the end of the data went out and no
 * answer came; a failure or a crash while connecting, at the greeting, EHLO, MAIL FROM, RCPT TO or
 * DATA is a plain retry. The relay is a real SMTP peer on a socket ({@link ScriptedRelay}), the
 * outbox a migrated H2 message table, the adapter and dispatcher the real ones.
 */
class SmtpInDoubtWindowTest {

  private JdbcTemplate jdbc;
  private MessageSender sender;
  private MessageDispatcher dispatcher;
  private SmtpConnections connections;
  private ScriptedRelay relay;
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private final List<String> report = new ArrayList<>();

  @BeforeEach
  void setUp() {
    DataSource ds = ChannelFixtures.migratedH2();
    jdbc = new JdbcTemplate(ds);
    jdbc.update(
        "insert into contact (id, email, created_at, updated_at)"
            + " values ('c-1', 'li.lei@example.com', now(), now())");
  }

  @AfterEach
  void tearDown() throws Exception {
    background.shutdownNow();
    if (connections != null) {
      connections.destroy();
    }
    if (relay != null) {
      relay.close();
    }
    report.forEach(System.out::println);
  }

  /** The relay and the send path; {@code readTimeout}: how long the client waits for an answer. */
  private void start(ScriptedRelay.Phase phase, ScriptedRelay.Fault fault, String readTimeout)
      throws Exception {
    relay = new ScriptedRelay(phase, fault);
    JavaMailSenderImpl mail = new JavaMailSenderImpl();
    mail.setHost("127.0.0.1");
    mail.setPort(relay.port());
    mail.getJavaMailProperties().setProperty("mail.smtp.connectiontimeout", "2000");
    mail.getJavaMailProperties().setProperty("mail.smtp.timeout", readTimeout);
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("mailSender", mail);
    JourneysProperties properties =
        new JourneysProperties(
            URI.create("https://j.example"),
            null,
            null,
            new JourneysProperties.Mail("127.0.0.1", "shop@example.com"),
            null);
    TrackingLinks links =
        new TrackingLinks(
            properties, new TrackingTokens(() -> "k".getBytes(StandardCharsets.UTF_8)));
    connections = new SmtpConnections(2, 100, Duration.ofSeconds(30));
    EmailAdapter email =
        new EmailAdapter(
            properties, links, beans.getBeanProvider(JavaMailSender.class), connections);
    DataSource ds = jdbc.getDataSource();
    ChannelFixtures.Contacts contacts = new TableContacts(jdbc);
    dispatcher = ChannelFixtures.dispatcher(ds, contacts, List.of(email), List.of());
    sender =
        ChannelFixtures.sender(
            ds,
            contacts,
            links,
            List.of(email),
            (id, request, contact) -> SendGate.Verdict.send(request.channel(), null),
            List.of());
  }

  private String queue() {
    return sender
        .queue(
            new SendRequest(
                "pi-1:Task_Welcome:0",
                "c-1",
                Channel.EMAIL,
                "onboarding-welcome",
                "pi-1",
                "Task_Welcome",
                Map.of()),
            "onboarding")
        .messageId();
  }

  /**
   * The relay stops answering, hangs up or refuses at one phase of the first conversation; the
   * dispatch job's retry talks to a relay that behaves. Before the end of the data every fault is a
   * plain failure (FAILED, retried, delivered once); only silence or a hang-up after the end of the
   * data leaves the message in doubt (not resent: UNCERTAIN at the next attempt). A refusal after
   * the end of the data is an answer: a plain failure too. Before the fix timeouts at MAIL FROM,
   * RCPT TO and DATA counted as in doubt.
   */
  static Stream<Arguments> faults() {
    return Stream.of(ScriptedRelay.Phase.values())
        .flatMap(
            phase ->
                Stream.of(
                        ScriptedRelay.Fault.SILENT,
                        ScriptedRelay.Fault.CLOSE,
                        ScriptedRelay.Fault.REFUSE)
                    .map(fault -> Arguments.of(phase, fault)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("faults")
  void aFaultBeforeTheEndOfTheDataIsAPlainRetryAndOnlySilenceAfterItIsInDoubt(
      ScriptedRelay.Phase phase, ScriptedRelay.Fault fault) throws Exception {
    start(phase, fault, "1000");
    String id = queue();
    boolean inDoubt =
        phase == ScriptedRelay.Phase.END_OF_DATA && fault != ScriptedRelay.Fault.REFUSE;

    Throwable first = catchThrowable(() -> dispatcher.deliver(id));
    Map<String, Object> afterFirst = row(id);
    Throwable retry = catchThrowable(() -> dispatcher.deliver(id));
    Map<String, Object> afterRetry = row(id);
    report.add(
        String.format(
            "%-12s %-7s intended %-8s | observed: 1st %s (%s), retry %s, relay took %d, held %d",
            phase,
            fault,
            inDoubt ? "in doubt" : "retry",
            afterFirst.get("STATUS"),
            first == null ? "-" : first.getClass().getSimpleName(),
            afterRetry.get("STATUS"),
            relay.taken.get(),
            relay.held.get()));

    assertThat(first).isInstanceOf(MessageSendException.class);
    if (inDoubt) {
      assertThat(first).isInstanceOf(DeliveryOutcomeUnknownException.class);
      assertThat(afterFirst).containsEntry("STATUS", "SENDING");
      assertThat(afterFirst.get("HANDED_OVER_AT")).isNotNull();
      assertThat(retry).isInstanceOf(DeliveryInDoubtException.class);
      assertThat(afterRetry).containsEntry("STATUS", "UNCERTAIN");
      assertThat(relay.taken.get()).isZero();
      assertThat(relay.held.get()).isEqualTo(1);
    } else {
      assertThat(first).isNotInstanceOf(DeliveryOutcomeUnknownException.class);
      assertThat(afterFirst).containsEntry("STATUS", "FAILED");
      assertThat(retry).isNull();
      assertThat(afterRetry).containsEntry("STATUS", "SENT").containsEntry("ATTEMPTS", 2);
      assertThat(relay.taken.get()).isEqualTo(1);
    }
  }

  /**
   * A node dies while its attempt is at one phase (here: the attempt is stuck there, the relay
   * silent) and the dispatch job runs again elsewhere. Before the end of the data the row is
   * SENDING without a hand-over, so the new attempt sends it (once: the stuck attempt can no longer
   * hand it over, and its late failure does not overwrite the delivery); at the end of the data it
   * is in doubt. Before the fix every such row became UNCERTAIN, an incident, though the relay had
   * never had the message.
   */
  @ParameterizedTest
  @EnumSource(ScriptedRelay.Phase.class)
  void anAttemptThatDiesBeforeTheEndOfTheDataIsSentAgainAndNotInDoubt(ScriptedRelay.Phase phase)
      throws Exception {
    start(phase, ScriptedRelay.Fault.SILENT, "60000");
    String id = queue();
    boolean inDoubt = phase == ScriptedRelay.Phase.END_OF_DATA;

    Future<?> dying = background.submit(() -> dispatcher.deliver(id));
    relay.awaitFault();
    Map<String, Object> whileStuck = row(id);
    Throwable next = catchThrowable(() -> dispatcher.deliver(id)); // the job, run again
    relay.close(); // the stuck attempt's connection goes: it fails, late
    Throwable late = catchThrowable(() -> dying.get(60, TimeUnit.SECONDS));
    Map<String, Object> after = row(id);
    report.add(
        String.format(
            "died at %-12s intended %-9s | observed: while stuck %s handed over %s, next attempt %s,"
                + " status %s, relay took %d, held %d",
            phase,
            inDoubt ? "in doubt" : "resend",
            whileStuck.get("STATUS"),
            whileStuck.get("HANDED_OVER_AT") != null,
            next == null ? "sent" : next.getClass().getSimpleName(),
            after.get("STATUS"),
            relay.taken.get(),
            relay.held.get()));

    assertThat(whileStuck).containsEntry("STATUS", "SENDING");
    assertThat(late).isNotNull();
    if (inDoubt) {
      assertThat(whileStuck.get("HANDED_OVER_AT")).isNotNull();
      assertThat(next).isInstanceOf(DeliveryInDoubtException.class);
      assertThat(after).containsEntry("STATUS", "UNCERTAIN");
      assertThat(relay.taken.get()).isZero();
    } else {
      assertThat(whileStuck.get("HANDED_OVER_AT")).isNull();
      assertThat(next).isNull();
      assertThat(after).containsEntry("STATUS", "SENT");
      assertThat(relay.taken.get()).isEqualTo(1);
    }
  }

  /**
   * The first attempt is not dead but slow (the relay holds its answer to RCPT TO); the job runs
   * again and delivers; then the first attempt goes on: it must not hand the message over a second
   * time. The relay takes it exactly once and the row stays SENT.
   */
  @ParameterizedTest
  @EnumSource(
      value = ScriptedRelay.Phase.class,
      names = {"MAIL_FROM", "RCPT_TO", "DATA"})
  void aSlowAttemptOvertakenByAnotherDoesNotHandTheMessageOverAgain(ScriptedRelay.Phase phase)
      throws Exception {
    start(phase, ScriptedRelay.Fault.HOLD, "60000");
    String id = queue();

    Future<?> slow = background.submit(() -> dispatcher.deliver(id));
    relay.awaitFault();
    dispatcher.deliver(id);
    relay.release();
    Throwable late = catchThrowable(() -> slow.get(60, TimeUnit.SECONDS));
    report.add(
        String.format(
            "slow at %-9s intended: taken once, SENT | observed: taken %d, status %s, slow attempt %s",
            phase,
            relay.taken.get(),
            row(id).get("STATUS"),
            late == null ? "sent" : late.getCause().getMessage()));

    assertThat(late).isNotNull();
    assertThat(late.getCause()).isInstanceOf(MessageSendException.class);
    assertThat(late.getCause().getMessage()).contains("before its hand-over");
    assertThat(relay.taken.get()).isEqualTo(1);
    assertThat(row(id)).containsEntry("STATUS", "SENT").containsEntry("ATTEMPTS", 2);
  }

  private static Throwable catchThrowable(ThrowingRunnable action) {
    try {
      action.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private Map<String, Object> row(String id) {
    return jdbc.queryForMap("select * from message where id = ?", id);
  }

  /** Contacts read from the contact table. */
  private static final class TableContacts extends ChannelFixtures.Contacts {
    private final JdbcTemplate jdbc;

    TableContacts(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public Optional<ContactView> find(String contactId) {
      return jdbc
          .queryForList("select id from contact where id = ?", String.class, contactId)
          .stream()
          .findFirst()
          .map(id -> ChannelFixtures.contact(id, "li.lei@example.com", "Lei", "en"));
    }
  }
}
