package org.leadport.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What kind of network an IP address is on, as the SSRF guard sees it: only {@link #PUBLIC}
 * addresses receive deliveries unless private ones are allowed ({@code
 * LEADPORT_WEBHOOK_ALLOW_PRIVATE}).
 */
public enum AddressKind {
  PUBLIC("a public address"),
  LOOPBACK("a loopback address"),
  LINK_LOCAL("a link-local address"),
  PRIVATE("a private address"),
  UNSPECIFIED("an unspecified address"),
  MULTICAST("a multicast address");

  private final String words;

  AddressKind(String words) {
    this.words = words;
  }

  /** How an error message names it: {@code a loopback address}. */
  public String words() {
    return words;
  }

  /**
   * Classifies {@code address}: 127/8 and ::1 loopback; 169.254/16 and fe80::/10 link-local; 10/8,
   * 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7 (unique local) and the old
   * fec0::/10 site-local private; 0/8 and :: unspecified; 224/4 and ff00::/8 multicast. An IPv6
   * address that embeds an IPv4 one (::ffff:a.b.c.d, ::a.b.c.d) is the kind of the IPv4 address.
   */
  public static AddressKind of(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      InetAddress embedded = embeddedV4(b);
      if (embedded != null) {
        return of(embedded);
      }
      if ((b[0] & 0xFE) == 0xFC) {
        return PRIVATE;
      }
    }
    if (address.isAnyLocalAddress()) {
      return UNSPECIFIED;
    }
    if (address.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (address.isLinkLocalAddress()) {
      return LINK_LOCAL;
    }
    if (address.isMulticastAddress()) {
      return MULTICAST;
    }
    if (address.isSiteLocalAddress()) {
      return PRIVATE;
    }
    if (address instanceof Inet4Address) {
      byte[] b = address.getAddress();
      int first = b[0] & 0xFF;
      int second = b[1] & 0xFF;
      if (first == 0) {
        return UNSPECIFIED;
      }
      if (first == 100 && second >= 64 && second < 128) {
        return PRIVATE;
      }
      if (first == 127) {
        return LOOPBACK;
      }
    }
    return PUBLIC;
  }

  /** The IPv4 address in an IPv4-mapped or IPv4-compatible IPv6 address, else null. */
  private static @org.jspecify.annotations.Nullable InetAddress embeddedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return null;
      }
    }
    boolean mapped = (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    boolean compatible = b[10] == 0 && b[11] == 0;
    if (!mapped && !compatible) {
      return null;
    }
    if (compatible && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)) {
      // :: and ::1 are the IPv6 unspecified and loopback addresses, not IPv4 ones.
      return null;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
  }
}
