package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
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
}
