package org.leadport.export;

import java.io.IOException;
import java.util.List;

/**
 * Writes exported rows in one format. Called as {@code begin}, then {@code row} for each row (the
 * array is reused between calls), then {@code finish}. Not thread-safe; one per export.
 */
public interface RowWriter extends AutoCloseable {
  void begin(List<ExportColumn> columns) throws IOException;

  /** One row: a text value (or null) per column, in column order. */
  void row(String[] values) throws IOException;

  /** Completes the output (footers, flush); the underlying stream stays open. */
  void finish() throws IOException;

  @Override
  default void close() throws IOException {}
}
