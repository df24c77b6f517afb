package org.leadport.query;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A position in a workspace's change feed (docs/changes.md): every change not yet handed out from
 * here on. It is a PostgreSQL snapshot ({@code xmin:xmax:xip}), whose visible changes are behind
 * it, and the last change handed out after that snapshot, by transaction id and lead id (the feed's
 * order). The snapshot of an export's transaction is the position right after the export: the
 * changes the export saw are exactly the visible ones. Immutable.
 *
 * @param xmin every transaction below it had ended when the snapshot was taken
 * @param xmax every transaction from it on had not yet started
 * @param running transactions between the two still running then, ascending
 * @param afterXid transaction of the last change handed out after the snapshot (0: none)
 * @param afterLead lead of that change ("" for none)
 */
public record ChangePosition(
    long xmin, long xmax, long[] running, long afterXid, String afterLead) {

  public ChangePosition {
    Objects.requireNonNull(afterLead, "afterLead");
    running = running.clone();
    if (xmin < 1 || xmax < xmin) {
      throw new IllegalArgumentException("not a snapshot: xmin " + xmin + ", xmax " + xmax);
    }
    for (int i = 0; i < running.length; i++) {
      if (running[i] < xmin || running[i] >= xmax || (i > 0 && running[i] <= running[i - 1])) {
        throw new IllegalArgumentException("not a snapshot: " + text(xmin, xmax, running));
      }
    }
    if (afterXid < 0 || (afterXid == 0) != afterLead.isEmpty()) {
      throw new IllegalArgumentException("no change " + afterXid + "/" + afterLead);
    }
  }

  /** The position of a snapshot in PostgreSQL's text form, {@code xmin:xmax:xip,...}. */
  public static ChangePosition ofSnapshot(String snapshot) {
    String[] parts = snapshot.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a snapshot: " + snapshot);
    }
    long[] running =
        parts[2].isEmpty()
            ? new long[0]
            : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).toArray();
    return new ChangePosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]), running, 0, "");
  }

  /** The position after every change of transactions up to {@code xid}: nothing handed out yet. */
  public static ChangePosition after(long xid) {
    return new ChangePosition(xid + 1, xid + 1, new long[0], 0, "");
  }

  /**
   * The position after the change of {@code lead} in transaction {@code xid}, handed out from here.
   * Once past the snapshot's last transaction, the snapshot says nothing more and is dropped, so a
   * cursor stays short.
   */
  public ChangePosition advance(long xid, String lead) {
    if (xid < xmin || xid < afterXid || (xid == afterXid && lead.compareTo(afterLead) <= 0)) {
      throw new IllegalArgumentException("change " + xid + "/" + lead + " is not after " + this);
    }
    if (xid >= xmax) {
      return new ChangePosition(xid, xid, new long[0], xid, lead);
    }
    return new ChangePosition(xmin, xmax, running, xid, lead);
  }

  /** Whether the snapshot saw transaction {@code xid}'s changes (had it committed by then). */
  public boolean sees(long xid) {
    return xid < xmin || (xid < xmax && Arrays.binarySearch(running, xid) < 0);
  }

  /** The snapshot in PostgreSQL's text form, for {@code ::pg_snapshot}. */
  public String snapshot() {
    return text(xmin, xmax, running);
  }

  @Override
  public long[] running() {
    return running.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangePosition p
        && xmin == p.xmin
        && xmax == p.xmax
        && Arrays.equals(running, p.running)
        && afterXid == p.afterXid
        && afterLead.equals(p.afterLead);
  }

  @Override
  public int hashCode() {
    return Objects.hash(xmin, xmax, Arrays.hashCode(running), afterXid, afterLead);
  }

  @Override
  public String toString() {
    return snapshot() + (afterXid == 0 ? "" : "/" + afterXid + ":" + afterLead);
  }

  private static String text(long xmin, long xmax, long[] running) {
    return xmin
        + ":"
        + xmax
        + ":"
        + Arrays.stream(running).mapToObj(Long::toString).collect(Collectors.joining(","));
  }
}
