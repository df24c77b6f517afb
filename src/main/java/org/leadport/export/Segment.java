package org.leadport.export;

import org.leadport.query.KeysetCursor.Position;

/**
 * What an export segment will hold, known before its first row is written.
 *
 * @param truncated more matching rows exist after this segment
 * @param last the keyset position of the segment's last row when truncated, else null
 */
public record Segment(boolean truncated, Position last) {}
