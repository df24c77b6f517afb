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
  /**
   * An exact amount of money with two decimals: minor units (cents) shown scaled, such as HubSpot's
   * {@code amount} ({@code value} 1234 is {@code 12.34}). Written like {@link #NUMBER} everywhere,
   * and typed as {@code DECIMAL(19, 2)} where a format has decimals (Parquet): a double would round
   * amounts, and 19 digits hold every bigint of cents.
   */
  DECIMAL,
  /** A calendar date, ISO {@code 2026-02-18}. */
  DATE,
  /** An instant, ISO 8601 UTC. */
  DATETIME,
  /** true or false. */
  BOOLEAN;

  /** The decimals of a {@link #DECIMAL}: money in minor units of a hundredth. */
  public static final int DECIMAL_SCALE = 2;

  /** The significant digits of a {@link #DECIMAL}: every bigint of minor units. */
  public static final int DECIMAL_PRECISION = 19;
}
