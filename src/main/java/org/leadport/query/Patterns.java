package org.leadport.query;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Text made safe for PostgreSQL's patterns: words as its {@code \m} and {@code \M} see them,
 * regular-expression and LIKE escapes, HubSpot's token patterns. Stateless.
 */
final class Patterns {
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.^$|?*+()\\[\\]{}]");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}_]+");

  private Patterns() {}

  /**
   * The words of a text: maximal runs of letters, digits and {@code _}, as PostgreSQL's {@code \m}
   * and {@code \M} see them, so that "ACME Inc." is the words ACME and Inc.
   */
  static List<String> words(String text) {
    return List.of(NON_WORD.split(text)).stream().filter(w -> !w.isEmpty()).toList();
  }

  /** {@code *} matches any run of characters; the token is anchored at word edges elsewhere. */
  static String tokenRegex(String pattern) {
    StringBuilder out = new StringBuilder();
    if (!pattern.startsWith("*")) {
      out.append("(^|[^[:alnum:]_])");
    }
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(".*");
      }
      out.append(regexEscape(parts[i]));
    }
    if (!pattern.endsWith("*")) {
      out.append("($|[^[:alnum:]_])");
    }
    return out.toString();
  }

  static String regexEscape(String s) {
    return REGEX_SPECIAL.matcher(s).replaceAll("\\\\$0");
  }

  static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
