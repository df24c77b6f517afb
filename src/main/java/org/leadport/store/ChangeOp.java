package org.leadport.store;

import java.util.Locale;

/** What a change did to its lead, as the change log records it (docs/changes.md). */
public enum ChangeOp {
  /** The lead was inserted. */
  CREATED,
  /** The lead, or something it holds (contacts, items, list memberships), was written. */
  UPDATED,
  /** The lead was deleted (made a tombstone). */
  DELETED;

  /** The name on the wire and in the log, such as {@code created}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The op of a wire name; an unknown name is a bug in the log, not input. */
  public static ChangeOp of(String wireName) {
    return valueOf(wireName.toUpperCase(Locale.ROOT));
  }
}
