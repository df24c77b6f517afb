package org.leadport.jobs;

/**
 * When an async export is published as parts (docs/parts.md): a part ends once it holds {@code
 * rows} rows or, at the next row, once its writer has written {@code bytes} bytes, whichever comes
 * first. A part's size is only known while it is written, so a part may pass {@code bytes} by the
 * rest of one row (or, for Parquet, of one row group).
 *
 * @param rows rows per part ({@code LEADPORT_PART_ROWS}, 1,000,000)
 * @param bytes bytes per part, as the format's writer writes them before any content encoding
 *     ({@code LEADPORT_PART_BYTES}, 1 GiB)
 */
public record PartLimits(long rows, long bytes) {
  /** The defaults: 1,000,000 rows or 1 GiB. */
  public static final PartLimits DEFAULTS = new PartLimits(1_000_000, 1L << 30);

  public PartLimits {
    if (rows < 1 || bytes < 1) {
      throw new IllegalArgumentException(
          "LEADPORT_PART_ROWS and LEADPORT_PART_BYTES must be positive, were "
              + rows
              + ", "
              + bytes);
    }
  }
}
