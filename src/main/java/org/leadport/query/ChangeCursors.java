package org.leadport.query;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Opaque, URL-safe cursors holding a {@link ChangePosition}: signed like every cursor here, bound
 * to the workspace and to the filters they were made with, so a cursor of one filter set or
 * workspace is a 400 in another. The same cursor goes from an export's snapshot to the change feed
 * and to delta exports. Thread-safe.
 */
public final class ChangeCursors {
  private static final byte VERSION = 1;
  private static final int MAX_RUNNING = 0xFFFF;

  private final SignedPayload signed;

  /**
   * @param secret the signing key
   * @param purpose what the cursors continue (such as {@code changes}); a cursor of one purpose is
   *     rejected by another
   */
  public ChangeCursors(byte[] secret, String purpose) {
    this.signed = new SignedPayload(secret, purpose);
  }

  /** The cursor of {@code position}, for the workspace and the filters of {@code fingerprint}. */
  public String encode(ChangePosition position, String workspaceId, String fingerprint) {
    long[] running = position.running();
    if (running.length > MAX_RUNNING) {
      throw new IllegalArgumentException(running.length + " running transactions");
    }
    byte[] lead = position.afterLead().getBytes(StandardCharsets.US_ASCII);
    if (lead.length > 255) {
      throw new IllegalArgumentException("id too long for a cursor: " + position.afterLead());
    }
    ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 8 + 2 + 8 * running.length + 8 + 1 + lead.length);
    buf.put(VERSION);
    buf.putLong(position.xmin());
    buf.putLong(position.xmax());
    buf.putShort((short) running.length);
    for (long xid : running) {
      buf.putLong(xid);
    }
    buf.putLong(position.afterXid());
    buf.put((byte) lead.length);
    buf.put(lead);
    return signed.encode(buf.array(), workspaceId, fingerprint);
  }

  /** The position a cursor holds; 400 naming {@code param} when it is not one made here. */
  public ChangePosition decode(
      String cursor, String workspaceId, String fingerprint, String param) {
    ByteBuffer buf =
        ByteBuffer.wrap(signed.decode(cursor, workspaceId, fingerprint, param, 1 + 8 + 8 + 2));
    try {
      if (buf.get() != VERSION) {
        throw SignedPayload.invalid(param);
      }
      long xmin = buf.getLong();
      long xmax = buf.getLong();
      long[] running = new long[buf.getShort() & 0xFFFF];
      for (int i = 0; i < running.length; i++) {
        running[i] = buf.getLong();
      }
      long afterXid = buf.getLong();
      byte[] lead = new byte[buf.get() & 0xFF];
      buf.get(lead);
      while (buf.hasRemaining()) {
        if (buf.get() != 0) {
          throw SignedPayload.invalid(param);
        }
      }
      return new ChangePosition(
          xmin, xmax, running, afterXid, new String(lead, StandardCharsets.US_ASCII));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      // Signed by us, so never expected; still a 400, not a 500, should the format ever drift.
      throw SignedPayload.invalid(param);
    }
  }
}
