package org.leadport.testing;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for one test class, started before its first test and closed after its last; with
 * {@link #mailing}, also a GreenMail SMTP server on loopback, started before the server and stopped
 * after it, that the server's done and webhook emails go to. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassServer SERVER = ClassServer.mailing(b -> b.webhooks(w -> w.withAllowPrivate(true)));
 * }</pre>
 *
 * <p>The one shape of the classes that test webhooks and emails through a server (they had each
 * written the same GreenMail field and the same start and stop).
 */
public final class ClassServer implements BeforeAllCallback, AfterAllCallback {
  private final @Nullable GreenMailExtension mail;
  private final UnaryOperator<TestServer.Builder> config;
  private @Nullable TestServer server;

  private ClassServer(@Nullable GreenMailExtension mail, UnaryOperator<TestServer.Builder> config) {
    this.mail = mail;
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A server built by {@code config} from {@link TestServer#builder()}, without mail. */
  public static ClassServer of(UnaryOperator<TestServer.Builder> config) {
    return new ClassServer(null, config);
  }

  /**
   * A server whose exports send their emails to a GreenMail SMTP server of the class ({@link
   * #mail()}), then built further by {@code config}.
   */
  public static ClassServer mailing(UnaryOperator<TestServer.Builder> config) {
    return new ClassServer(
        new GreenMailExtension(
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withPerMethodLifecycle(false),
        config);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestServer.Builder builder = TestServer.builder();
    if (mail != null) {
      mail.beforeAll(context);
      builder = builder.exports(e -> e.withSmtpUrl(smtpUrl()));
    }
    server = config.apply(builder).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (mail != null) {
        mail.afterAll(context);
      }
    }
  }

  /** The class's server, once the class has started. */
  public TestServer server() {
    return Objects.requireNonNull(server, "the server starts before the class's first test");
  }

  /** The class's SMTP server, for a server made by {@link #mailing}. */
  public GreenMailExtension mail() {
    return Objects.requireNonNull(mail, "a ClassServer.of server has no mail");
  }

  /** The URL of the class's SMTP server ({@code LEADPORT_SMTP_URL}), once the class has started. */
  public String smtpUrl() {
    return "smtp://127.0.0.1:" + mail().getSmtp().getPort();
  }
}
