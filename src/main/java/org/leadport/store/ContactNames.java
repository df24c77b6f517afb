package org.leadport.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a contact's one-piece {@code name} (Close's) and its {@code first_name} / {@code last_name}
 * (HubSpot's {@code firstname} / {@code lastname}) relate, for data written through any surface
 * (docs/hubspot-properties.md): a write with only {@code name} is split, a write with only first
 * and last names composes {@code name}, a write with both keeps both as given. Migration V11 splits
 * existing rows by the same rule in SQL.
 */
public final class ContactNames {
  /** Everything before the last run of whitespace, and the last word. */
  private static final Pattern LAST_WORD = Pattern.compile("^(.*?)\\s+(\\S+)$", Pattern.DOTALL);

  private static final Pattern EDGES = Pattern.compile("^\\s+|\\s+$");

  private ContactNames() {}

  /** A first and last name; either may be null. */
  public record Parts(@Nullable String first, @Nullable String last) {}

  /**
   * Splits a one-piece name: trimmed; with whitespace inside, the last name is the last word and
   * the first name everything before it ("Ana María de la Cruz": "Ana María de la" and "Cruz"); a
   * single word is a first name alone. Null or blank gives no names.
   */
  public static Parts split(@Nullable String name) {
    if (name == null) {
      return new Parts(null, null);
    }
    // ASCII whitespace, as the migration's PostgreSQL \s (and Java's) means it.
    String trimmed = EDGES.matcher(name).replaceAll("");
    Matcher m = LAST_WORD.matcher(trimmed);
    if (m.matches()) {
      return new Parts(m.group(1), m.group(2));
    }
    return new Parts(trimmed.isEmpty() ? null : trimmed, null);
  }

  /**
   * The one-piece name of a first and last name: both joined by one space, or the one given, or
   * null when neither is given (blank counts as not given); ASCII whitespace at the edges is
   * dropped.
   */
  public static @Nullable String compose(@Nullable String first, @Nullable String last) {
    String f = first == null ? "" : EDGES.matcher(first).replaceAll("");
    String l = last == null ? "" : EDGES.matcher(last).replaceAll("");
    if (!f.isEmpty() && !l.isEmpty()) {
      return f + " " + l;
    }
    return !f.isEmpty() ? f : !l.isEmpty() ? l : null;
  }
}
