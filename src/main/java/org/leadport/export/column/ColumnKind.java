package org.leadport.export.column;

/** What a column holds, which decides how each format writes it. */
public enum ColumnKind {
  /** Free text: formula-safe in CSV, a string cell in spreadsheets. */
  TEXT,
  /** A number: written plain, never escaped. */
  NUMBER,
  /** A calendar date, ISO {@code 2026-02-18}. */
  DATE,
  /** An instant, ISO 8601 UTC. */
  DATETIME,
  /** true or false. */
  BOOLEAN
}
