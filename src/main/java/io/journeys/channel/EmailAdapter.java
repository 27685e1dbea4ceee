package io.journeys.channel;

import io.journeys.config.JourneysProperties;
import io.journeys.contact.Channel;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.eclipse.angus.mail.util.MailConnectException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Email over SMTP (Jakarta Mail): multipart/alternative plain text and HTML, every http(s) link
 * tracked, an open pixel, one-click unsubscribe headers (RFC 8058) and a Message-ID derived from
 * the idempotency key. Sandbox mode (no SMTP host): rendered fully and recorded, never sent.
 */
@Component
class EmailAdapter implements ChannelAdapter {

  private final JourneysProperties properties;
  private final TrackingLinks links;
  private final ObjectProvider<JavaMailSender> mailSender;
  private final SmtpConnections connections;

  EmailAdapter(
      JourneysProperties properties,
      TrackingLinks links,
      ObjectProvider<JavaMailSender> mailSender,
      SmtpConnections connections) {
    this.properties = properties;
    this.links = links;
    this.mailSender = mailSender;
    this.connections = connections;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  /** SMTP has no idempotency: a relay delivers a second copy, whatever its Message-ID. */
  @Override
  public boolean dropsDuplicates() {
    return properties.mail() == null || properties.mail().sandbox();
  }

  @Override
  public Delivery send(Outgoing message) {
    String to = message.contact().email();
    if (!StringUtils.hasText(to)) {
      throw new MessageSendException("contact has no email address");
    }
    RenderedMessage rendered = message.rendered();
    String subject = rendered.require(MessageTemplates.SUBJECT);
    String text = rendered.require(MessageTemplates.TEXT);
    String html =
        LinkRewriter.rewriteLinks(
            rendered.require(MessageTemplates.HTML), url -> links.click(message.messageId(), url));
    html = LinkRewriter.addPixel(html, links.open(message.messageId()));
    if (properties.mail() == null || properties.mail().sandbox()) {
      return Delivery.sandbox(to, subject, html);
    }
    JavaMailSender sender = mailSender.getIfAvailable();
    if (sender == null) {
      throw new MessageSendException("SMTP host is set but no mail sender is configured");
    }
    MimeMessage mime;
    try {
      mime = new TrackedMimeMessage(session(sender), messageIdHeader(message));
      mime.setFrom(InternetAddress.parse(properties.mail().from())[0]);
      mime.setRecipients(MimeMessage.RecipientType.TO, new InternetAddress[] {bare(to)});
      mime.setSubject(subject, StandardCharsets.UTF_8.name());
      mime.setHeader("List-Unsubscribe", "<" + links.unsubscribe(message.messageId()) + ">");
      mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(text, StandardCharsets.UTF_8.name(), "plain");
      MimeBodyPart rich = new MimeBodyPart();
      rich.setText(html, StandardCharsets.UTF_8.name(), "html");
      alternative.addBodyPart(plain);
      alternative.addBodyPart(rich);
      mime.setContent(alternative);
    } catch (MessagingException e) {
      throw MessageSendException.describing("email could not be built", e);
    }
    try {
      if (sender instanceof JavaMailSenderImpl impl) {
        // kept or not (connections: 0), the conversation is watched phase by phase
        connections.send(impl, mime, message.handOver());
      } else {
        // a sender whose conversation cannot be watched: handed over from its first byte
        message.handOver().run();
        sender.send(mime);
      }
    } catch (SmtpConnections.InDoubt e) {
      // the relay may have taken the message and not answered in time
      throw new DeliveryOutcomeUnknownException(
          MessageSendException.describing("SMTP relay did not answer", e).getMessage());
    } catch (SmtpConnections.NotDelivered e) {
      throw MessageSendException.describing("SMTP delivery failed", e);
    } catch (MessagingException | MailException e) {
      if (timedOutAfterConnecting(e)) {
        throw new DeliveryOutcomeUnknownException(
            MessageSendException.describing("SMTP relay did not answer", e).getMessage());
      }
      throw MessageSendException.describing("SMTP delivery failed", e);
    }
    return Delivery.sent(to, subject);
  }

  /**
   * For a sender whose conversation is not watched ({@link SmtpConnections} watches it): a read
   * timeout on an open connection (not a connect failure, nor a failure {@link SmtpConnections}
   * found to be before the end of the data) may have followed the relay's acceptance of the data,
   * so a resend could deliver it twice.
   */
  static boolean timedOutAfterConnecting(Throwable e) {
    boolean timeout = false;
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof MailConnectException
          || t instanceof java.net.ConnectException
          || t instanceof SmtpConnections.NotDelivered) {
        return false;
      }
      if (t instanceof SmtpConnections.InDoubt) {
        return true;
      }
      timeout |= t instanceof java.net.SocketTimeoutException;
      if (t instanceof MailSendException send) {
        for (Exception perMessage : send.getMessageExceptions()) {
          timeout |= perMessage != send && timedOutAfterConnecting(perMessage);
        }
      }
    }
    return timeout;
  }

  /** {@code <first 32 hex digits of sha256(idempotency key)@public host>}. */
  String messageIdHeader(Outgoing message) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(message.idempotencyKey().getBytes(StandardCharsets.UTF_8));
      String host =
          properties.publicUrl() == null || properties.publicUrl().getHost() == null
              ? "journeys"
              : properties.publicUrl().getHost();
      return "<" + HexFormat.of().formatHex(hash).substring(0, 32) + "@" + host + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static Session session(JavaMailSender sender) {
    return sender instanceof JavaMailSenderImpl impl
        ? impl.getSession()
        : Session.getInstance(new Properties());
  }

  /**
   * The one bare address {@code to}: an address stored before strict parsing (finding 9) with a
   * display name or a list is refused, never delivered to whatever it names.
   */
  static InternetAddress bare(String to) throws jakarta.mail.internet.AddressException {
    InternetAddress address = new InternetAddress(to, true);
    if (address.getPersonal() != null || !to.equals(address.getAddress()) || address.isGroup()) {
      throw new jakarta.mail.internet.AddressException("not a bare address");
    }
    return address;
  }
}
