package org.leadport.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of the change log: a lead written by one transaction (docs/changes.md).
 *
 * @param xid the writing transaction's id, the change's place in the feed's order
 * @param changedAt when the writing transaction began
 */
public record Change(long xid, String leadId, ChangeOp op, Instant changedAt) {
  public Change {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(changedAt, "changedAt");
    if (xid < 1) {
      throw new IllegalArgumentException("xid must be positive, was " + xid);
    }
  }

  /**
   * The change's position on the wire: the transaction id, zero-padded to 20 digits, a colon and
   * the lead id, so that positions sort as text in the feed's order.
   */
  public String position() {
    return String.format(java.util.Locale.ROOT, "%020d:%s", xid, leadId);
  }
}
