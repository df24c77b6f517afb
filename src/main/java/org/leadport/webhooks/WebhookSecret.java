package org.leadport.webhooks;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An endpoint's signing secret as Standard Webhooks serializes one: {@code whsec_} and the base64
 * of at least 24 random bytes (we make 32). The HMAC key is the decoded bytes, not the text.
 * Immutable.
 */
public final class WebhookSecret {
  /** The prefix every symmetric secret carries. */
  public static final String PREFIX = "whsec_";

  private static final int BYTES = 32;
  private static final int MIN_BYTES = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /** A fresh random secret. */
  public static WebhookSecret generate() {
    byte[] key = new byte[BYTES];
    RANDOM.nextBytes(key);
    return new WebhookSecret(key);
  }

  /**
   * Reads {@code whsec_<base64>} (the prefix may be left off, as the reference libraries allow).
   *
   * @throws IllegalArgumentException when it is not base64 of at least 24 bytes
   */
  public static WebhookSecret parse(String text) {
    String b64 = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    byte[] key = Base64.getDecoder().decode(b64);
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException("a webhook secret holds at least 24 bytes");
    }
    return new WebhookSecret(key);
  }

  /** The HMAC key: a copy of the decoded bytes. */
  public byte[] key() {
    return key.clone();
  }

  /** The serialized form, {@code whsec_…}, as it is shown once to the client and stored. */
  public String text() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  /** Never the secret itself: it must not reach a log line. */
  @Override
  public String toString() {
    return "WebhookSecret[whsec_…]";
  }
}
