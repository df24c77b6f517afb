package org.leadport.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding (RFC 3986 §2.1) of URI components into UTF-8 text. Jetty and Javalin
 * decode leniently (a {@code %} without two hex digits is kept as it is, bytes that are not UTF-8
 * become U+FFFD), so a corrupted value would be taken for another one; this decoder refuses both.
 * Stateless.
 */
public final class PercentDecoding {
  private PercentDecoding() {}

  /** A component that is not well-formed percent-encoded UTF-8; the message says what is wrong. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * The text {@code raw} encodes.
   *
   * @param plusIsSpace true for query strings and form bodies ({@code
   *     application/x-www-form-urlencoded}), where {@code +} stands for a space; false for paths
   * @throws MalformedException when a {@code %} is not followed by two hex digits, or the decoded
   *     bytes are not UTF-8
   */
  public static String decode(String raw, boolean plusIsSpace) throws MalformedException {
    if (raw.indexOf('%') < 0) {
      return plusIsSpace ? raw.replace('+', ' ') : raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0 || raw.charAt(i + 1) > 0x7F || raw.charAt(i + 2) > 0x7F) {
          throw new MalformedException(
              "'%' at position "
                  + (i + 1)
                  + " is not followed by two hex digits (send a literal '%' as %25)");
        }
        bytes.write(hi << 4 | lo);
        i += 3;
      } else {
        int end = raw.indexOf('%', i);
        String run = raw.substring(i, end < 0 ? raw.length() : end);
        if (plusIsSpace) {
          run = run.replace('+', ' ');
        }
        bytes.writeBytes(run.getBytes(StandardCharsets.UTF_8));
        i += run.length();
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException("its percent-encoded bytes are not UTF-8");
    }
  }
}
