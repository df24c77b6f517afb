package org.leadport.export;

import java.util.Objects;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.LeadFilter;

/**
 * What one export produces, whatever surface asked for it: the workspace, which rows, the format,
 * where in the keyset to start and how many rows at most.
 *
 * @param after the last row of the previous segment, or null to start at the beginning
 * @param limit most rows to write; more matching rows make the segment truncated
 * @param bom whether text formats start with a UTF-8 byte order mark (for Excel)
 */
public record ExportSpec(
    String workspaceId,
    ExportFormat format,
    LeadFilter filter,
    Position after,
    int limit,
    boolean bom) {

  public ExportSpec {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(filter, "filter");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }
}
