package io.journeys.channel;

import io.journeys.config.EngineClock;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Date;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
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
 * connection, as Spring's {@code JavaMailSender} does.
 *
 * <p>The SMTP conversation is watched phase by phase ({@link PhasedTransport}): a failure before
 * the end of the message data (connect, greeting, EHLO, login, MAIL FROM, RCPT TO, DATA, the data
 * itself), even a timeout, and a refusal the relay answers to the end of the data are {@link
 * NotDelivered}: the relay cannot have taken the message. Only a missing answer to the end of the
 * data (a timeout, a closed connection) is {@link InDoubt} (docs/hardening.md).
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

  /** {@link #send(JavaMailSenderImpl, MimeMessage, Runnable)} with nothing to do at hand-over. */
  void send(JavaMailSenderImpl sender, MimeMessage mime) throws MessagingException {
    send(sender, mime, () -> {});
  }

  /**
   * Sends {@code mime} like {@link JavaMailSenderImpl#send} does (sent date, Message-ID kept), on a
   * kept connection to the sender's relay or a new one. {@code handOver} runs just before the end
   * of the message data goes to the relay; if it throws, the data is never ended (the relay drops
   * it) and its exception is thrown.
   *
   * @throws NotDelivered when the relay cannot have taken the message
   * @throws InDoubt when it may have: it did not answer the end of the data
   */
  void send(JavaMailSenderImpl sender, MimeMessage mime, Runnable handOver)
      throws MessagingException {
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
      throw new NotDelivered("SMTP connect or greeting failed", e);
    }
    boolean sent = false;
    try {
      open.transport.begin(handOver);
      open.transport.sendMessage(mime, mime.getAllRecipients());
      open.messages++;
      sent = true;
    } catch (MessagingException e) {
      if (open.transport.inDoubt()) {
        throw new InDoubt("SMTP relay did not answer the end of the message data", e);
      }
      throw new NotDelivered("SMTP " + open.transport.phase() + " failed", e);
    } finally {
      if (sent) {
        giveBack(open);
      } else {
        close(open);
      }
    }
  }

  /**
   * A failure before the relay could take the message (connect, greeting, EHLO, STARTTLS, login,
   * MAIL FROM, RCPT TO, DATA, the message data), or the relay's refusal of it: it cannot have been
   * delivered, so a retry is safe, even after a timeout.
   */
  static final class NotDelivered extends MessagingException {
    NotDelivered(String message, Exception cause) {
      super(message, cause);
    }
  }

  /**
   * The end of the message data went to the relay and no answer came (a timeout, a closed
   * connection): the relay may have taken the message.
   */
  static final class InDoubt extends MessagingException {
    InDoubt(String message, Exception cause) {
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
    PhasedTransport transport = new PhasedTransport(session(sender), relay.protocol());
    transport.connect(relay.host(), relay.port(), relay.user(), relay.password());
    opened.incrementAndGet();
    return new Open(relay, transport);
  }

  private Session baseSession;
  private Session session;

  /**
   * The sender's session, but closing a connection does not wait for the relay's answer to QUIT: a
   * connection closed inside the message data (a refused hand-over) would otherwise wait for the
   * read timeout, the relay reading QUIT as data. Made once per session of the sender.
   */
  private synchronized Session session(JavaMailSenderImpl sender) {
    Session current = sender.getSession();
    if (current != baseSession) {
      Properties properties = new Properties();
      properties.putAll(current.getProperties());
      properties.setProperty("mail.smtp.quitwait", "false");
      properties.setProperty("mail.smtps.quitwait", "false");
      session = Session.getInstance(properties);
      baseSession = current;
    }
    return session;
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

  /**
   * Jakarta Mail's SMTP transport ({@code smtp} or {@code smtps}, configured by the session like
   * the one {@code Session.getTransport} gives) that knows the phase of the conversation it is in
   * and runs the hand-over just before it ends the message data ({@code "."}, or the last chunk:
   * {@code finishData}).
   */
  static final class PhasedTransport extends SMTPTransport {

    private volatile String phase = "connect";
    private Runnable handOver = () -> {};
    private boolean handedOver;
    private boolean answered;

    PhasedTransport(Session session, String protocol) {
      super(
          session,
          new URLName(protocol, null, -1, null, null, null),
          protocol,
          "smtps".equals(protocol));
    }

    /** A new message on this connection. */
    void begin(Runnable handOver) {
      this.handOver = handOver;
      this.phase = "MAIL FROM";
      this.handedOver = false;
      this.answered = false;
    }

    String phase() {
      return phase;
    }

    /** The end of the data went to the relay and no answer (of any code) came back. */
    boolean inDoubt() {
      return handedOver && !answered;
    }

    @Override
    protected void mailFrom() throws MessagingException {
      phase = "MAIL FROM";
      super.mailFrom();
    }

    @Override
    protected void rcptTo() throws MessagingException {
      phase = "RCPT TO";
      super.rcptTo();
    }

    @Override
    protected OutputStream data() throws MessagingException {
      phase = "DATA";
      return super.data();
    }

    @Override
    protected OutputStream bdat() throws MessagingException {
      phase = "BDAT";
      return super.bdat();
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
      phase = "end of data";
      handOver.run();
      handedOver = true;
      try {
        super.finishData();
        answered = true;
      } catch (SMTPSendFailedException e) {
        // a code from the relay is an answer (a refusal); -1 is a closed connection
        answered = e.getReturnCode() >= 200;
        throw e;
      }
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
      phase = "end of data";
      handOver.run();
      handedOver = true;
      try {
        super.finishBdat();
        answered = true;
      } catch (SMTPSendFailedException e) {
        answered = e.getReturnCode() >= 200;
        throw e;
      }
    }
  }

  private static final class Open {
    final Relay relay;
    final PhasedTransport transport;
    int messages;
    long lastUsed = System.nanoTime();

    Open(Relay relay, PhasedTransport transport) {
      this.relay = relay;
      this.transport = transport;
    }

    boolean idleTooLong(Duration max) {
      return System.nanoTime() - lastUsed > max.toNanos();
    }
  }
}
