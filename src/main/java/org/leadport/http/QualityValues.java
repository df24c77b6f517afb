package org.leadport.http;

import java.util.Locale;

/**
 * The weights a request's {@code Accept} or {@code Accept-Encoding} gives by name (RFC 9110
 * §12.4.2): the content negotiations of the streamed exports read them here, the codings ({@link
 * ContentCoding}) and the sync export's formats alike. Stateless.
 */
public final class QualityValues {
  private QualityValues() {}

  /**
   * The weight {@code header} gives {@code name} (compared without case), else 0 when it names it
   * not. A weight that does not parse counts as 1, as a client that names a value means to accept
   * it.
   */
  public static double weight(String header, String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
      String[] pieces = part.trim().split(";");
      if (!pieces[0].trim().equals(wanted)) {
        continue;
      }
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].trim().replace(" ", "");
        if (p.startsWith("q=")) {
          try {
            return Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            return 1;
          }
        }
      }
      return 1;
    }
    return 0;
  }
}
