package org.leadport.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends done emails over SMTP with Jakarta Mail, one connection per email, as UTF-8 plain text.
 * Connecting, each read and each write give up after a timeout (10 s unless told otherwise), so a
 * dead or stalled server cannot hold the sending thread for long.
 *
 * <p>Thread-safe: it holds only immutable settings and a {@link Session}, and each {@link #send}
 * opens its own connection.
 */
public final class SmtpMailer implements Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

  /** How long connecting, one read or one write may take unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final SmtpUrl url;
  private final InternetAddress from;
  private final Session session;

  /** A mailer with {@link #DEFAULT_TIMEOUT}. */
  public SmtpMailer(SmtpUrl url) {
    this(url, DEFAULT_TIMEOUT);
  }

  /**
   * @param timeout how long connecting, one read or one write may take; at least 1 ms
   */
  public SmtpMailer(SmtpUrl url, Duration timeout) {
    this.url = Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "timeout must be between 1 ms and 24 days, was " + timeout);
    }
    this.from = Addresses.one(url.from(), "from must be one email address");
    String millis = Long.toString(timeout.toMillis());
    String prefix = "mail." + url.protocol() + ".";
    Properties properties = new Properties();
    properties.setProperty(prefix + "host", url.host());
    properties.setProperty(prefix + "port", Integer.toString(url.port()));
    properties.setProperty(prefix + "connectiontimeout", millis);
    properties.setProperty(prefix + "timeout", millis);
    properties.setProperty(prefix + "writetimeout", millis);
    properties.setProperty(prefix + "auth", Boolean.toString(url.user() != null));
    properties.setProperty(prefix + "from", from.getAddress());
    // Jakarta Mail's default accepts a TLS certificate made out to any host name.
    properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    // Message-IDs take their domain from here instead of from this machine's host name.
    properties.setProperty("mail.from", from.getAddress());
    this.session = Session.getInstance(properties);
  }

  @Override
  public void send(DoneEmail email) throws MailException {
    Objects.requireNonNull(email, "email");
    try {
      deliver(compose(email.to(), email.subject(), email.body()));
    } catch (MessagingException e) {
      throw new MailException(
          "Could not send the done email for export "
              + email.jobId()
              + " via "
              + url.address()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void send(WebhookDisabledEmail email) throws MailException {
    Objects.requireNonNull(email, "email");
    try {
      deliver(compose(email.to(), email.subject(), email.body()));
    } catch (MessagingException e) {
      throw new MailException(
          "Could not send the email that webhook "
              + email.endpointId()
              + " was disabled via "
              + url.address()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private MimeMessage compose(String to, String subject, String body) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipient(
        Message.RecipientType.TO, Addresses.one(to, "to must be one email address"));
    message.setSubject(subject, StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(Instant.now()));
    // RFC 3834: tells autoresponders (out of office and the like) not to answer.
    message.setHeader("Auto-Submitted", "auto-generated");
    message.setText(body, StandardCharsets.UTF_8.name());
    message.saveChanges();
    return message;
  }

  private void deliver(MimeMessage message) throws MessagingException {
    Transport transport = session.getTransport(url.protocol());
    try {
      transport.connect(url.host(), url.port(), url.user(), url.password());
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException | RuntimeException e) {
      try {
        transport.close();
      } catch (MessagingException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      // The server has accepted the email: reporting a failure now would get it sent twice.
      LOG.warn("Sent an email, but closing the connection to {} failed", url.address(), e);
    }
  }

  @Override
  public String toString() {
    return "SmtpMailer[" + url + "]";
  }
}
