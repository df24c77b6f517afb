package org.leadport.export;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.store.LeadItems;

/**
 * Reads a column of {@code lead_items} ({@link LeadItems}, migration V21): PostgreSQL's text of a
 * two-dimensional {@code text[]}, one inner array per item, into the item rows the documents write
 * ({@link LeadDocuments}): the lead id first, then the item's fields. PostgreSQL's array output is
 * regular: elements separated by commas, quoted (with {@code \"} and {@code \\} escaped) when
 * empty, {@code NULL} in any case, or holding a brace, comma, quote, backslash or white space;
 * unquoted {@code NULL} is a null. Stateless.
 */
final class ItemArrays {
  private ItemArrays() {}

  /**
   * The items of {@code text} (null: none), each a row of {@code fields} values after {@code
   * leadId}.
   */
  // The rows hold nulls as the JDBC rows they replace did (String[] of getString).
  @SuppressWarnings("NullAway")
  static List<String[]> rows(@Nullable String text, String leadId, int fields) {
    if (text == null) {
      return List.of();
    }
    List<String[]> rows = new ArrayList<>();
    int n = text.length();
    if (n < 2 || text.charAt(0) != '{') {
      throw malformed(text);
    }
    int i = 1;
    if (text.charAt(i) == '}') {
      return rows;
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (text.charAt(i) != '{') {
        throw malformed(text);
      }
      i++;
      String[] row = new String[fields + 1];
      row[0] = leadId;
      int f = 1;
      while (true) {
        if (f > fields) {
          throw malformed(text);
        }
        char ch = text.charAt(i);
        if (ch == '"') {
          int start = ++i;
          char c = text.charAt(i);
          while (c != '"' && c != '\\') {
            c = text.charAt(++i);
          }
          if (c == '"') {
            // No escape (names, titles, addresses with spaces or commas): the text as it is.
            row[f++] = text.substring(start, i++);
          } else {
            sb.setLength(0);
            sb.append(text, start, i);
            for (; c != '"'; c = text.charAt(i)) {
              if (c == '\\') {
                i++;
                c = text.charAt(i);
              }
              sb.append(c);
              i++;
            }
            i++;
            row[f++] = sb.toString();
          }
        } else {
          int start = i;
          while (ch != ',' && ch != '}') {
            ch = text.charAt(++i);
          }
          String value = text.substring(start, i);
          row[f++] = value.equals("NULL") ? null : value;
        }
        ch = text.charAt(i++);
        if (ch == '}') {
          break;
        }
        if (ch != ',') {
          throw malformed(text);
        }
      }
      if (f != fields + 1) {
        throw malformed(text);
      }
      rows.add(row);
      char next = text.charAt(i++);
      if (next == '}') {
        if (i != n) {
          throw malformed(text);
        }
        return rows;
      }
      if (next != ',') {
        throw malformed(text);
      }
    }
  }

  private static IllegalStateException malformed(String text) {
    return new IllegalStateException(
        "not a two-dimensional text array: " + text.substring(0, Math.min(80, text.length())));
  }
}
