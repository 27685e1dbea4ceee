package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.config.JourneysProperties;
import io.journeys.contact.Channel;
import jakarta.mail.MessagingException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.MailSendException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's state machine on a real (H2) message table: queued in the caller's transaction,
 * claimed and marked on their own, a crash between provider call and mark, provider refusals,
 * erasure before and during a delivery, cancellation.
 */
class MessageDispatcherTest {

  private DataSource ds;
  private JdbcTemplate jdbc;
  private final ChannelFixtures.RecordingAdapter provider = new ChannelFixtures.RecordingAdapter();
  private final List<Consumer<String>> onAccepted = new ArrayList<>();
  private MessageSender sender;
  private MessageDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    ds = ChannelFixtures.migratedH2();
    jdbc = new JdbcTemplate(ds);
    jdbc.update(
        "insert into contact (id, email, phone, created_at, updated_at)"
            + " values ('c-1', 'li.lei@example.com', '+8613800138000', now(), now())");
    ChannelFixtures.Contacts contacts = new DbContacts(jdbc);
    JourneysProperties properties =
        new JourneysProperties(URI.create("https://j.example"), null, null, null, null);
    TrackingLinks links =
        new TrackingLinks(
            properties, new TrackingTokens(() -> "k".getBytes(StandardCharsets.UTF_8)));
    DeliveryObserver observer = id -> onAccepted.forEach(c -> c.accept(id));
    dispatcher = ChannelFixtures.dispatcher(ds, contacts, List.of(provider), List.of(observer));
    sender =
        ChannelFixtures.sender(
            ds,
            contacts,
            links,
            List.of(provider),
            (id, request, contact) -> SendGate.Verdict.send(request.channel(), null),
            List.of(observer));
  }

  private MessageSender.Queued queue(String key) {
    return sender.queue(
        new SendRequest(key, "c-1", Channel.SMS, "cart-sms-video", "pi-1", "Task_Sms", Map.of()),
        "cart-abandonment");
  }

  @Test
  void queueWritesTheOutboxRowInTheCallersTransactionAndCallsNoProvider() {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    s -> {
                      queue("pi-1:Task_Sms:0");
                      throw new IllegalStateException("the engine's step rolls back");
                    }))
        .hasMessage("the engine's step rolls back");
    assertThat(jdbc.queryForObject("select count(*) from message", Integer.class)).isZero();

    MessageSender.Queued queued = tx.execute(s -> queue("pi-1:Task_Sms:0"));

    assertThat(queued.toDeliver()).isTrue();
    assertThat(row(queued.messageId()))
        .containsEntry("STATUS", "QUEUED")
        .containsEntry("JOURNEY_KEY", "cart-abandonment")
        .containsEntry("RECIPIENT", null);
    assertThat((String) row(queued.messageId()).get("CONTENT")).contains("cart-sms-video");
    assertThat(provider.sent).isEmpty();
    assertThat(queue("pi-1:Task_Sms:0"))
        .extracting(MessageSender.Queued::messageId, MessageSender.Queued::toDeliver)
        .containsExactly(queued.messageId(), true);
  }

  @Test
  void deliveryClaimsSendsMarksAndForgetsTheRenderedContent() {
    String id = queue("pi-1:Task_Sms:0").messageId();

    dispatcher.deliver(id);
    dispatcher.deliver(id);

    assertThat(provider.sent).hasSize(1);
    assertThat(provider.sent.get(0).idempotencyKey()).isEqualTo("pi-1:Task_Sms:0");
    assertThat(row(id))
        .containsEntry("STATUS", "SENT")
        .containsEntry("ATTEMPTS", 1)
        .containsEntry("RECIPIENT", "+8613800138000")
        .containsEntry("CONTENT", null);
  }

  @Test
  void providerRefusalPutsTheMessageBackAndTheRetryDeliversIt() {
    String id = queue("pi-1:Task_Sms:0").messageId();
    provider.failWith = new MessageSendException("sms provider answered 503");

    assertThatThrownBy(() -> dispatcher.deliver(id)).hasMessage("sms provider answered 503");
    assertThat(row(id))
        .containsEntry("STATUS", "FAILED")
        .containsEntry("DETAIL", "sms provider answered 503");

    provider.failWith = null;
    dispatcher.deliver(id);
    assertThat(provider.sent).hasSize(1);
    assertThat(row(id))
        .containsEntry("STATUS", "SENT")
        .containsEntry("ATTEMPTS", 2)
        .containsEntry("DETAIL", null);
  }

  @Test
  void crashAfterTheProviderAcceptedWithoutDeduplicationIsNeverResentByItself() {
    provider.dropsDuplicates = false; // like SMTP
    String id = queue("pi-1:Task_Sms:0").messageId();
    onAccepted.add(
        m -> {
          throw new IllegalStateException("crash between provider call and mark");
        });

    assertThatThrownBy(() -> dispatcher.deliver(id)).hasMessageContaining("crash");
    assertThat(row(id)).containsEntry("STATUS", "SENDING");
    onAccepted.clear();

    assertThatThrownBy(() -> dispatcher.deliver(id))
        .isInstanceOf(DeliveryInDoubtException.class)
        .hasMessageContaining("may have been delivered");
    assertThat(provider.sent).hasSize(1);
    assertThat(row(id)).containsEntry("STATUS", "UNCERTAIN");

    // an operator who found it was not delivered retries: that sends it
    dispatcher.deliver(id);
    assertThat(provider.sent).hasSize(2);
    assertThat(row(id)).containsEntry("STATUS", "SENT");
  }

  @Test
  void crashAfterTheProviderAcceptedIsResentWithTheSameKeyWhereTheProviderDropsDuplicates() {
    String id = queue("pi-1:Task_Sms:0").messageId();
    onAccepted.add(
        m -> {
          throw new IllegalStateException("crash between provider call and mark");
        });
    assertThatThrownBy(() -> dispatcher.deliver(id)).hasMessageContaining("crash");
    onAccepted.clear();

    dispatcher.deliver(id);

    assertThat(provider.sent)
        .extracting(ChannelAdapter.Outgoing::idempotencyKey)
        .containsExactly("pi-1:Task_Sms:0", "pi-1:Task_Sms:0");
    assertThat(row(id)).containsEntry("STATUS", "SENT").containsEntry("ATTEMPTS", 2);
  }

  @Test
  void aProviderCallThatEndedWithoutAnAnswerIsInDoubtAndNotResentWithoutDeduplication() {
    provider.dropsDuplicates = false; // like SMTP
    String id = queue("pi-1:Task_Sms:0").messageId();
    provider.failWith = new DeliveryOutcomeUnknownException("SMTP relay did not answer");

    assertThatThrownBy(() -> dispatcher.deliver(id))
        .isInstanceOf(DeliveryOutcomeUnknownException.class);
    assertThat(row(id)).containsEntry("STATUS", "SENDING");

    provider.failWith = null;
    assertThatThrownBy(() -> dispatcher.deliver(id)).isInstanceOf(DeliveryInDoubtException.class);
    assertThat(provider.sent).isEmpty();
    assertThat(row(id)).containsEntry("STATUS", "UNCERTAIN");
  }

  @Test
  void smtpTimeoutsOnAnOpenConnectionAreInDoubtConnectFailuresAndRefusalsAreNot() {
    MessagingException readTimeout =
        new MessagingException(
            "Exception reading response", new SocketTimeoutException("Read timed out"));
    MailConnectException connectTimeout =
        new MailConnectException(
            new SocketConnectException(
                "connect", new SocketTimeoutException("connect timed out"), "relay", 25, 1000));

    assertThat(
            EmailAdapter.timedOutAfterConnecting(
                new MailSendException(Map.of("message", readTimeout))))
        .isTrue();
    assertThat(
            EmailAdapter.timedOutAfterConnecting(
                new MailSendException("Mail server connection failed", connectTimeout)))
        .isFalse();
    assertThat(
            EmailAdapter.timedOutAfterConnecting(
                new MailSendException(Map.of("message", new MessagingException("554 rejected")))))
        .isFalse();
  }

  @Test
  void nothingIsSentToAContactErasedBeforeDelivery() {
    String id = queue("pi-1:Task_Sms:0").messageId();
    jdbc.update("delete from contact where id = 'c-1'");

    dispatcher.deliver(id);

    assertThat(provider.sent).isEmpty();
    assertThat(row(id))
        .containsEntry("STATUS", "CANCELLED")
        .containsEntry("CONTENT", null)
        .containsEntry("DETAIL", "contact erased before delivery");
  }

  @Test
  void aMessageInFlightDuringAnErasureIsRecordedWithoutPersonalData() {
    String id = queue("pi-1:Task_Sms:0").messageId();
    onAccepted.add(m -> jdbc.update("delete from contact where id = 'c-1'"));

    dispatcher.deliver(id);

    assertThat(row(id))
        .containsEntry("STATUS", "SENT")
        .containsEntry("RECIPIENT", null)
        .containsEntry("BODY", null)
        .containsEntry("CONTENT", null)
        .containsEntry("DETAIL", "contact erased while the message was in flight");
  }

  @Test
  void aCancelledMessageIsNotDelivered() {
    String id = queue("pi-1:Task_Sms:0").messageId();

    assertThat(ChannelFixtures.store(ds).cancel(id, "journey ended before delivery")).isTrue();
    dispatcher.deliver(id);

    assertThat(provider.sent).isEmpty();
    assertThat(row(id)).containsEntry("STATUS", "CANCELLED");
    assertThat(queue("pi-1:Task_Sms:0").toDeliver()).isFalse();
  }

  private Map<String, Object> row(String id) {
    return jdbc.queryForMap("select * from message where id = ?", id);
  }

  /** Contacts read from the contact table, so that an erasure (a delete) is seen. */
  private static final class DbContacts extends ChannelFixtures.Contacts {
    private final JdbcTemplate jdbc;

    DbContacts(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public java.util.Optional<io.journeys.contact.ContactView> find(String contactId) {
      return jdbc
          .queryForList("select id from contact where id = ?", String.class, contactId)
          .stream()
          .findFirst()
          .map(id -> ChannelFixtures.contact(id, "li.lei@example.com", "Lei", "zh-CN"));
    }
  }
}
