package org.leadport.export.writer;

/**
 * Neutralises text that a spreadsheet would evaluate: a cell whose first non-blank character is
 * {@code = + - @} (or their full-width forms), or that starts with a tab, CR or LF, gets a leading
 * {@code '}. Only text cells go through here; numbers are never touched (PRODUCT §5).
 */
public final class FormulaSafety {
  private FormulaSafety() {}

  /** The value as a spreadsheet-safe text cell. */
  public static String text(String value) {
    return value != null && triggers(value) ? "'" + value : value;
  }

  /** True when a spreadsheet would treat the text as a formula or control-led value. */
  public static boolean triggers(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (triggers(c)) {
        return true;
      }
      // Blanks before the trigger are skipped: Excel ignores them when parsing a formula.
      if (!Character.isSpaceChar(c)) {
        return false;
      }
    }
    return false;
  }

  /**
   * True when {@code codePoint} leading a cell (after any {@link Character#isSpaceChar blanks})
   * makes a spreadsheet evaluate it.
   */
  static boolean triggers(int codePoint) {
    return switch (codePoint) {
      case '\t', '\r', '\n', '=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20' -> true;
      default -> false;
    };
  }
}
