package org.leadport.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** How Leadport writes instants: ISO 8601 in UTC with microseconds, the precision it stores. */
public final class Times {
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static @Nullable String iso(@Nullable Instant t) {
    return t == null ? null : ISO_MICROS.format(t);
  }
}
