package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.config.JourneysProperties;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;

/** The sender on a real (H2) message table with a recording SMS adapter and the sandbox email. */
class MessageSenderTest {

  private JdbcTemplate jdbc;
  private final ChannelFixtures.RecordingAdapter sms = new ChannelFixtures.RecordingAdapter();
  private final ChannelFixtures.Contacts contacts =
      new ChannelFixtures.Contacts()
          .with(ChannelFixtures.contact("c-1", "li.lei@example.com", "Lei", "zh-CN"));
  private final TrackingTokens tokens =
      new TrackingTokens(() -> "k".getBytes(StandardCharsets.UTF_8));
  private MessageSender sender;

  @BeforeEach
  void setUp() {
    DataSource ds = ChannelFixtures.migratedH2();
    jdbc = new JdbcTemplate(ds);
    for (String id : List.of("c-1", "c-2")) { // the dispatcher locks the contact's row
      jdbc.update("insert into contact (id, created_at, updated_at) values (?, now(), now())", id);
    }
    JourneysProperties properties =
        new JourneysProperties(
            URI.create("https://j.example"),
            null,
            null,
            new JourneysProperties.Mail(null, "Shop <shop@example.com>"),
            null);
    TrackingLinks links = new TrackingLinks(properties, tokens);
    EmailAdapter email =
        new EmailAdapter(
            properties,
            links,
            new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
            new SmtpConnections(0, 100, java.time.Duration.ofSeconds(30)));
    sender =
        ChannelFixtures.sender(
            ds, contacts, links, List.of(sms, email), MessageSenderTest::consentOnly, List.of());
  }

  /** Stands in for the governance send rules: only an explicit "no" consent stops a send. */
  private static SendGate.Verdict consentOnly(
      String messageId, SendRequest request, ContactView contact) {
    return contact.consent() != null
            && Boolean.FALSE.equals(contact.consent().get(request.channel().wire()))
        ? SendGate.Verdict.suppress("no consent for " + request.channel())
        : SendGate.Verdict.send(request.channel(), null);
  }

  private SendRequest request(String key, String channel, String template) {
    return new SendRequest(
        key, "c-1", Channel.parse(channel).orElseThrow(), template, "pi-1", "Task_Send", Map.of());
  }

  @Test
  void sendsOncePerKey() {
    String first = sender.send(request("pi-1:Task_Send:0", "sms", "cart-sms-video"));
    String second = sender.send(request("pi-1:Task_Send:0", "sms", "cart-sms-video"));

    assertThat(second).isEqualTo(first);
    assertThat(sms.sent).hasSize(1);
    assertThat(sms.sent.get(0).rendered().require("text")).startsWith("【商城】Lei，");
    assertThat(row(first))
        .containsEntry("STATUS", "SENT")
        .containsEntry("RECIPIENT", "+8613800138000");
    assertThat(row(first).get("SENT_AT")).isNotNull();
  }

  @Test
  void aContactHeldOutAsControlGetsNothingAndTheSendIsRecordedAsSkipped() {
    String id =
        sender.send(
            new SendRequest(
                "pi-1:Task_Send:0",
                "c-1",
                Channel.SMS,
                "cart-sms-video",
                "pi-1",
                "Task_Send",
                Map.of(MessageSender.HOLDOUT_VARIABLE, true)));

    assertThat(sms.sent).isEmpty();
    assertThat(row(id))
        .containsEntry("STATUS", "SKIPPED")
        .containsEntry("DETAIL", MessageSender.HOLDOUT_DETAIL);
  }

  @Test
  void anotherLoopIsAnotherMessage() {
    sender.send(request("pi-1:Task_Send:0", "sms", "cart-sms-video"));
    sender.send(request("pi-1:Task_Send:1", "sms", "cart-sms-video"));

    assertThat(sms.sent).hasSize(2);
  }

  @Test
  void failureMarksRowFailedWithoutPersonalDataAndRetrySendsOnce() {
    sms.failWith = new MessageSendException("sms provider answered 503");
    SendRequest request = request("pi-1:Task_Send:0", "sms", "cart-sms-video");

    assertThatThrownBy(() -> sender.send(request))
        .isInstanceOf(MessageSendException.class)
        .hasMessage("sms provider answered 503");
    String id = jdbc.queryForObject("select id from message", String.class);
    assertThat(row(id))
        .containsEntry("STATUS", "FAILED")
        .containsEntry("DETAIL", "sms provider answered 503");

    sms.failWith = null;
    assertThat(sender.send(request)).isEqualTo(id);
    assertThat(sender.send(request)).isEqualTo(id);
    assertThat(sms.sent).hasSize(1);
    assertThat(row(id)).containsEntry("STATUS", "SENT").containsEntry("DETAIL", null);
  }

  @Test
  void unexpectedFailureIsWrappedWithItsClassOnlyAndLeavesTheOutcomeOpen() {
    sms.failWith = new IllegalStateException("li.lei@example.com broke it");

    assertThatThrownBy(() -> sender.send(request("k", "sms", "cart-sms-video")))
        .isInstanceOf(MessageSendException.class)
        .hasMessage("unexpected failure (IllegalStateException)");
    assertThat(jdbc.queryForMap("select status, detail from message"))
        .containsEntry("STATUS", "SENDING")
        .containsEntry("DETAIL", null);
  }

  @Test
  void strictTemplateFailureIsRecorded() {
    assertThatThrownBy(() -> sender.send(request("k", "sms", "test-strict")))
        .hasMessageContaining("'couponCode'");
    assertThat(jdbc.queryForObject("select status from message", String.class)).isEqualTo("FAILED");
    assertThat(sms.sent).isEmpty();
  }

  @Test
  void processVariablesReachTheTemplate() {
    sender.send(
        new SendRequest(
            "k",
            "c-1",
            Channel.SMS,
            "test-strict",
            "pi-1",
            "Task_Send",
            Map.of("couponCode", "WELCOME10")));

    assertThat(sms.sent.get(0).rendered().require("text")).isEqualTo("Your coupon: WELCOME10");
  }

  @Test
  void unknownChannelOrContactFails() {
    assertThatThrownBy(() -> sender.send(request("k", "wecom", "cart-sms-video")))
        .as("a channel without an adapter")
        .hasMessage("no adapter for channel 'wecom'");
    assertThatThrownBy(
            () ->
                sender.send(
                    new SendRequest(
                        "k2", "c-404", Channel.SMS, "cart-sms-video", "pi", "a", Map.of())))
        .hasMessage("unknown contact");
  }

  @Test
  void sandboxEmailIsRenderedFullyAndRecorded() {
    String id = sender.send(request("pi-1:Task_Email:0", "email", "lead-welcome"));

    Map<String, Object> row = row(id);
    assertThat(row)
        .containsEntry("STATUS", "SANDBOX")
        .containsEntry("RECIPIENT", "li.lei@example.com")
        .containsEntry("SUBJECT", "欢迎加入，这里有本周新品");
    String body = (String) row.get("BODY");
    assertThat(body)
        .contains("LiLei，")
        .contains("<img src=\"https://j.example/t/o/")
        .doesNotContain("href=\"https://shop.example.com");
    assertThat(body.split("href=\"https://j.example/t/c/", -1)).hasSize(4);
    assertThat(sender.send(request("pi-1:Task_Email:0", "email", "lead-welcome"))).isEqualTo(id);
  }

  @Test
  void contactWhoWithdrewConsentGetsNothing() {
    ContactView c = ChannelFixtures.contact("c-2", "x@example.com", "X", "en");
    contacts.with(
        new ContactView(
            c.id(),
            c.email(),
            c.phone(),
            c.firstName(),
            c.lastName(),
            c.timezone(),
            c.locale(),
            c.lifecycleStage(),
            c.score(),
            c.attributes(),
            Map.of("sms", false),
            c.tags(),
            c.createdAt(),
            c.updatedAt()));
    SendRequest request =
        new SendRequest("k", "c-2", Channel.SMS, "cart-sms-video", "pi", "a", Map.of());

    String id = sender.send(request);
    sender.send(request);

    assertThat(sms.sent).isEmpty();
    assertThat(row(id))
        .containsEntry("STATUS", "SUPPRESSED")
        .containsEntry("DETAIL", "no consent for sms");
  }

  private Map<String, Object> row(String id) {
    return jdbc.queryForMap("select * from message where id = ?", id);
  }
}
