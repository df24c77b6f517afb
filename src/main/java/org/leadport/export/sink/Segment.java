package org.leadport.export.sink;

import org.jspecify.annotations.Nullable;
import org.leadport.query.KeysetCursor.Position;

/**
 * What an export segment will hold, known before its first row is written.
 *
 * @param truncated more matching rows exist after this segment
 * @param last the keyset position of the segment's last row when truncated, else null
 * @param rows how many rows (or documents) it will hold, counted in its snapshot; -1 when not
 *     counted (a segment of a sync export)
 */
public record Segment(boolean truncated, @Nullable Position last, long rows) {
  public Segment {
    if (rows < -1) {
      throw new IllegalArgumentException("rows must be -1 (not counted) or more, was " + rows);
    }
  }

  /** A segment whose rows were not counted. */
  public Segment(boolean truncated, @Nullable Position last) {
    this(truncated, last, -1);
  }
}
