package org.leadport.export.column;

/** What a column holds, which decides how each format writes it. */
public enum ColumnKind {
  /** Free text: formula-safe in CSV, a string cell in spreadsheets. */
  TEXT,
  /** A number: written plain, never escaped. */
  NUMBER,
  /**
   * A whole number (a count, an integer or bigint database column): written like {@link #NUMBER}
   * everywhere, and typed as a 64-bit integer where a format has integer types (Parquet).
   */
  INTEGER,
  /** A calendar date, ISO {@code 2026-02-18}. */
  DATE,
  /** An instant, ISO 8601 UTC. */
  DATETIME,
  /** true or false. */
  BOOLEAN
}
