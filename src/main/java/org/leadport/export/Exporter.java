package org.leadport.export;

import java.util.List;
import org.leadport.store.CustomFieldRepository;

/**
 * The one export pipeline: spec → columns → row source → writer → sink. Every surface, sync or
 * async, ends here. Thread-safe.
 */
public final class Exporter {
  private final RowSource rows;
  private final CustomFieldRepository customFields;

  public Exporter(RowSource rows, CustomFieldRepository customFields) {
    this.rows = rows;
    this.customFields = customFields;
  }

  /** Writes the spec's rows to the sink; returns how many were written. */
  public long export(ExportSpec spec, Sink sink) {
    List<ExportColumn> columns = LeadColumns.all(customFields.list(spec.workspaceId()));
    return rows.export(spec, columns, sink);
  }
}
