package org.leadport.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where done emails go, as configured by {@code LEADPORT_SMTP_URL}:
 *
 * <ul>
 *   <li>{@code smtp://host:port} (port 25 when left out);
 *   <li>{@code smtps://host:port} for implicit TLS (port 465 when left out; the server's
 *       certificate must match the host);
 *   <li>{@code smtp://user:password@host:port} to log in, user and password percent-encoded;
 *   <li>{@code ?from=exports%40example.com} to set the sender, {@value #DEFAULT_FROM} otherwise.
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password, and neither does any
 * message of {@link #parse(String)}.
 *
 * @param implicitTls true for {@code smtps://}: TLS from the first byte
 * @param host name or address of the SMTP server
 * @param port TCP port of the SMTP server
 * @param user login name, or null for none
 * @param password login password, or null exactly when {@code user} is null
 * @param from the sender, as one email address with an optional display name
 */
public record SmtpUrl(
    boolean implicitTls,
    String host,
    int port,
    @Nullable String user,
    @Nullable String password,
    String from) {

  /** The sender when the URL names none. */
  public static final String DEFAULT_FROM = "Leadport <no-reply@localhost>";

  private static final String NAME = "LEADPORT_SMTP_URL";
  private static final String SHAPE = NAME + " must look like smtp://host:port, was ";

  public SmtpUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(from, "from");
    if (host.isBlank() || Addresses.hasControl(host)) {
      throw new IllegalArgumentException("host must be a host name or address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("user and password must be given together");
    }
    Addresses.one(from, "from must be one email address");
  }

  /**
   * Reads {@code LEADPORT_SMTP_URL}.
   *
   * @throws IllegalArgumentException naming the variable and what is wrong with it; the value is
   *     shown with its password masked
   */
  public static SmtpUrl parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(SHAPE + "empty");
    }
    String text = value.strip();
    String shown = redact(text);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // Not chained: URISyntaxException's message repeats the input, password included.
      throw new IllegalArgumentException(SHAPE + shown);
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.isOpaque()) {
      throw new IllegalArgumentException(SHAPE + shown);
    }
    boolean tls =
        switch (scheme.toLowerCase(Locale.ROOT)) {
          case "smtp" -> false;
          case "smtps" -> true;
          default ->
              throw new IllegalArgumentException(
                  NAME + " must start with smtp:// or smtps://, was " + shown);
        };
    if (uri.getHost() == null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(SHAPE + shown);
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException(NAME + " must have no path, was " + shown);
    }
    int port = uri.getPort();
    if (port == -1) {
      port = tls ? 465 : 25;
    } else if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(NAME + " port must be between 1 and 65535, was " + shown);
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 1 || colon == userInfo.length() - 1) {
        throw new IllegalArgumentException(
            NAME
                + " must give both user and password, as smtp://user:password@host:port, was "
                + shown);
      }
      user = decode(userInfo.substring(0, colon));
      password = decode(userInfo.substring(colon + 1));
    }
    String from = from(uri.getRawQuery(), shown);
    Addresses.one(from, NAME + " from must be one email address, was " + shown);
    return new SmtpUrl(tls, uri.getHost(), port, user, password, from);
  }

  /** The Jakarta Mail protocol name: {@code smtps} with implicit TLS, else {@code smtp}. */
  public String protocol() {
    return implicitTls ? "smtps" : "smtp";
  }

  /** {@code smtp://host:port}, without user or password: for messages and logs. */
  public String address() {
    return protocol() + "://" + host + ":" + port;
  }

  @Override
  public String toString() {
    String login = user == null ? "" : user + ":***@";
    return "SmtpUrl[" + protocol() + "://" + login + host + ":" + port + ", from=" + from + "]";
  }

  private static String from(String rawQuery, String shown) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return DEFAULT_FROM;
    }
    String from = null;
    for (String parameter : rawQuery.split("&", -1)) {
      if (!parameter.startsWith("from=") || from != null) {
        throw new IllegalArgumentException(
            NAME + " takes only the query parameter from, was " + shown);
      }
      from = decode(parameter.substring("from=".length()));
    }
    // A non-empty query has at least one parameter, and each one is a from= or throws above.
    return Objects.requireNonNull(from);
  }

  /** Percent-decodes a URL part; unlike form decoding, {@code +} stays a plus sign. */
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * The value with the password masked and control characters shown as {@code ?}. The login part
   * ends at the last {@code @} before {@code ?from=}, so a password holding a stray {@code @},
   * {@code /} or {@code ?} is masked whole; without a {@code :} it may be a mistyped password, so
   * all of it is masked.
   */
  static String redact(String value) {
    String text =
        value
            .codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    int schemeEnd = text.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int query = text.lastIndexOf("?from=");
    int at = text.lastIndexOf('@', query < 0 ? text.length() - 1 : query - 1);
    if (at < start) {
      return text;
    }
    int colon = text.indexOf(':', start);
    int maskFrom = colon >= 0 && colon < at ? colon + 1 : start;
    return text.substring(0, maskFrom) + "***" + text.substring(at);
  }
}
