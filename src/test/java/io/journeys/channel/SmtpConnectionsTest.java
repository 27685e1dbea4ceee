package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class SmtpConnectionsTest {

  private GreenMail relay;
  private JavaMailSenderImpl sender;

  @BeforeEach
  void start() {
    relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    relay.start();
    sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(relay.getSmtp().getPort());
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  private MimeMessage mail(int i) throws MessagingException {
    MimeMessage mime = new TrackedMimeMessage(sender.getSession(), "<m" + i + "@journeys>");
    mime.setFrom(new InternetAddress("shop@example.com"));
    mime.setRecipients(MimeMessage.RecipientType.TO, "c" + i + "@example.com");
    mime.setSubject("hello " + i);
    mime.setText("body " + i);
    return mime;
  }

  @Test
  void sendsManyMessagesOnOneKeptConnectionWithTheirOwnMessageIds() throws Exception {
    SmtpConnections connections = new SmtpConnections(2, 100, Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      connections.send(sender, mail(i));
    }
    connections.destroy();

    assertThat(connections.opened()).isEqualTo(1);
    assertThat(relay.getReceivedMessages())
        .hasSize(5)
        .extracting(MimeMessage::getMessageID)
        .containsExactly(
            "<m0@journeys>", "<m1@journeys>", "<m2@journeys>", "<m3@journeys>", "<m4@journeys>");
  }

  @Test
  void opensANewConnectionAfterTheMessagesPerConnection() throws Exception {
    SmtpConnections connections = new SmtpConnections(2, 2, Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      connections.send(sender, mail(i));
    }

    assertThat(connections.opened()).isEqualTo(3);
    assertThat(relay.getReceivedMessages()).hasSize(5);
  }

  @Test
  void aConnectionTheRelayClosedIsReplacedBeforeTheNextMessage() throws Exception {
    SmtpConnections connections = new SmtpConnections(2, 100, Duration.ofSeconds(30));
    connections.send(sender, mail(0));
    int port = relay.getSmtp().getPort();
    relay.stop(); // closes the kept connection
    relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    relay.start();

    connections.send(sender, mail(1));

    assertThat(connections.opened()).isEqualTo(2);
    assertThat(relay.getReceivedMessages())
        .extracting(MimeMessage::getMessageID)
        .containsExactly("<m1@journeys>");
  }

  @Test
  void aChangedRelayAddressIsUsedAtOnceAndARefusedConnectIsAConnectFailure() throws Exception {
    SmtpConnections connections = new SmtpConnections(2, 100, Duration.ofSeconds(30));
    connections.send(sender, mail(0));
    int port = sender.getPort();
    try (ServerSocket socket = new ServerSocket(0)) {
      sender.setPort(socket.getLocalPort());
    } // closed: nothing listens there now
    try {
      assertThatThrownBy(() -> connections.send(sender, mail(1)))
          .isInstanceOf(MessagingException.class)
          .satisfies(e -> assertThat(EmailAdapter.timedOutAfterConnecting(e)).isFalse());
    } finally {
      sender.setPort(port);
    }
    connections.send(sender, mail(2));

    assertThat(relay.getReceivedMessages())
        .extracting(MimeMessage::getMessageID)
        .containsExactly("<m0@journeys>", "<m2@journeys>");
  }

  @Test
  void withoutKeptConnectionsEveryMessageOpensItsOwn() throws Exception {
    SmtpConnections connections = new SmtpConnections(0, 100, Duration.ofSeconds(30));
    assertThat(connections.enabled()).isFalse();
    connections.resize(1);
    connections.send(sender, mail(0));
    connections.resize(0);
    connections.send(sender, mail(1));

    assertThat(connections.opened()).isEqualTo(2);
    assertThat(relay.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aRelayThatStopsAnsweringAfterTheMessageDataIsATimeoutNotARefusal() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread relayThread = new Thread(() -> silentAfterData(silent), "silent-relay");
      relayThread.setDaemon(true);
      relayThread.start();
      sender.setPort(silent.getLocalPort());
      sender.getJavaMailProperties().setProperty("mail.smtp.timeout", "500");
      SmtpConnections connections = new SmtpConnections(2, 100, Duration.ofSeconds(30));

      assertThatThrownBy(() -> connections.send(sender, mail(0)))
          .isInstanceOf(MessagingException.class)
          .satisfies(e -> assertThat(EmailAdapter.timedOutAfterConnecting(e)).isTrue());
    }
  }

  /**
   * A relay that stops answering at the greeting or after EHLO never had the message: a plain
   * failure to retry, not an outcome in doubt (before, such a timeout counted as in doubt).
   */
  @Test
  void aRelayThatStopsAnsweringBeforeDataIsAPlainFailure() throws Exception {
    for (String stage : java.util.List.of("greeting", "EHLO")) {
      try (ServerSocket silent = new ServerSocket(0)) {
        Thread relayThread = new Thread(() -> silentAt(silent, stage), "silent-relay");
        relayThread.setDaemon(true);
        relayThread.start();
        sender.setPort(silent.getLocalPort());
        sender.getJavaMailProperties().setProperty("mail.smtp.timeout", "500");
        SmtpConnections connections = new SmtpConnections(2, 100, Duration.ofSeconds(30));

        assertThatThrownBy(() -> connections.send(sender, mail(0)))
            .as(stage)
            .isInstanceOf(SmtpConnections.NotDelivered.class)
            .satisfies(e -> assertThat(EmailAdapter.timedOutAfterConnecting(e)).isFalse());
      }
    }
  }

  /** Answers like a relay until {@code stage} (greeting, EHLO), then never again. */
  private static void silentAt(ServerSocket server, String stage) {
    try (java.net.Socket socket = server.accept();
        java.io.BufferedReader in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
        java.io.Writer out =
            new java.io.OutputStreamWriter(
                socket.getOutputStream(), java.nio.charset.StandardCharsets.US_ASCII)) {
      if (!stage.equals("greeting")) {
        out.write("220 relay\r\n");
        out.flush();
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.toUpperCase(java.util.Locale.ROOT).startsWith(stage)) {
          Thread.sleep(5_000); // no answer
          return;
        }
        out.write("250 ok\r\n");
        out.flush();
      }
    } catch (Exception ignored) {
      // the client gave up
    }
  }

  /** Answers like a relay up to the message data, then never again. */
  private static void silentAfterData(ServerSocket server) {
    try (java.net.Socket socket = server.accept();
        java.io.BufferedReader in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
        java.io.Writer out =
            new java.io.OutputStreamWriter(
                socket.getOutputStream(), java.nio.charset.StandardCharsets.US_ASCII)) {
      out.write("220 relay\r\n");
      out.flush();
      boolean data = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (data) {
          if (line.equals(".")) {
            Thread.sleep(5_000); // the message is in; no answer
            return;
          }
          continue;
        }
        String command = line.toUpperCase(java.util.Locale.ROOT);
        out.write(command.startsWith("DATA") ? "354 go on\r\n" : "250 ok\r\n");
        out.flush();
        data = command.startsWith("DATA");
      }
    } catch (Exception ignored) {
      // the client gave up
    }
  }
}
