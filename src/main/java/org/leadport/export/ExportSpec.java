package org.leadport.export;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.query.LeadFilter;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;
import org.leadport.query.WalkPosition;

/**
 * What one export produces, whatever surface asked for it: the workspace, the kind of row, the
 * format, which objects (a query over {@code root}), their order and number, and how rows are
 * shaped. Synchronous exports also name a keyset segment ({@code after}, {@code segmentLimit}).
 *
 * @param root the kind the query selects: leads, or the contacts or opportunities that are rows
 * @param includeDeleted whether soft-deleted leads (tombstones) are rows too
 * @param sort order of the selected objects; empty for the keyset order (updated_at, id) of leads
 *     or the creation order of other roots
 * @param resultsLimit most objects of {@code root} to select, or null for all
 * @param after where the sync walk continues (after the last row of the previous segment, or in its
 *     catch-up), or null to start at the beginning
 * @param segmentLimit most rows of this segment (more matching rows make it truncated), or null
 */
public record ExportSpec(
    String workspaceId,
    RowType rows,
    ExportFormat format,
    ObjectKind root,
    Query query,
    boolean includeDeleted,
    List<SortTerm> sort,
    @Nullable Long resultsLimit,
    @Nullable WalkPosition after,
    @Nullable Integer segmentLimit,
    ExportOptions options) {

  public ExportSpec {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(options, "options");
    sort = List.copyOf(sort);
    if (root != ObjectKind.LEAD
        && !(root == ObjectKind.OPPORTUNITY && rows == RowType.OPPORTUNITIES)
        && !(root == ObjectKind.CONTACT && rows == RowType.CONTACTS)) {
      throw new IllegalArgumentException("a query over " + root + " cannot make " + rows + " rows");
    }
    for (SortTerm s : sort) {
      if (s.field().object() != root && s.field().customFieldId() == null) {
        throw new IllegalArgumentException(
            "a query over " + root + " cannot sort by " + s.field().name());
      }
    }
    if (resultsLimit != null && resultsLimit < 1) {
      throw new IllegalArgumentException("resultsLimit must be at least 1, was " + resultsLimit);
    }
    if (options.nested() && (rows != RowType.LEADS || !format.nestsWhenAsked())) {
      throw new IllegalArgumentException(
          "nested documents when asked are of leads in Parquet, not " + rows + " in " + format);
    }
    if (segmentLimit != null || after != null) {
      if (rows != RowType.LEADS || !sort.isEmpty() || resultsLimit != null) {
        throw new IllegalArgumentException("segments are of unsorted, unlimited lead rows");
      }
      if (segmentLimit == null || segmentLimit < 1) {
        throw new IllegalArgumentException("segmentLimit must be at least 1, was " + segmentLimit);
      }
    }
  }

  /** One segment of the synchronous CSV export: lead rows in keyset order. */
  public static ExportSpec segment(
      String workspaceId, LeadFilter filter, @Nullable WalkPosition after, int limit, boolean bom) {
    return segment(workspaceId, filter, after, limit, bom, ExportFormat.CSV);
  }

  /** A segment of the sync export in {@code format} (CSV, or Parquet when a client asks). */
  public static ExportSpec segment(
      String workspaceId,
      LeadFilter filter,
      @Nullable WalkPosition after,
      int limit,
      boolean bom,
      ExportFormat format) {
    return new ExportSpec(
        workspaceId,
        RowType.LEADS,
        format,
        ObjectKind.LEAD,
        filter.toQuery(),
        filter.includeDeleted(),
        List.of(),
        null,
        after,
        limit,
        ExportOptions.builder().dateFormat(DateFormat.RFC3339_MICROS).bom(bom).build());
  }

  /**
   * Whether each lead is written as one nested document rather than a row of columns: in JSON
   * unless asked for rows, in Parquet when asked for documents.
   */
  public boolean nested() {
    return rows == RowType.LEADS
        && (format.documents() ? !options.flat() : options.nested() && format.nestsWhenAsked());
  }
}
