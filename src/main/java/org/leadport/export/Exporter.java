package org.leadport.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnNames;
import org.leadport.export.column.ColumnSpec;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.column.FieldColumns;
import org.leadport.export.sink.Sink;
import org.leadport.export.writer.FileLayout;
import org.leadport.model.CustomField;
import org.leadport.query.LeadFilter;
import org.leadport.store.CustomFieldRepository;

/**
 * The one export pipeline: spec → columns → row source → writer (laid out in files) → sink. Every
 * surface, sync or async, ends here, so here is where each export's route is counted ({@code
 * leadport.export.routes} by surface, format and route, {@link ExportMetrics#routing}).
 * Thread-safe.
 */
public final class Exporter {
  private final RowSource rows;
  private final CustomFieldRepository customFields;
  private final ExportMetrics metrics;

  public Exporter(RowSource rows, CustomFieldRepository customFields, ExportMetrics metrics) {
    this.rows = rows;
    this.customFields = customFields;
    this.metrics = metrics;
  }

  /** The columns the spec's rows will have; fails with a 400 on an unknown field. */
  public ExportColumns.Set columns(ExportSpec spec) {
    return columns(spec, customFields.list(spec.workspaceId()));
  }

  private static ExportColumns.Set columns(ExportSpec spec, List<CustomField> fields) {
    if (spec.nested()) {
      ColumnNames.checkDocumentFields(spec.options(), fields);
      return new ExportColumns.Set(List.of(), "");
    }
    if (spec.options().columns() != null) {
      return FieldColumns.of(spec.options().columns());
    }
    return ExportColumns.of(spec.rows(), spec.options(), fields, spec.includeDeleted());
  }

  /**
   * The column schema of the spec's file (docs/schema.md), its descriptions in {@code language}
   * (one of {@link org.leadport.export.column.ExportLabels#LANGUAGES}): the columns the export
   * writes now, so a schema read before an export names the columns it will have. Fails with a 400
   * on an unknown field, as the export does.
   */
  public ExportSchema schema(ExportSpec spec, String language) {
    return schema(spec, language, customFields.list(spec.workspaceId()));
  }

  /**
   * As {@link #schema(ExportSpec, String)}, with the workspace's custom fields {@code fields} read
   * by the caller (on the connection of a transaction it holds: the end of a job).
   */
  public ExportSchema schema(ExportSpec spec, String language, List<CustomField> fields) {
    if (spec.nested()) {
      // Checks the fields as the export does (a 400 on an unknown one).
      columns(spec, fields);
      return new ExportSchema(
          spec.rows(),
          spec.format().extension(),
          language,
          LeadDocumentSchema.of(spec, fields, language));
    }
    ExportSchema schema =
        ExportSchema.of(
            spec.rows(),
            spec.format().extension(),
            columns(spec, fields).columns(),
            fields,
            language);
    List<ColumnSpec> asked = spec.options().columns();
    if (asked == null) {
      return schema;
    }
    // Columns asked for by field are described as their surface words them (HubSpot's
    // properties); they are the file's columns one for one, in order (FieldColumns).
    List<@Nullable String> described = new ArrayList<>(asked.size());
    asked.forEach(c -> described.add(c.description()));
    return schema.describedAs(described);
  }

  /** How many rows the spec's export would write now. */
  public long count(ExportSpec spec) {
    return rows.count(spec);
  }

  /**
   * Runs one segment of a sync walk ({@code limit} leads at most, CSV, no filter) of {@code
   * workspaceId}, a workspace without leads, into nothing, counting no metrics: the custom fields,
   * the columns, the snapshot, the segment's plan (boundary query, change position, catch-up), its
   * COPY and the CSV writer run as a client's first segment runs them. A fresh server pays their
   * class loading, first compilations and the pooled connection's first statements here, before it
   * is ready, instead of in its first client's time to first byte (issue 18).
   *
   * @return the rows written: none, for a workspace without leads
   */
  public long warmUp(String workspaceId, int limit) {
    ExportSpec spec = ExportSpec.segment(workspaceId, LeadFilter.NONE, null, limit, false);
    List<CustomField> fields = customFields.list(workspaceId);
    return rows.export(
        spec,
        columns(spec, fields),
        fields,
        segment -> OutputStream.nullOutputStream(),
        FileLayout.ONE_FILE,
        ExportProgress.NONE);
  }

  /**
   * Writes the spec's rows to the sink for {@code surface} (the metrics' surface tag); returns how
   * many were written.
   */
  public long export(String surface, ExportSpec spec, Sink sink) {
    return export(surface, spec, sink, ExportProgress.NONE);
  }

  /** Writes the spec's rows to the sink, reporting progress; returns how many were written. */
  public long export(String surface, ExportSpec spec, Sink sink, ExportProgress progress) {
    return export(surface, spec, sink, FileLayout.ONE_FILE, progress);
  }

  /**
   * Writes the spec's rows to the sink in files laid out by {@code layout} (parts, a zip),
   * reporting progress; returns how many were written.
   */
  public long export(
      String surface, ExportSpec spec, Sink sink, FileLayout layout, ExportProgress progress) {
    List<CustomField> fields = customFields.list(spec.workspaceId());
    return rows.export(
        spec,
        columns(spec, fields),
        fields,
        sink,
        layout,
        metrics.routing(surface, spec.format(), progress));
  }
}
