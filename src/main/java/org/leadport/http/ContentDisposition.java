package org.leadport.http;

import java.nio.charset.StandardCharsets;

/**
 * The one place a {@code Content-Disposition} header is made, for every file Leadport answers with
 * (async export downloads, the sync CSV export, JSON:API renders): {@code attachment;
 * filename="<ASCII fallback>"}, plus {@code filename*=UTF-8''<percent-encoded name>} (RFC 6266, RFC
 * 8187) whenever the fallback is not the name exactly, so every agent that reads {@code filename*}
 * (all current browsers, curl's {@code -J}, requests users) saves the user's own name. Stateless.
 */
public final class ContentDisposition {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ContentDisposition() {}

  /**
   * The header for downloading {@code fileName}. Controls (CR and LF among them), invisible
   * formatting characters (such as a right-to-left override), lone surrogates and the path
   * separators {@code /} and {@code \} become {@code _} in both forms, so no agent or script that
   * trusts the name can be sent into another directory or have a header injected; a quote and every
   * non-ASCII character also become {@code _} in the ASCII <code>filename</code>, and are kept in
   * <code>filename*</code>. A blank name is {@code download}.
   */
  public static String attachment(String fileName) {
    StringBuilder safe = new StringBuilder(fileName.length());
    fileName.codePoints().forEach(cp -> safe.appendCodePoint(unsafe(cp) ? '_' : cp));
    String name = safe.toString().strip();
    if (name.isEmpty()) {
      name = "download";
    }
    StringBuilder ascii = new StringBuilder(name.length());
    boolean plain = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0x7E || c == '"') {
        ascii.append('_');
        plain = false;
        if (Character.isHighSurrogate(c)) {
          i++; // one _ for the whole code point
        }
      } else {
        ascii.append(c);
        // Some agents percent-decode filename=; filename* says what is meant.
        plain &= c != '%';
      }
    }
    String header = "attachment; filename=\"" + ascii + "\"";
    return plain ? header : header + "; filename*=UTF-8''" + percentEncode(name);
  }

  private static boolean unsafe(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp)
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || cp == '\\'
        || cp == '/';
  }

  /** RFC 8187 value-chars: attr-char as it is, every other UTF-8 byte as %XX. */
  private static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out.toString();
  }
}
