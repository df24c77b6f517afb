package org.leadport.export.writer;

/**
 * How an export's rows are read from PostgreSQL, which the writer decides (see {@link
 * RowWriter#takesCopy()}).
 */
public enum ExportRoute {
  /** {@code COPY (<statement>) TO STDOUT (FORMAT csv)}: PostgreSQL formats the rows (CSV). */
  COPY,
  /** A cursor over the statement, each value decoded into a string (JSON and spreadsheet rows). */
  CURSOR,
  /** Lead rows by cursor, their children loaded in batches: nested lead documents. */
  DOCUMENTS
}
