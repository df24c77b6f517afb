package org.leadport.model;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Prefixed, unguessable identifiers such as {@code lead_0MXDTCFTO…}: a type prefix and 22 digits of
 * the base-62 alphabet {@code 0-9A-Za-z}. Thread-safe.
 *
 * <p>The first 9 digits are the creation time, milliseconds since the epoch in base 36 ({@code
 * 0-9A-Z} only, fixed width, good until the year 5188); the last 13 are random (62^13, about 2^77
 * values, from the caller's generator: more than the 74 random bits of a UUIDv7). An id made in a
 * later millisecond therefore sorts after one made in an earlier one, both in byte order ({@code
 * 0-9 < A-Z < a-z}, PostgreSQL's {@code C} collation) and in case-insensitive collations such as
 * {@code en_US}, since the time digits have no lower case. That is why: every primary-key and
 * {@code lead_id} index insert then lands at the right edge of its B-tree, on a page already in the
 * cache, instead of on a random leaf of an index that outgrows shared_buffers (issue 18,
 * bench/log). Ids of one millisecond are in random order. The time an id reveals is its record's
 * creation time, which the surfaces show anyway (Close's {@code date_created}, HubSpot's {@code
 * createdAt}); the random digits alone keep an id unguessable, and no secret is an id (API key
 * secrets are drawn apart). Nothing reads the time back out of an id: it is not a timestamp.
 */
public final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** Every id has this many digits after its prefix. */
  private static final int DIGITS = 22;

  /** Base-36 digits of the millisecond time: 36^9 ms is past the year 5000. */
  static final int TIME_DIGITS = 9;

  /** 36^9: the first millisecond the time digits cannot hold. */
  private static final long LAST_MILLIS = 101_559_956_668_416L;

  /** Base-62 random digits after the time. */
  static final int RANDOM_DIGITS = DIGITS - TIME_DIGITS;

  /** 62^7 and 62^6: the random digits are drawn as two uniform numbers below these. */
  private static final long HIGH_RANDOM = pow62(7);

  private static final long LOW_RANDOM = pow62(RANDOM_DIGITS - 7);

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String workspace() {
    return next("ws_");
  }

  public static String apiKey() {
    return next("key_");
  }

  public static String lead() {
    return next("lead_");
  }

  public static String contact() {
    return next("cont_");
  }

  public static String opportunity() {
    return next("oppo_");
  }

  public static String activity() {
    return next("acti_");
  }

  public static String address() {
    return next("addr_");
  }

  public static String status() {
    return next("stat_");
  }

  public static String customField() {
    return next("cf_");
  }

  public static String list() {
    return next("list_");
  }

  public static String savedSearch() {
    return next("save_");
  }

  public static String request() {
    return next("req_");
  }

  /** A new id with the given prefix from a cryptographically strong source. */
  public static String next(String prefix) {
    return next(prefix, RANDOM);
  }

  /**
   * A new id drawn from {@code random}; bulk generators pass a fast generator seeded from a strong
   * one, so ids stay unguessable without paying for a SecureRandom call per row.
   */
  public static String next(String prefix, RandomGenerator random) {
    return next(prefix, random, System.currentTimeMillis());
  }

  /** A new id of the millisecond {@code millis} (tests pin the clock through this). */
  static String next(String prefix, RandomGenerator random, long millis) {
    if (millis < 0 || millis >= LAST_MILLIS) {
      throw new IllegalArgumentException("time outside nine base-36 digits: " + millis);
    }
    int p = prefix.length();
    char[] out = new char[p + DIGITS];
    prefix.getChars(0, p, out, 0);
    long time = millis;
    for (int i = p + TIME_DIGITS - 1; i >= p; i--) {
      out[i] = ALPHABET[(int) (time % 36)];
      time /= 36;
    }
    // Uniform over 62^13 values: no modulo bias in any digit.
    digits(out, p + TIME_DIGITS, 7, random.nextLong(HIGH_RANDOM));
    digits(out, p + TIME_DIGITS + 7, RANDOM_DIGITS - 7, random.nextLong(LOW_RANDOM));
    return new String(out);
  }

  /** Writes {@code value} (below 62^count) as {@code count} base-62 digits from {@code from}. */
  private static void digits(char[] out, int from, int count, long value) {
    long v = value;
    for (int i = from + count - 1; i >= from; i--) {
      out[i] = ALPHABET[(int) (v % 62)];
      v /= 62;
    }
  }

  private static long pow62(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 62;
    }
    return v;
  }

  /** True when {@code id} has the prefix and the shape of an id this class makes. */
  public static boolean looksLike(String prefix, String id) {
    if (id == null || id.length() != prefix.length() + DIGITS || !id.startsWith(prefix)) {
      return false;
    }
    for (int i = prefix.length(); i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }
}
