package org.leadport.export.writer;

/**
 * Finds the extents of values in JSON as PostgreSQL prints {@code jsonb} ({@code {"k": "v", "n":
 * 1}}), so that a lead document's writer can take the common values (strings without escapes,
 * {@code true}, {@code false}, {@code null}, plain integers) straight from the text instead of
 * creating a JSON parser per stored value (issue 18: re-parsing stored JSON was half the nested
 * export writer's CPU). It validates nothing beyond the extents: what it cannot place it reports as
 * {@code -1}, and a caller then reads the text with a real parser. Stateless.
 */
public final class JsonbText {
  private JsonbText() {}

  /** The first position at or after {@code i} that is not JSON whitespace. */
  public static int skipSpace(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    return i;
  }

  /**
   * Places one member of an object starting at {@code i}: its key, which must be a plain string
   * token ({@link #plain}), a colon, and its value, with any space between. Fills {@code span} with
   * the key token's start and end and the value's start and end (exclusive ends).
   *
   * @return the value's end, or -1 when there is no such member at {@code i}
   */
  public static int member(String s, int i, int[] span) {
    int n = s.length();
    int keyEnd = i < n && s.charAt(i) == '"' ? end(s, i) : -1;
    if (keyEnd < 0 || !plain(s, i, keyEnd)) {
      return -1;
    }
    int colon = skipSpace(s, keyEnd);
    if (colon >= n || s.charAt(colon) != ':') {
      return -1;
    }
    int valueStart = skipSpace(s, colon + 1);
    int valueEnd = end(s, valueStart);
    if (valueEnd < 0) {
      return -1;
    }
    span[0] = i;
    span[1] = keyEnd;
    span[2] = valueStart;
    span[3] = valueEnd;
    return valueEnd;
  }

  /**
   * The end (exclusive) of the value starting at {@code i}, or -1 when there is none there. Strings
   * end after their closing quote, containers after their closing bracket, other tokens before the
   * next separator.
   */
  public static int end(String s, int i) {
    if (i >= s.length()) {
      return -1;
    }
    char c = s.charAt(i);
    if (c == '"') {
      return stringEnd(s, i);
    }
    if (c == '{' || c == '[') {
      return containerEnd(s, i);
    }
    int j = i;
    while (j < s.length()) {
      char d = s.charAt(j);
      if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\n' || d == '\r' || d == '\t') {
        break;
      }
      j++;
    }
    return j == i ? -1 : j;
  }

  /**
   * Whether the string token {@code [start, end)} (quotes included) holds its value verbatim: no
   * escape and no control character, so its inner text is the value.
   */
  public static boolean plain(String s, int start, int end) {
    for (int i = start + 1; i < end - 1; i++) {
      char c = s.charAt(i);
      if (c == '\\' || c < 0x20) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code [start, end)} is an integer in the canonical form every JSON writer prints it in
   * ({@code 0}, or an optional minus and digits without a leading zero; not {@code -0}), short
   * enough for a {@code long}, so that its text is what writing its value prints.
   */
  public static boolean canonicalInteger(String s, int start, int end) {
    int i = start;
    if (i < end && s.charAt(i) == '-') {
      i++;
    }
    int digits = end - i;
    if (digits < 1 || digits > 18) {
      return false;
    }
    if (s.charAt(i) == '0') {
      return digits == 1 && i == start;
    }
    for (int j = i; j < end; j++) {
      char c = s.charAt(j);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int stringEnd(String s, int i) {
    for (int j = i + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '"') {
        return j + 1;
      }
    }
    return -1;
  }

  private static int containerEnd(String s, int i) {
    int depth = 0;
    for (int j = i; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '"') {
        j = stringEnd(s, j);
        if (j < 0) {
          return -1;
        }
        j--;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return j + 1;
        }
      }
    }
    return -1;
  }
}
