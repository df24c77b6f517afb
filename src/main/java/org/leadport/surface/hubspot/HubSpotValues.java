package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.store.Lead;

/**
 * HubSpot's value formats: how filter values arrive (strings, numbers, epoch milliseconds) and how
 * property values are written (always strings; instants in ISO 8601 UTC with milliseconds).
 */
final class HubSpotValues {
  /** Longest text value a filter may carry. */
  static final int MAX_TEXT = 1_000;

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,15}");

  /** Instants PostgreSQL and ISO 8601 both hold: the years 1 to 9999. */
  private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  /** Numbers are refused past 30 digits either side of the point. */
  private static final int MAX_DIGITS = 30;

  /**
   * The host of a URL, lower-cased, without a leading {@code www.}: HubSpot's {@code domain}. The
   * same expression as {@link HubSpotProperties}' SQL for it.
   */
  static final String DOMAIN_REGEX = "^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:www[.])?([^/:?#]+)";

  private static final Pattern DOMAIN = Pattern.compile(DOMAIN_REGEX);

  private HubSpotValues() {}

  // ---- rendering ----

  static @Nullable String iso(@Nullable Instant t) {
    return t == null ? null : ISO_MILLIS.format(t);
  }

  /** A date as HubSpot renders a date-time property set to a day: midnight UTC. */
  static @Nullable String midnight(@Nullable LocalDate d) {
    return d == null ? null : iso(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** A stored whole number shown divided by {@code 10^scale}, without trailing zeros. */
  static @Nullable String number(@Nullable Long stored, int scale) {
    if (stored == null) {
      return null;
    }
    return plain(BigDecimal.valueOf(stored, scale));
  }

  static @Nullable String number(@Nullable Integer stored, int scale) {
    return stored == null ? null : number(stored.longValue(), scale);
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  static @Nullable String domain(@Nullable String url) {
    if (url == null) {
      return null;
    }
    Matcher m = DOMAIN.matcher(url);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  static @Nullable String first(List<Lead.Channel> channels) {
    return channels.isEmpty() ? null : channels.get(0).value();
  }

  /** The first phone number whose type is {@code mobile}. */
  static @Nullable String mobile(List<Lead.Channel> phones) {
    return phones.stream()
        .filter(p -> "mobile".equals(p.type()))
        .map(Lead.Channel::value)
        .findFirst()
        .orElse(null);
  }

  /** All but the first, separated by {@code ;} as HubSpot lists additional emails. */
  static @Nullable String rest(List<Lead.Channel> channels) {
    if (channels.size() < 2) {
      return null;
    }
    return String.join(
        ";", channels.subList(1, channels.size()).stream().map(Lead.Channel::value).toList());
  }

  /** A custom field's stored JSON value as a HubSpot string. */
  static @Nullable String custom(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return plain(v.decimalValue());
    }
    if (v.isTextual()) {
      String s = v.textValue();
      // Date-times are stored as ISO 8601 with microseconds; HubSpot shows milliseconds.
      if (s.length() > 10 && s.endsWith("Z") && s.charAt(10) == 'T') {
        try {
          return iso(Instant.parse(s));
        } catch (DateTimeParseException e) {
          return s;
        }
      }
      return s;
    }
    return v.asText();
  }

  // ---- parsing filter values ----

  static String text(JsonNode v, String path) {
    if (v != null && v.isTextual()) {
      if (v.textValue().length() > MAX_TEXT) {
        throw LeadportException.invalid(
            path, path + " must be at most " + MAX_TEXT + " characters long.");
      }
      return v.textValue();
    }
    if (v != null && v.isNumber()) {
      return v.asText();
    }
    throw LeadportException.invalid(path, path + " must be a string.");
  }

  static BigDecimal number(JsonNode v, String path) {
    BigDecimal d = null;
    if (v != null && v.isNumber()) {
      if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
        throw notNumber(path);
      }
      d = v.decimalValue();
    } else if (v != null && v.isTextual()) {
      String s = v.textValue().trim();
      if (s.length() > 100) {
        throw notNumber(path);
      }
      try {
        d = new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw notNumber(path);
      }
    }
    if (d == null) {
      throw notNumber(path);
    }
    if (d.precision() - d.scale() > MAX_DIGITS || d.scale() > MAX_DIGITS) {
      throw LeadportException.invalid(
          path, path + " must have at most " + MAX_DIGITS + " digits either side of the point.");
    }
    return d;
  }

  private static LeadportException notNumber(String path) {
    return LeadportException.invalid(path, path + " must be a number, such as 42 or \"12.5\".");
  }

  static boolean bool(JsonNode v, String path) {
    if (v != null && v.isBoolean()) {
      return v.booleanValue();
    }
    if (v != null && v.isTextual()) {
      String s = v.textValue().trim();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw LeadportException.invalid(path, path + " must be true or false.");
  }

  /**
   * An instant: epoch milliseconds (a whole number, or a string of one) or ISO 8601 (a date-time
   * with an offset, a date-time taken as UTC, or a date meaning its midnight UTC). Digits past the
   * millisecond are dropped: HubSpot's values have millisecond precision.
   */
  static Instant instant(JsonNode v, String path) {
    Instant t;
    if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
      t = millis(v.longValue(), path);
    } else if (v != null && v.isTextual()) {
      String s = v.textValue().trim();
      if (EPOCH_MILLIS.matcher(s).matches()) {
        t = millis(Long.parseLong(s), path);
      } else {
        t = iso(s, path);
      }
    } else {
      throw notInstant(path);
    }
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw LeadportException.invalid(path, path + " must fall within the years 1 to 9999.");
    }
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant millis(long ms, String path) {
    if (ms < MIN.toEpochMilli() || ms > MAX.toEpochMilli()) {
      throw LeadportException.invalid(path, path + " must fall within the years 1 to 9999.");
    }
    return Instant.ofEpochMilli(ms);
  }

  private static Instant iso(String s, String path) {
    if (s.length() > 60) {
      throw notInstant(path);
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw notInstant(path);
    }
  }

  private static LeadportException notInstant(String path) {
    return LeadportException.invalid(
        path,
        path
            + " must be a date: epoch milliseconds such as 1767225600000, or ISO 8601 such as"
            + " 2026-01-01T00:00:00Z or 2026-01-01.");
  }
}
