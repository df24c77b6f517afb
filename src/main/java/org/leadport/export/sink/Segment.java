package org.leadport.export.sink;

import org.jspecify.annotations.Nullable;
import org.leadport.query.ChangePosition;
import org.leadport.query.WalkPosition;

/**
 * What an export segment will hold, known before its first row is written.
 *
 * @param truncated more matching rows exist after this segment
 * @param next where the walk continues after this segment when truncated, else null
 * @param rows how many rows (or documents) it will hold, counted in its snapshot; -1 when not
 *     counted (a segment of a sync export)
 * @param changes the change feed position right after what the walk delivered, on the segment that
 *     ends a sync walk; else null
 */
public record Segment(
    boolean truncated, @Nullable WalkPosition next, long rows, @Nullable ChangePosition changes) {
  public Segment {
    if (rows < -1) {
      throw new IllegalArgumentException("rows must be -1 (not counted) or more, was " + rows);
    }
    if (truncated != (next != null)) {
      throw new IllegalArgumentException("a truncated segment, and only one, says where next");
    }
  }

  /** A segment of a whole export, or one that hands over no change position. */
  public Segment(boolean truncated, @Nullable WalkPosition next, long rows) {
    this(truncated, next, rows, null);
  }

  /** A segment whose rows were not counted. */
  public Segment(boolean truncated, @Nullable WalkPosition next) {
    this(truncated, next, -1);
  }
}
