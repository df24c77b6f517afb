package org.leadport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The ways clients send a download URL Leadport emitted, and checks that it is one: valid as RFC
 * 3986 spells it, and naming the same file whether sent as given or encoded again.
 */
public final class DownloadUrls {
  private DownloadUrls() {}

  /** Asserts {@code url} is an absolute http URI that {@link URI} parses and needs no repair. */
  public static URI assertStrictUri(String url) {
    try {
      URI uri = new URI(url);
      assertThat(uri.getScheme()).as(url).isIn("http", "https");
      assertThat(uri.getRawAuthority()).as(url).isNotNull();
      assertThat(uri.toASCIIString()).as("%s needs no encoding", url).isEqualTo(url);
      return uri;
    } catch (URISyntaxException e) {
      throw new AssertionError("not a valid URI: " + url, e);
    }
  }

  /** The request target (path and query) of {@code url} exactly as written in it. */
  public static String target(String url) {
    URI uri = assertStrictUri(url);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /**
   * The request target as a client that encodes everything but letters and digits sends it (the
   * most any encoder does: a browser, {@code new URL()} or {@code requests} leave unreserved
   * characters as they are), with lower-case hex digits, as some do.
   */
  public static String reencodedTarget(String url) {
    URI uri = assertStrictUri(url);
    StringBuilder out = new StringBuilder();
    for (String segment : uri.getRawPath().substring(1).split("/", -1)) {
      out.append('/').append(encode(URLDecoder.decode(segment, StandardCharsets.UTF_8)));
    }
    if (uri.getRawQuery() != null) {
      out.append('?');
      String sep = "";
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        out.append(sep)
            .append(pair, 0, eq + 1)
            .append(encode(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)));
        sep = "&";
      }
    }
    return out.toString();
  }

  private static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (Character.isLetterOrDigit(c) && c < 0x80) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02x", c));
      }
    }
    return out.toString();
  }

  /** GET of {@code target} on the server of {@code url}, sent byte for byte. */
  public static Reply get(String url, String target) {
    URI uri = assertStrictUri(url);
    return RawHttp.send(uri.getScheme() + "://" + uri.getRawAuthority(), "GET", target, Map.of());
  }

  /**
   * The file name a {@code Content-Disposition} gives: {@code filename*}, else {@code filename}.
   */
  public static String fileName(String contentDisposition) {
    String star = "filename*=UTF-8''";
    int at = contentDisposition.indexOf(star);
    if (at >= 0) {
      String value = contentDisposition.substring(at + star.length());
      int end = value.indexOf(';');
      value = end < 0 ? value : value.substring(0, end);
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    int start = contentDisposition.indexOf("filename=\"") + "filename=\"".length();
    return contentDisposition.substring(start, contentDisposition.indexOf('"', start));
  }
}
