package org.leadport.export.writer;

import java.io.IOException;
import java.util.List;
import org.leadport.export.column.ExportColumn;

/**
 * Writes exported rows in one format. Called as {@code begin}, then {@code row} (or {@code
 * copyRow}) for each row, then {@code finish}. The writer picks the route its rows are read by: one
 * that {@link #takesCopy() takes COPY} gets PostgreSQL's own CSV of the rows, any other the values
 * of a cursor. Not thread-safe; one per export.
 */
public interface RowWriter extends AutoCloseable {
  void begin(List<ExportColumn> columns) throws IOException;

  /** One row: a text value (or null) per column, in column order; the array is reused. */
  void row(String[] values) throws IOException;

  /**
   * Whether this writer takes its rows as {@link #copyRow COPY rows}: the rows are then read with
   * {@code COPY (<the export's statement>) TO STDOUT (FORMAT csv)} instead of a cursor. Asked once,
   * after {@link #begin}.
   */
  default boolean takesCopy() {
    return false;
  }

  /**
   * One row as PostgreSQL's {@code COPY ... TO STDOUT (FORMAT csv)} sent it: its fields, every
   * value formatted by PostgreSQL as text, and the LF that ends it. Only when {@link #takesCopy()}.
   */
  default void copyRow(byte[] row) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no COPY rows");
  }

  /** Completes the output (footers, flush); the underlying stream stays open. */
  void finish() throws IOException;

  @Override
  default void close() throws IOException {}
}
