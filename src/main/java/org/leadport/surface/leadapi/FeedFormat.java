package org.leadport.surface.leadapi;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;

/**
 * The two shapes of a change feed page, chosen by {@code Accept}: a JSON page (the default, also
 * for {@code *}{@code /*} and {@code application/*}) or NDJSON, one item a line. The media range
 * with the highest {@code q} wins, the first named on a tie; an {@code Accept} that allows neither
 * is a 406.
 */
enum FeedFormat {
  JSON("application/json"),
  NDJSON("application/x-ndjson");

  private final String contentType;

  FeedFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /** The format {@code accept} asks for; 406 {@code not_acceptable} naming Accept when none. */
  static FeedFormat of(@Nullable String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    FeedFormat best = null;
    double bestQ = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      FeedFormat format = named(parts[0].trim().toLowerCase(Locale.ROOT));
      double q = quality(parts);
      if (format != null && q > bestQ) {
        best = format;
        bestQ = q;
      }
    }
    if (best == null) {
      throw new LeadportException(
          406,
          "not_acceptable",
          "The change feed answers application/json (a page) or application/x-ndjson (one item a"
              + " line); Accept allows neither ("
              + accept
              + ").",
          "Accept");
    }
    return best;
  }

  private static @Nullable FeedFormat named(String type) {
    return switch (type) {
      case "application/json", "*/*", "application/*" -> JSON;
      case "application/x-ndjson", "application/ndjson" -> NDJSON;
      default -> null;
    };
  }

  /** The range's {@code q}, 1 when absent; a malformed one counts as 1, as lenient servers do. */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          return Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).trim())));
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
    return 1;
  }
}
