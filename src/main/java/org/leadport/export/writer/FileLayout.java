package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.sink.Segment;

/**
 * How an export's rows become files on its sink's stream: which writer they go through, and so
 * (through {@link RowWriter#takesCopy()}) which route reads them. {@link #ONE_FILE} writes one file
 * of the format; a layout that splits wraps the format's writers in a {@link PartedRowWriter}.
 * Asked once per export, after the sink is open.
 */
@FunctionalInterface
public interface FileLayout {
  /** One file of the export's format, its writer over the sink's stream. */
  FileLayout ONE_FILE = (format, options, segment, out) -> format.writer(out, options);

  /**
   * The writer of an export planned as {@code segment} over the sink's stream {@code out}; closing
   * the writer leaves {@code out} open.
   */
  RowWriter writer(ExportFormat format, ExportOptions options, Segment segment, OutputStream out)
      throws IOException;

  /**
   * The writer of an export of nested documents (a lead export's JSON superset) over the sink's
   * stream {@code out}, of {@code shape} for a format of typed columns ({@link
   * ExportFormat#documentWriter(OutputStream, List)}): one file of the format unless the layout
   * splits (a {@link PartedDocumentWriter}); closing it leaves {@code out} open.
   */
  default DocumentWriter documentWriter(
      ExportFormat format, List<DocumentField> shape, Segment segment, OutputStream out)
      throws IOException {
    return format.documentWriter(out, shape);
  }
}
