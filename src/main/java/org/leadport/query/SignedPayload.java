package org.leadport.query;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.leadport.LeadportException;

/**
 * The envelope of every cursor this server hands out: a payload, zero-padded to whole base64 groups
 * (no spare bits, so every character matters), then a truncated HMAC-SHA256 over the purpose, the
 * workspace, the filter fingerprint and the payload, all URL-safe base64. Anything not made here
 * for the same purpose, workspace and filter is a 400. Thread-safe.
 */
final class SignedPayload {
  static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] secret;
  private final String purpose;

  SignedPayload(byte[] secret, String purpose) {
    this.secret = secret.clone();
    this.purpose = purpose;
  }

  /** The cursor text of {@code body}, bound to the workspace and filter. */
  String encode(byte[] body, String workspaceId, String filterFingerprint) {
    int total = body.length + MAC_BYTES;
    int padded = total + (3 - total % 3) % 3;
    byte[] out = Arrays.copyOf(body, padded);
    byte[] payload = Arrays.copyOf(out, padded - MAC_BYTES);
    System.arraycopy(
        mac(payload, workspaceId, filterFingerprint), 0, out, padded - MAC_BYTES, MAC_BYTES);
    return ENCODER.encodeToString(out);
  }

  /**
   * The payload of a cursor made by {@link #encode} for this workspace and filter, padding
   * included; 400 naming {@code param} otherwise, or when shorter than {@code minBody}.
   */
  byte[] decode(
      String cursor, String workspaceId, String filterFingerprint, String param, int minBody) {
    byte[] raw;
    try {
      raw = DECODER.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid(param);
    }
    // Only the canonical text of these bytes is a cursor; other spellings are tampering.
    if (raw.length < minBody + MAC_BYTES
        || raw.length % 3 != 0
        || !ENCODER.encodeToString(raw).equals(cursor)) {
      throw invalid(param);
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] presented = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(presented, mac(payload, workspaceId, filterFingerprint))) {
      throw invalid(param);
    }
    return payload;
  }

  private byte[] mac(byte[] payload, String workspaceId, String filterFingerprint) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(
          ("cursor\u0000"
                  + purpose
                  + "\u0000"
                  + workspaceId
                  + "\u0000"
                  + filterFingerprint
                  + "\u0000")
              .getBytes(StandardCharsets.UTF_8));
      mac.update(payload);
      return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The 400 of a cursor this server did not make for this request. */
  static LeadportException invalid(String param) {
    return new LeadportException(
        400,
        "invalid_cursor",
        param + " is not a cursor this server issued for this request; send it back unchanged.",
        param);
  }
}
