package org.leadport.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Typed values of environment variables, each read with its fallback when unset or blank, and
 * refused by name when it does not parse: the one way {@link Settings#load} reads every group of
 * PRODUCT §1's variables. Stateless.
 */
final class EnvVars {
  private EnvVars() {}

  /** {@code true} or {@code false} (any case); unset is false, anything else says so. */
  static boolean booleanVar(Map<String, String> env, String name) {
    String value = emptyToNull(env.get(name));
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(name + " must be true or false, was " + value);
  }

  /** ISO 8601 durations; a day count such as {@code 7d} is not one, and says so. */
  static Duration duration(Map<String, String> env, String name, String fallback) {
    String value = emptyToNull(env.get(name));
    String text = value == null ? fallback : value;
    try {
      // Duration.parse has no years or months; P7D is the usual way to say a week.
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO 8601 duration such as PT5M or P7D, was " + text, e);
    }
  }

  static long longVar(Map<String, String> env, String name, long fallback) {
    return whole(env, name, fallback, Long::parseLong);
  }

  static int intVar(Map<String, String> env, String name, int fallback) {
    return whole(env, name, fallback, Integer::parseInt);
  }

  /** A whole number read by {@code parse} (whose range it must fit), or the fallback when unset. */
  private static <T> T whole(
      Map<String, String> env, String name, T fallback, Function<String, T> parse) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parse.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was " + value, e);
    }
  }

  static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  /** The value trimmed, or null when it is unset or blank. */
  static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
