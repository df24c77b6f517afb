package org.leadport.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the request headers that make a file response conditional or partial (RFC 9110): {@code
 * If-None-Match}, {@code If-Range} and a single {@code bytes} {@code Range}, and writes our strong
 * entity tag. Stateless.
 */
final class ConditionalHeaders {
  private ConditionalHeaders() {}

  /** The one byte range a request asks for: {@code first} to {@code last}, both included. */
  record Span(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /** What {@link #range} answers for a valid range no byte of the file satisfies. */
  static final Span UNSATISFIABLE = new Span(-1, -1);

  /** The quoted strong entity tag; {@code etag} must be entity-tag text (RFC 9110 etagc). */
  static String quote(String etag) {
    Objects.requireNonNull(etag, "etag");
    if (etag.isEmpty()) {
      throw new IllegalArgumentException("etag must not be empty");
    }
    for (int i = 0; i < etag.length(); i++) {
      char c = etag.charAt(i);
      if (c <= 0x20 || c == '"' || c == 0x7F || c > 0x7F) {
        throw new IllegalArgumentException("etag must be visible ASCII without '\"': " + etag);
      }
    }
    return '"' + etag + '"';
  }

  /**
   * Whether an {@code If-None-Match} value matches {@code tag} (weak comparison, as RFC 9110 asks
   * for this field); false when absent or malformed, so the full response is sent.
   */
  static boolean noneMatch(@Nullable String header, String tag) {
    if (header == null) {
      return false;
    }
    String v = header.strip();
    if (v.equals("*")) {
      return true;
    }
    int i = 0;
    boolean matched = false;
    boolean any = false;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (v.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= v.length() || v.charAt(i) != '"') {
        return false;
      }
      int end = v.indexOf('"', i + 1);
      if (end < 0) {
        return false;
      }
      any = true;
      matched |= v.substring(i, end + 1).equals(tag);
      i = end + 1;
      if (i < v.length() && v.charAt(i) != ',' && v.charAt(i) != ' ' && v.charAt(i) != '\t') {
        return false;
      }
    }
    return any && matched;
  }

  /**
   * Whether the range may be served under an {@code If-Range} value: absent, or exactly our strong
   * entity tag. A weak tag never matches (strong comparison) and a date cannot be checked against a
   * file without a modification date, so both mean "send it all".
   */
  static boolean ifRange(@Nullable String header, String tag) {
    return header == null || header.strip().equals(tag);
  }

  /**
   * The one byte range a {@code Range} value asks of a file of {@code size} bytes, its end clipped
   * to the file; {@link #UNSATISFIABLE} when it is valid but selects no byte; null when it must be
   * ignored (not a single, valid {@code bytes} range).
   */
  static @Nullable Span range(String header, long size) {
    String v = header.strip();
    int eq = v.indexOf('=');
    if (eq < 0 || !v.substring(0, eq).equalsIgnoreCase("bytes")) {
      return null;
    }
    String spec = null;
    for (String element : v.substring(eq + 1).split(",", -1)) {
      String e = ows(element);
      if (e.isEmpty()) {
        continue; // RFC 9110 §5.6.1: empty list elements do not count
      }
      if (spec != null) {
        return null; // several ranges: we do not send multipart/byteranges
      }
      spec = e;
    }
    if (spec == null) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash);
    String b = spec.substring(dash + 1);
    if (a.isEmpty()) {
      long suffix = digits(b);
      if (suffix < 0) {
        return null;
      }
      if (suffix == 0 || size == 0) {
        return UNSATISFIABLE;
      }
      return new Span(Math.max(0, size - suffix), size - 1);
    }
    long first = digits(a);
    long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
    if (first < 0 || last < 0 || last < first) {
      return null;
    }
    if (first >= size) {
      return UNSATISFIABLE;
    }
    return new Span(first, Math.min(last, size - 1));
  }

  /** The value of 1*DIGIT, saturating at Long.MAX_VALUE; -1 when it is not that. */
  private static long digits(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      int d = c - '0';
      n = n > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : n * 10 + d;
    }
    return n;
  }

  private static String ows(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }
}
