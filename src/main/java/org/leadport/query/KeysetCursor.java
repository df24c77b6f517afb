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

  /** A sync walk's cursor: a keyset position or none, and a change position. */
  private static final byte WALK = 2;

  private static final byte KEYSET_PHASE = 0;
  private static final byte CATCH_UP_PHASE = 1;
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
    byte[] id = id(position);
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
    Position position = readPosition(buf, param);
    rest(buf, param);
    return position;
  }

  /**
   * The cursor of a sync walk's position ({@code X-Export-Next-Cursor}): the keyset position, if
   * any, and the change position, in a payload of its own version.
   */
  public String encodeWalk(WalkPosition walk, String workspaceId, String filterFingerprint) {
    Position keyset = walk.keyset();
    ChangePosition changes = walk.changes();
    if (changes == null) {
      throw new IllegalArgumentException("a walk cursor holds a change position");
    }
    byte[] id = keyset == null ? new byte[0] : id(keyset);
    ByteBuffer buf =
        ByteBuffer.allocate(
            2 + (keyset == null ? 0 : 8 + 1 + id.length) + ChangeCursors.size(changes));
    buf.put(WALK);
    buf.put(keyset == null ? CATCH_UP_PHASE : KEYSET_PHASE);
    if (keyset != null) {
      buf.putLong(micros(keyset.updatedAt()));
      buf.put((byte) id.length);
      buf.put(id);
    }
    ChangeCursors.put(buf, changes);
    return signed.encode(buf.array(), workspaceId, filterFingerprint);
  }

  /**
   * The walk position a cursor holds: a walk cursor's, or a plain keyset cursor's (made before
   * walks had a change position) as a keyset position without one. 400 naming {@code param} when it
   * is neither.
   */
  public WalkPosition decodeWalk(
      String cursor, String workspaceId, String filterFingerprint, String param) {
    ByteBuffer buf =
        ByteBuffer.wrap(signed.decode(cursor, workspaceId, filterFingerprint, param, 1 + 8 + 1));
    try {
      byte version = buf.get();
      if (version == VERSION) {
        Position keyset = readPosition(buf, param);
        rest(buf, param);
        return new WalkPosition(keyset, null);
      }
      if (version != WALK) {
        throw SignedPayload.invalid(param);
      }
      byte phase = buf.get();
      if (phase != KEYSET_PHASE && phase != CATCH_UP_PHASE) {
        throw SignedPayload.invalid(param);
      }
      Position keyset = phase == KEYSET_PHASE ? readPosition(buf, param) : null;
      ChangePosition changes = ChangeCursors.read(buf);
      rest(buf, param);
      return new WalkPosition(keyset, changes);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      // Signed by us, so never expected; still a 400, not a 500, should the format ever drift.
      throw SignedPayload.invalid(param);
    }
  }

  private static byte[] id(Position position) {
    byte[] id = position.id().getBytes(StandardCharsets.US_ASCII);
    if (id.length > 255) {
      throw new IllegalArgumentException("id too long for a cursor: " + position.id());
    }
    return id;
  }

  private static Position readPosition(ByteBuffer buf, String param) {
    long micros = buf.getLong();
    int idLength = buf.get() & 0xFF;
    if (buf.remaining() < idLength) {
      throw SignedPayload.invalid(param);
    }
    byte[] id = new byte[idLength];
    buf.get(id);
    Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    return new Position(at, new String(id, StandardCharsets.US_ASCII));
  }

  /** Only the zero padding of the envelope may follow a payload. */
  private static void rest(ByteBuffer buf, String param) {
    while (buf.hasRemaining()) {
      if (buf.get() != 0) {
        throw SignedPayload.invalid(param);
      }
    }
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
