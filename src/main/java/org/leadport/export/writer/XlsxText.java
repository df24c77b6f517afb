package org.leadport.export.writer;

import java.util.Locale;
import org.dhatim.fastexcel.RichText;
import org.dhatim.fastexcel.Worksheet;

/**
 * Text cells of an XLSX sheet: always inline strings (never a formula, never in the shared-string
 * table, which grows), with what XML 1.0 cannot hold written as OOXML's {@code _xHHHH_} escapes.
 * Stateless.
 */
final class XlsxText {
  private XlsxText() {}

  /** An inline string cell: never a formula, never in the shared-string table (which grows). */
  static void cell(Worksheet sheet, int r, int c, String value) {
    String v = escape(SpreadsheetValues.text(value));
    if (!v.isEmpty()
        && (Character.isWhitespace(v.charAt(0))
            || Character.isWhitespace(v.charAt(v.length() - 1)))) {
      // Only a run's text carries xml:space="preserve", which keeps outer blanks in Excel.
      sheet.inlineString(r, c, RichText.builder().run(v).end().build());
    } else {
      sheet.inlineString(r, c, v);
    }
  }

  /**
   * The text with what XML 1.0 cannot hold written as OOXML {@code _xHHHH_} escapes, and a literal
   * {@code _xHHHH_} protected as {@code _x005F_xHHHH_}.
   */
  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String escape =
          !xmlChar(cp)
              ? String.format(Locale.ROOT, "_x%04X_", cp)
              : cp == '_' && escapeLike(s, i) ? "_x005F_" : null;
      if (escape != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(escape);
      } else if (sb != null) {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb == null ? s : sb.toString();
  }

  private static boolean xmlChar(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** Whether {@code _xHHHH_} starts at {@code i}. */
  private static boolean escapeLike(String s, int i) {
    if (i + 7 > s.length() || s.charAt(i + 1) != 'x' || s.charAt(i + 6) != '_') {
      return false;
    }
    for (int k = i + 2; k < i + 6; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
