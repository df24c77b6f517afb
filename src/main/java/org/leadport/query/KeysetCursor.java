package org.leadport.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.leadport.LeadportException;

/**
 * Opaque, URL-safe cursors over the {@code (updated_at, id)} keyset: a format version and the
 * position, signed with HMAC-SHA256 over the workspace and the filter they were made for. Any
 * malformed, tampered, foreign or mismatched cursor is a 400. Thread-safe.
 */
public final class KeysetCursor {
  private static final byte VERSION = 1;
  private static final String OFFSET = "offset";
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] secret;
  private final String purpose;

  /**
   * @param secret the signing key
   * @param purpose what the cursors page through (such as {@code leads.list}); a cursor of one
   *     purpose is rejected by another
   */
  public KeysetCursor(byte[] secret, String purpose) {
    this.secret = secret.clone();
    this.purpose = purpose;
  }

  /** A position in the keyset: the last row already returned. */
  public record Position(Instant updatedAt, String id) {}

  public String encode(Position position, String workspaceId, String filterFingerprint) {
    byte[] id = position.id().getBytes(StandardCharsets.US_ASCII);
    if (id.length > 255) {
      throw new IllegalArgumentException("id too long for a cursor: " + position.id());
    }
    int body = 1 + 8 + 1 + id.length;
    // Pad to whole base64 groups: no spare bits, so every bit of the text matters.
    int total = body + MAC_BYTES;
    int padded = total + (3 - total % 3) % 3;
    ByteBuffer buf = ByteBuffer.allocate(padded);
    buf.put(VERSION);
    buf.putLong(micros(position.updatedAt()));
    buf.put((byte) id.length);
    buf.put(id);
    buf.put(new byte[padded - total]);
    byte[] payload = Arrays.copyOf(buf.array(), padded - MAC_BYTES);
    buf.put(mac(payload, workspaceId, filterFingerprint));
    return ENCODER.encodeToString(buf.array());
  }

  /** The position a cursor holds; 400 naming {@code param} when it is not one we made. */
  public Position decode(
      String cursor, String workspaceId, String filterFingerprint, String param) {
    byte[] raw;
    try {
      raw = DECODER.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid(param);
    }
    // Only the canonical text of these bytes is a cursor; other spellings are tampering.
    if (raw.length < 1 + 8 + 1 + MAC_BYTES
        || raw.length % 3 != 0
        || !ENCODER.encodeToString(raw).equals(cursor)) {
      throw invalid(param);
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] presented = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(presented, mac(payload, workspaceId, filterFingerprint))) {
      throw invalid(param);
    }
    ByteBuffer buf = ByteBuffer.wrap(payload);
    if (buf.get() != VERSION) {
      throw invalid(param);
    }
    long micros = buf.getLong();
    int idLength = buf.get() & 0xFF;
    if (buf.remaining() < idLength) {
      throw invalid(param);
    }
    byte[] id = new byte[idLength];
    buf.get(id);
    while (buf.hasRemaining()) {
      if (buf.get() != 0) {
        throw invalid(param);
      }
    }
    Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    return new Position(at, new String(id, StandardCharsets.US_ASCII));
  }

  /**
   * A cursor holding a row offset instead of a keyset position, for result orders that have no
   * keyset (searches sorted by any field); signed and bound the same way.
   */
  public String encodeOffset(long offset, String workspaceId, String filterFingerprint) {
    return encode(
        new Position(Instant.EPOCH.plus(offset, ChronoUnit.MICROS), OFFSET),
        workspaceId,
        filterFingerprint);
  }

  /** The offset an {@link #encodeOffset} cursor holds; 400 naming {@code param} otherwise. */
  public long decodeOffset(
      String cursor, String workspaceId, String filterFingerprint, String param) {
    Position p = decode(cursor, workspaceId, filterFingerprint, param);
    long offset = ChronoUnit.MICROS.between(Instant.EPOCH, p.updatedAt());
    if (!OFFSET.equals(p.id()) || offset < 0) {
      throw invalid(param);
    }
    return offset;
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

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static LeadportException invalid(String param) {
    return new LeadportException(
        400,
        "invalid_cursor",
        param + " is not a cursor this server issued for this request; send it back unchanged.",
        param);
  }
}
