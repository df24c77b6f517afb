package org.leadport.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The text free-text search looks in: a lead's display name and URL and each contact's name, email
 * addresses and phone numbers, one per line so a pattern never spans two of them.
 */
public final class LeadSearchText {
  private LeadSearchText() {}

  public static String of(Lead lead) {
    StringBuilder out = new StringBuilder(128);
    line(out, lead.displayName());
    line(out, lead.url());
    for (Lead.Contact c : lead.contacts()) {
      line(out, c.name());
      values(out, c.emails());
      values(out, c.phones());
    }
    return out.toString();
  }

  /** The same text from plain parts, for bulk writers that hold no {@link Lead}. */
  public static void line(StringBuilder out, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(value);
    }
  }

  private static void values(StringBuilder out, List<Lead.Channel> channels) {
    for (Lead.Channel ch : channels) {
      line(out, ch.value());
    }
  }
}
