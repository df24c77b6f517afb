package org.leadport.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Opaque, URL-safe cursors over the {@code (updated_at, id)} keyset: a format version and the
 * position, signed with HMAC-SHA256 over the workspace and the filter they were made for. Any
 * malformed, tampered, foreign or mismatched cursor is a 400. Thread-safe.
 */
public final class KeysetCursor {
  private static final byte VERSION = 1;
  private static final String OFFSET = "offset";

  private final SignedPayload signed;

  /**
   * @param secret the signing key
   * @param purpose what the cursors page through (such as {@code leads.list}); a cursor of one
   *     purpose is rejected by another
   */
  public KeysetCursor(byte[] secret, String purpose) {
    this.signed = new SignedPayload(secret, purpose);
  }

  /** A position in the keyset: the last row already returned. */
  public record Position(Instant updatedAt, String id) {}

  public String encode(Position position, String workspaceId, String filterFingerprint) {
    byte[] id = position.id().getBytes(StandardCharsets.US_ASCII);
    if (id.length > 255) {
      throw new IllegalArgumentException("id too long for a cursor: " + position.id());
    }
    ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 1 + id.length);
    buf.put(VERSION);
    buf.putLong(micros(position.updatedAt()));
    buf.put((byte) id.length);
    buf.put(id);
    return signed.encode(buf.array(), workspaceId, filterFingerprint);
  }

  /** The position a cursor holds; 400 naming {@code param} when it is not one we made. */
  public Position decode(
      String cursor, String workspaceId, String filterFingerprint, String param) {
    ByteBuffer buf =
        ByteBuffer.wrap(signed.decode(cursor, workspaceId, filterFingerprint, param, 1 + 8 + 1));
    if (buf.get() != VERSION) {
      throw SignedPayload.invalid(param);
    }
    long micros = buf.getLong();
    int idLength = buf.get() & 0xFF;
    if (buf.remaining() < idLength) {
      throw SignedPayload.invalid(param);
    }
    byte[] id = new byte[idLength];
    buf.get(id);
    while (buf.hasRemaining()) {
      if (buf.get() != 0) {
        throw SignedPayload.invalid(param);
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
      throw SignedPayload.invalid(param);
    }
    return offset;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
