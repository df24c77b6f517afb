package org.leadport.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Renders one column of a {@code lead_items} row (migration V21) in Java: the text PostgreSQL
 * prints for the two-dimensional {@code text[]} that {@code lead_items_write} stores, so that a
 * writer holding the items it writes (the synthetic seed) can send the row itself instead of having
 * the server read the items back. Byte for byte what the function's expressions give: numbers as
 * {@code ::text}, dates as {@code date::text} in the ISO datestyle, timestamps as {@code to_char(ts
 * at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')}, channels as jsonb's output text, and the
 * array in {@code array_out}'s syntax (which its input reads back unchanged). The caller adds the
 * items in the kind's order ({@link ItemKind#order()}) and each item's fields in the catalogue's
 * order; {@link #end()} gives null for no items, as {@code array_agg} of no rows. Not thread-safe;
 * reusable after {@link #end()}.
 */
public final class LeadItemsText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(512);
  private int items;
  private boolean firstField;

  /**
   * The text of {@code items} of {@code kind}, in the order given (the caller's: the kind's), their
   * fields from the catalogue; null for none.
   */
  public static <T> @Nullable String of(ItemKind<T> kind, List<T> items) {
    LeadItemsText text = new LeadItemsText();
    for (T item : items) {
      text.item();
      for (ItemField<T> f : kind.fields()) {
        text.field(f, f.of(item));
      }
    }
    return text.end();
  }

  @SuppressWarnings("unchecked") // a CHANNELS field's value is a record component List<Channel>
  private void field(ItemField<?> f, @Nullable Object v) {
    switch (f.type()) {
      case TEXT -> text((String) v);
      case INTEGER -> number(v == null ? null : ((Number) v).longValue());
      case DATE -> date((LocalDate) v);
      case TIME -> time((Instant) Objects.requireNonNull(v, f.key()));
      case CHANNELS -> channels(v == null ? List.of() : (List<Lead.Channel>) v, f.channelKey());
    }
  }

  /** Starts the next item. */
  public LeadItemsText item() {
    out.append(items == 0 ? "{{" : "},{");
    items++;
    firstField = true;
    return this;
  }

  /** The array's text, or null when no item was added; then starts over. */
  public @Nullable String end() {
    if (items == 0) {
      return null;
    }
    out.append("}}");
    String text = out.toString();
    out.setLength(0);
    items = 0;
    return text;
  }

  /** A text field; null is the array's NULL. */
  public LeadItemsText text(@Nullable String s) {
    separate();
    if (s == null) {
      out.append("NULL");
    } else {
      element(out, s);
    }
    return this;
  }

  /** An integer field ({@code bigint::text}, {@code integer::text}); null is NULL. */
  public LeadItemsText number(@Nullable Long v) {
    separate();
    if (v == null) {
      out.append("NULL");
    } else {
      out.append(v.longValue());
    }
    return this;
  }

  /** An integer field. */
  public LeadItemsText number(long v) {
    separate();
    out.append(v);
    return this;
  }

  /** A date field as {@code date::text} with datestyle ISO; null is NULL. */
  public LeadItemsText date(@Nullable LocalDate d) {
    separate();
    if (d == null) {
      out.append("NULL");
      return this;
    }
    int year = d.getYear();
    // PostgreSQL has no year 0: 1 BC is Java's year 0, and it prints BC years with a suffix.
    boolean bc = year <= 0;
    if (bc) {
      // " BC" holds a space: array_out quotes the element.
      out.append('"');
    }
    pad(bc ? 1 - year : year, 4);
    out.append('-');
    pad(d.getMonthValue(), 2);
    out.append('-');
    pad(d.getDayOfMonth(), 2);
    if (bc) {
      out.append(" BC\"");
    }
    return this;
  }

  /**
   * A timestamp field, from microseconds since the epoch, in the documents' RFC 3339 format with
   * microseconds. Years 1 to 9999 only (to_char prints others differently); the seed's and the
   * API's are.
   */
  public LeadItemsText time(long micros) {
    separate();
    long day = Math.floorDiv(micros, 86_400_000_000L);
    long t = Math.floorMod(micros, 86_400_000_000L);
    LocalDate d = LocalDate.ofEpochDay(day);
    if (d.getYear() < 1 || d.getYear() > 9999) {
      throw new IllegalArgumentException("a timestamp outside years 1 to 9999: " + d);
    }
    pad(d.getYear(), 4);
    out.append('-');
    pad(d.getMonthValue(), 2);
    out.append('-');
    pad(d.getDayOfMonth(), 2);
    out.append('T');
    pad((int) (t / 3_600_000_000L), 2);
    out.append(':');
    pad((int) (t / 60_000_000 % 60), 2);
    out.append(':');
    pad((int) (t / 1_000_000 % 60), 2);
    out.append('.');
    pad((int) (t % 1_000_000), 6);
    out.append('Z');
    return this;
  }

  /** A timestamp field, as {@link #time(long)} (PostgreSQL keeps microseconds: they must fit). */
  public LeadItemsText time(Instant at) {
    if (at.getNano() % 1_000 != 0) {
      throw new IllegalArgumentException("a timestamp finer than microseconds: " + at);
    }
    return time(
        Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
  }

  /**
   * A channels field ({@link Channels}: each channel an object of its value under {@code key} and
   * its type) as jsonb prints it: keys shorter first, then by bytes; {@code ", "} and {@code ": "}.
   */
  public LeadItemsText channels(List<Lead.Channel> channels, String key) {
    StringBuilder json = new StringBuilder(32 + 48 * channels.size());
    // jsonb orders an object's keys by length, then bytewise (the keys are ASCII here).
    boolean typeFirst = key.length() > 4 || (key.length() == 4 && key.compareTo("type") > 0);
    json.append('[');
    for (int i = 0; i < channels.size(); i++) {
      Lead.Channel c = channels.get(i);
      json.append(i == 0 ? "{" : ", {");
      if (typeFirst) {
        member(json, "type", c.type()).append(", ");
        member(json, key, c.value());
      } else {
        member(json, key, c.value()).append(", ");
        member(json, "type", c.type());
      }
      json.append('}');
    }
    json.append(']');
    separate();
    element(out, json);
    return this;
  }

  private static StringBuilder member(StringBuilder json, String key, @Nullable String value) {
    jsonString(json, key).append(": ");
    if (value == null) {
      return json.append("null");
    }
    return jsonString(json, value);
  }

  /** jsonb's (escape_json's) text of a string. */
  static StringBuilder jsonString(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }

  /**
   * One element as {@code array_out} prints it: quoted when empty, spelled NULL in any case, or
   * holding a brace, comma, quote, backslash or white space; then quotes and backslashes escaped.
   */
  static void element(StringBuilder out, CharSequence s) {
    int n = s.length();
    boolean quote = n == 0 || (n == 4 && "NULL".equalsIgnoreCase(s.toString()));
    for (int i = 0; i < n && !quote; i++) {
      quote = special(s.charAt(i));
    }
    if (!quote) {
      out.append(s);
      return;
    }
    out.append('"');
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  /** What makes array_out quote an element (array_isspace: space, \t, \n, \r, \v, \f). */
  private static boolean special(char c) {
    return switch (c) {
      case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\u000B', '\f' -> true;
      default -> false;
    };
  }

  private void separate() {
    if (!firstField) {
      out.append(',');
    }
    firstField = false;
  }

  private void pad(int v, int width) {
    String digits = Integer.toString(v);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }
}
