package io.journeys.channel;

import io.journeys.config.EngineClock;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Open SMTP connections kept for the next emails: up to {@code journeys.mail.connections} idle
 * Jakarta Mail {@link Transport}s, each used by one send at a time and for at most {@code
 * journeys.mail.messages-per-connection} messages, dropped after {@code
 * journeys.mail.connection-idle} unused. A kept connection is checked with a NOOP before each use
 * (a relay that closed it gets a new one, before any message data is sent), and one on which a send
 * failed is closed, never reused. Connections belong to the relay address and login they were
 * opened for: a changed setting opens new ones. {@code connections: 0} sends every email on its own
 * connection, as Spring's {@code JavaMailSender} does. A failure while connecting is reported as
 * {@link BeforeData}: never in doubt (docs/hardening.md).
 */
@Component
class SmtpConnections implements DisposableBean {

  private final Deque<Open> idle = new ConcurrentLinkedDeque<>();
  private final AtomicLong opened = new AtomicLong();
  private final int messagesPerConnection;
  private final Duration maxIdle;
  private volatile int size;

  SmtpConnections(
      @Value("${journeys.mail.connections:8}") int size,
      @Value("${journeys.mail.messages-per-connection:100}") int messagesPerConnection,
      @Value("${journeys.mail.connection-idle:PT30S}") Duration maxIdle) {
    this.size = size;
    this.messagesPerConnection = messagesPerConnection;
    this.maxIdle = maxIdle;
  }

  boolean enabled() {
    return size > 0;
  }

  /** Changes how many connections are kept (0: none); for benchmarks and tests. */
  void resize(int connections) {
    size = connections;
    while (idle.size() > Math.max(0, connections)) {
      close(idle.pollLast());
    }
  }

  /** Connections opened since start. */
  long opened() {
    return opened.get();
  }

  /**
   * Sends {@code mime} like {@link JavaMailSenderImpl#send} does (sent date, Message-ID kept), on a
   * kept connection to the sender's relay or a new one.
   *
   * @throws MessagingException as Jakarta Mail reports it: a connect failure is a {@code
   *     MailConnectException}, a relay that stops answering a {@code SocketTimeoutException} in the
   *     causes
   */
  void send(JavaMailSenderImpl sender, MimeMessage mime) throws MessagingException {
    if (mime.getSentDate() == null) {
      mime.setSentDate(Date.from(EngineClock.now()));
    }
    String messageId = mime.getMessageID();
    mime.saveChanges();
    if (messageId != null) {
      mime.setHeader("Message-ID", messageId);
    }
    Open open;
    try {
      open = borrow(Relay.of(sender), sender);
    } catch (MessagingException e) {
      throw new BeforeData("SMTP connect or greeting failed", e);
    }
    boolean sent = false;
    try {
      open.transport.sendMessage(mime, mime.getAllRecipients());
      open.messages++;
      sent = true;
    } finally {
      if (sent) {
        giveBack(open);
      } else {
        close(open);
      }
    }
  }

  /**
   * A failure while connecting (connect, greeting, EHLO, STARTTLS, login), before any message was
   * handed over: it cannot have been delivered, so a retry is safe, even after a timeout.
   */
  static final class BeforeData extends MessagingException {
    BeforeData(String message, Exception cause) {
      super(message, cause);
    }
  }

  private Open borrow(Relay relay, JavaMailSenderImpl sender) throws MessagingException {
    Open oldest = idle.peekLast();
    if (oldest != null && oldest.idleTooLong(maxIdle) && idle.removeLastOccurrence(oldest)) {
      close(oldest);
    }
    for (Open open = idle.pollFirst(); open != null; open = idle.pollFirst()) {
      if (open.relay.equals(relay) && !open.idleTooLong(maxIdle) && open.transport.isConnected()) {
        return open;
      }
      close(open);
    }
    Transport transport = sender.getSession().getTransport(relay.protocol());
    transport.connect(relay.host(), relay.port(), relay.user(), relay.password());
    opened.incrementAndGet();
    return new Open(relay, transport);
  }

  private void giveBack(Open open) {
    if (open.messages >= messagesPerConnection || idle.size() >= size) {
      close(open);
      return;
    }
    open.lastUsed = System.nanoTime();
    idle.offerFirst(open);
  }

  private static void close(Open open) {
    if (open == null) {
      return;
    }
    try {
      open.transport.close();
    } catch (MessagingException | RuntimeException ignored) {
      // the connection is dropped either way
    }
  }

  @Override
  public void destroy() {
    for (Open open = idle.pollFirst(); open != null; open = idle.pollFirst()) {
      close(open);
    }
  }

  /** Where and as whom a connection was opened, as {@code JavaMailSenderImpl} connects. */
  record Relay(String protocol, String host, int port, String user, String password) {
    static Relay of(JavaMailSenderImpl sender) {
      String user = sender.getUsername();
      String password = sender.getPassword();
      if ("".equals(user)) {
        user = null;
        password = "".equals(password) ? null : password;
      }
      return new Relay(
          sender.getProtocol() == null ? "smtp" : sender.getProtocol(),
          sender.getHost(),
          sender.getPort(),
          user,
          password);
    }
  }

  private static final class Open {
    final Relay relay;
    final Transport transport;
    int messages;
    long lastUsed = System.nanoTime();

    Open(Relay relay, Transport transport) {
      this.relay = relay;
      this.transport = transport;
    }

    boolean idleTooLong(Duration max) {
      return System.nanoTime() - lastUsed > max.toNanos();
    }
  }
}
