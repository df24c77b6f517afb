package org.leadport.model;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Prefixed, unguessable identifiers such as {@code lead_3kT9…}: a type prefix and 128 random bits
 * in base 62. Thread-safe.
 */
public final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** 62^22 > 2^128, so 22 digits carry every 128-bit value. */
  private static final int DIGITS = 22;

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
    long hi = random.nextLong();
    long lo = random.nextLong();
    char[] out = new char[prefix.length() + DIGITS];
    prefix.getChars(0, prefix.length(), out, 0);
    for (int i = out.length - 1; i >= prefix.length(); i--) {
      // 128-bit division by 62 done on two unsigned halves.
      long remHi = Long.remainderUnsigned(hi, 62);
      hi = Long.divideUnsigned(hi, 62);
      long mid = (remHi << 32) | (lo >>> 32);
      long midQ = mid / 62;
      long midR = mid % 62;
      long low = (midR << 32) | (lo & 0xFFFFFFFFL);
      long lowQ = low / 62;
      int digit = (int) (low % 62);
      lo = (midQ << 32) | lowQ;
      out[i] = ALPHABET[digit];
    }
    return new String(out);
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
