package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Splits rows into several files of at most {@code rowsPerPart} rows, each a complete file of the
 * format with its own header (HubSpot's exports over a million rows). Not thread-safe.
 */
final class PartedRowWriter implements RowWriter {
  private final ExportFormat format;
  private final ExportOptions options;
  private final long rowsPerPart;
  private final Sink sink;
  private List<ExportColumn> columns;
  private RowWriter current;
  private OutputStream currentOut;
  private int part = 1;
  private long inPart;

  /**
   * @param first the stream of the first part, which the caller owns
   */
  PartedRowWriter(
      ExportFormat format, ExportOptions options, long rowsPerPart, OutputStream first, Sink sink) {
    if (rowsPerPart < 1) {
      throw new IllegalArgumentException("rowsPerPart must be at least 1, was " + rowsPerPart);
    }
    this.format = format;
    this.options = options;
    this.rowsPerPart = rowsPerPart;
    this.sink = sink;
    this.current = format.writer(first, options);
  }

  @Override
  public void begin(List<ExportColumn> cols) throws IOException {
    this.columns = cols;
    current.begin(cols);
  }

  @Override
  public void row(String[] values) throws IOException {
    if (inPart == rowsPerPart) {
      current.finish();
      closeCurrent();
      part++;
      currentOut = sink.openPart(part);
      current = format.writer(currentOut, options);
      current.begin(columns);
      inPart = 0;
    }
    current.row(values);
    inPart++;
  }

  @Override
  public void finish() throws IOException {
    current.finish();
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }

  /** Closes the current writer, and its stream unless it is the caller's first one. */
  private void closeCurrent() throws IOException {
    current.close();
    if (currentOut != null) {
      currentOut.close();
      currentOut = null;
    }
  }
}
