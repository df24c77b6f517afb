package org.leadport.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sends done emails to a GreenMail SMTP server started on a free port for each test. */
class DoneMailIT {
  private static final String TO = "ann@example.com";
  private static final String FROM = "exports@example.com";
  private static final String LINK = "https://lp.example.com/v1/downloads/expo_123?sig=f00d";

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, "bob", "hunter2"));

  @Test
  void sendsOneSuccessEmail() throws Exception {
    mailer().send(DoneEmail.succeeded(TO, "expo_123", "Müller & Söhne", "leads.csv", 4321L, LINK));

    MimeMessage message = theOnlyMessage();
    assertThat(message.getAllRecipients()).containsExactly(new InternetAddress(TO));
    assertThat(message.getRecipients(Message.RecipientType.CC)).isNull();
    assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
    assertThat(message.getFrom()).containsExactly(new InternetAddress(FROM));
    assertThat(message.getSubject()).isEqualTo("Your Leadport export expo_123 is ready");
    assertThat(message.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
    assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(message.getMessageID()).endsWith("@example.com>");
    assertThat(message.getSentDate()).isNotNull();
    assertThat((String) message.getContent())
        .contains("Your Leadport export expo_123 of workspace Müller & Söhne is ready.")
        .contains("Download: " + LINK)
        .contains("Rows: 4321")
        .contains("File: leads.csv")
        .contains("This link expires soon");
  }

  @Test
  void sendsOneFailureEmail() throws Exception {
    mailer()
        .send(DoneEmail.failed(TO, "expo_124", "acme", "Storage refused the file: quota über."));

    MimeMessage message = theOnlyMessage();
    assertThat(message.getAllRecipients()).containsExactly(new InternetAddress(TO));
    assertThat(message.getSubject()).isEqualTo("Your Leadport export expo_124 failed");
    assertThat((String) message.getContent())
        .contains("Error: Storage refused the file: quota über.")
        .doesNotContain("Download", "https://");
  }

  @Test
  void logsInWhenTheUrlHasAUser() throws Exception {
    SmtpMailer mailer =
        new SmtpMailer(SmtpUrl.parse("smtp://bob:hunter2@127.0.0.1:" + smtpPort() + from()));

    mailer.send(DoneEmail.canceled(TO, "expo_125", "acme", "Canceled by bob."));

    assertThat(theOnlyMessage().getSubject())
        .isEqualTo("Your Leadport export expo_125 was canceled");
  }

  @Test
  void aRefusedLoginSurfacesWithoutThePassword() {
    SmtpMailer mailer =
        new SmtpMailer(SmtpUrl.parse("smtp://bob:wrong-secret@127.0.0.1:" + smtpPort() + from()));

    assertThatThrownBy(() -> mailer.send(DoneEmail.failed(TO, "expo_126", "acme", null)))
        .isInstanceOf(MailException.class)
        .hasMessageStartingWith(
            "Could not send the done email for export expo_126 via smtp://127.0.0.1:" + smtpPort())
        .hasCauseInstanceOf(AuthenticationFailedException.class)
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain("wrong-secret");
          }
        });
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void refusesARecipientWithInjectedHeaders() {
    String[] attempts = {
      TO + "\r\nBcc: eve@example.com", TO + "\nBcc: eve@example.com", TO + ", eve@example.com"
    };
    for (String to : attempts) {
      assertThatThrownBy(() ->
              mailer().send(DoneEmail.succeeded(to, "expo_127", "acme", "leads.csv", 1L, LINK)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("to must be exactly one email address without line breaks");
    }
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void aClosedPortFailsAtOnce() throws IOException {
    int port = closedPort();
    SmtpMailer mailer = new SmtpMailer(SmtpUrl.parse("smtp://127.0.0.1:" + port));

    long start = System.nanoTime();
    assertSendFails(mailer, port).hasRootCauseInstanceOf(ConnectException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws IOException {
    // Accepted by the kernel's backlog, never by a server: the greeting never comes.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = silent.getLocalPort();
      SmtpMailer mailer =
          new SmtpMailer(SmtpUrl.parse("smtp://127.0.0.1:" + port), Duration.ofMillis(500));

      long start = System.nanoTime();
      assertSendFails(mailer, port).hasRootCauseInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    }
  }

  @Test
  void theDefaultTimeoutIsTenSeconds() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = silent.getLocalPort();
      SmtpMailer mailer = new SmtpMailer(SmtpUrl.parse("smtp://127.0.0.1:" + port));

      long start = System.nanoTime();
      assertSendFails(mailer, port).hasRootCauseInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
    }
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertSendFails(
      SmtpMailer mailer, int port) {
    DoneEmail email = DoneEmail.failed(TO, "expo_128", "acme", null);
    MailException thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> {
              try {
                mailer.send(email);
              } catch (MailException e) {
                return e;
              }
              throw new AssertionError("sending to a dead server succeeded");
            });
    return assertThat(thrown)
        .hasMessageStartingWith(
            "Could not send the done email for export expo_128 via smtp://127.0.0.1:" + port + ": ")
        .hasCauseInstanceOf(MessagingException.class);
  }

  private static SmtpMailer mailer() {
    return new SmtpMailer(SmtpUrl.parse("smtp://127.0.0.1:" + smtpPort() + from()));
  }

  private static String from() {
    return "?from=" + FROM.replace("@", "%40");
  }

  private static int smtpPort() {
    return GREEN_MAIL.getSmtp().getPort();
  }

  private static MimeMessage theOnlyMessage() {
    assertThat(GREEN_MAIL.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  /** A port nothing listens on: bound for a moment, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
