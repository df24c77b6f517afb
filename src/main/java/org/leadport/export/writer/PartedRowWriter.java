package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;

/**
 * Splits rows into files ("parts") of at most {@code rowsPerPart} rows (or fewer, when {@link
 * Parts#full()} says a part is full), each a complete file of the format with its own header,
 * written one after the other through a fresh writer of the format (after Spring Batch's {@code
 * MultiResourceItemWriter}: this wrapper counts the rows and opens the next part). Takes COPY rows
 * when the format's writer does: COPY sends one row a message, so COPY rows are counted as they
 * come. Not thread-safe.
 */
public final class PartedRowWriter implements RowWriter {
  /** Where the parts go; closing a part's stream ends that part. */
  public interface Parts {
    /** The stream of part {@code n} (1, 2, …), opened when its first row (or its header) comes. */
    OutputStream open(int n) throws IOException;

    /** After the last part is closed: completes whatever holds the parts. */
    default void finish() throws IOException {}

    /**
     * Whether the current part is full by its own measure (its bytes, say), checked before each
     * row: a part that is full ends before the next row, so a part holds at least one row and ends
     * at the first row boundary after its limit. Never full by default.
     */
    default boolean full() {
      return false;
    }

    /** Part {@code n} is complete with {@code rows} rows; called just before its stream closes. */
    default void ended(int n, long rows) throws IOException {}
  }

  private final ExportFormat format;
  private final ExportOptions options;
  private final long rowsPerPart;
  private final Parts parts;
  private List<ExportColumn> columns = List.of();

  /** The current part's writer and stream: null before the first part and between parts. */
  private @Nullable RowWriter current;

  private @Nullable OutputStream currentOut;
  private int part;
  private long inPart;

  /**
   * @param rowsPerPart rows per part; 0 for one part however many rows come
   */
  public PartedRowWriter(
      ExportFormat format, ExportOptions options, long rowsPerPart, Parts parts) {
    if (rowsPerPart < 0) {
      throw new IllegalArgumentException("rowsPerPart must be 0 or more, was " + rowsPerPart);
    }
    this.format = format;
    this.options = options;
    this.rowsPerPart = rowsPerPart;
    this.parts = parts;
  }

  @Override
  public void begin(List<ExportColumn> cols) throws IOException {
    this.columns = List.copyOf(cols);
    next();
  }

  @Override
  public void row(String[] values) throws IOException {
    advance().row(values);
  }

  /** As the format's writer: every part is written by one. */
  @Override
  public boolean takesCopy() {
    return current().takesCopy();
  }

  @Override
  public void copyRow(byte[] row) throws IOException {
    advance().copyRow(row);
  }

  @Override
  public void finish() throws IOException {
    current().finish();
    parts.ended(part, inPart);
    closeCurrent();
    parts.finish();
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }

  /**
   * Counts the row about to be written, after starting the next part when this one is full.
   *
   * @return the writer of the row's part
   */
  private RowWriter advance() throws IOException {
    if ((inPart == rowsPerPart && rowsPerPart > 0) || (inPart > 0 && parts.full())) {
      current().finish();
      parts.ended(part, inPart);
      closeCurrent();
      next();
    }
    inPart++;
    return current();
  }

  private void next() throws IOException {
    part++;
    OutputStream o = parts.open(part);
    currentOut = o;
    RowWriter w = format.writer(o, options);
    current = w;
    w.begin(columns);
    inPart = 0;
  }

  /** The current part's writer; there is one from {@link #begin} until {@link #close}. */
  private RowWriter current() {
    RowWriter w = current;
    if (w == null) {
      throw new IllegalStateException("no part is open: begin() first, and not after close()");
    }
    return w;
  }

  /** Closes the current writer and its part's stream. */
  private void closeCurrent() throws IOException {
    if (current == null) {
      return;
    }
    RowWriter w = current;
    OutputStream o = currentOut;
    current = null;
    currentOut = null;
    try (o) {
      w.close();
    }
  }
}
