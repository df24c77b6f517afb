package org.leadport.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard: which URLs deliveries may go to. A URL must be absolute {@code http} or {@code
 * https} with a host and without user info; unless private destinations are allowed, every address
 * its host resolves to must be {@linkplain AddressKind#PUBLIC public}. Checked when an endpoint is
 * created and again before every attempt (DNS may have changed since). Thread-safe.
 *
 * <p>What is left: the HTTP client resolves the name again when it connects, so a name whose
 * answers flip between a public and a private address (DNS rebinding) could slip through within the
 * JVM's DNS cache time. Operators who need more put deliveries behind an egress proxy that filters
 * addresses (docs/webhooks.md).
 */
public final class Destinations {
  /** Longest URL an endpoint may have. */
  public static final int MAX_URL = 2048;

  private final boolean allowPrivate;

  /**
   * @param allowPrivate whether loopback, link-local, private and other non-public addresses may
   *     receive deliveries ({@code LEADPORT_WEBHOOK_ALLOW_PRIVATE}, for tests and closed networks)
   */
  public Destinations(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** The parsed URL, or why it is no webhook URL (a sentence naming the problem). */
  public static URI parse(String url) {
    if (url.length() > MAX_URL) {
      throw new IllegalArgumentException("url must be at most " + MAX_URL + " characters.");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url must be an absolute http or https URL.", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("url must be an absolute http or https URL.");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("url must name a host.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("url must not hold a user name or password.");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("url must not have a fragment.");
    }
    return uri;
  }

  /**
   * Why no delivery may go to {@code uri} now (resolving its host), or empty when it may. The
   * reason names the host and the kind of address, never more.
   */
  public Optional<String> refusal(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return Optional.of("the url names no host");
    }
    if (allowPrivate) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(stripBrackets(host));
    } catch (UnknownHostException e) {
      return Optional.of("the host " + host + " does not resolve");
    }
    for (InetAddress a : addresses) {
      AddressKind kind = AddressKind.of(a);
      if (kind != AddressKind.PUBLIC) {
        return Optional.of(
            "the host "
                + host
                + " resolves to "
                + kind.words()
                + ", which receives no webhooks unless LEADPORT_WEBHOOK_ALLOW_PRIVATE is set");
      }
    }
    return Optional.empty();
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
