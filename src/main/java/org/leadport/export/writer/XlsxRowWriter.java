package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * XLSX (Office Open XML) exports through fastexcel, streamed: rows are flushed to the output every
 * {@value #FLUSH_EVERY} rows, so the heap stays flat whatever the row count: what grows is one
 * empty list slot (4 bytes) per row of the current sheet, at most about 5 MB, released when the
 * sheet is done (measured with {@code XlsHeapHarness xlsx}: 2.2 million rows in three sheets
 * complete in a 32 MB heap). Text is never a formula: every text value is an inline string cell
 * with its exact text (PRODUCT §5), even {@code =SUM(A1)}. Numbers, dates, date-times and booleans
 * are typed cells by the rules of {@link SpreadsheetValues}; a value that does not fit its type is
 * written as text, and a text longer than a cell holds (32,767 characters) is cut with a visible
 * marker.
 *
 * <p>Each sheet ({@code Sheet1}, {@code Sheet2}, …) starts with a bold header row that is frozen,
 * and holds at most {@code rowsPerSheet} data rows ({@link #MAX_ROWS_PER_SHEET} for Excel's
 * 1,048,576 rows with the header); the next row starts the next sheet. Column widths come from the
 * header and the first {@value SpreadsheetValues.ColumnWidths#SAMPLE} rows, capped. One sheet's
 * cells are written by {@link XlsxSheet}.
 *
 * <p>Characters XML cannot carry (control characters other than tab, CR and LF; unpaired
 * surrogates) are written as OOXML's {@code _xHHHH_} escapes, which Excel and LibreOffice read back
 * as the character; a literal {@code _xHHHH_} in the text is escaped as {@code _x005F_xHHHH_} so
 * that it reads back unchanged ({@link XlsxText}). (fastexcel itself would drop such characters.)
 *
 * <p>fastexcel's ZIP writer (opczip) has 32-bit offsets, so a file must stay under 2 GiB ({@link
 * #MAX_BYTES}); a larger export fails with {@code too_large_for_xlsx} instead of producing a
 * corrupt file ({@link XlsxOutput}). The underlying stream is never closed (not even by {@link
 * #finish()}).
 *
 * <p>Not thread-safe; one per export, used by one thread. fastexcel starts no threads (compression
 * runs on the caller's thread in {@link #row} and {@link #finish}), and separate writers share
 * nothing, except fastexcel's JVM-wide default font, which Leadport never changes ({@code
 * Workbook.setGlobalDefaultFont} must not be called anywhere in the process).
 */
public final class XlsxRowWriter implements RowWriter {
  /** Excel's 1,048,576 rows per sheet, less the header row. */
  public static final int MAX_ROWS_PER_SHEET = Worksheet.MAX_ROWS - 1;

  /** Excel's columns per sheet. */
  public static final int MAX_COLUMNS = Worksheet.MAX_COLS;

  /** The largest file fastexcel's ZIP writer gets right: 2 GiB less one byte. */
  public static final long MAX_BYTES = Integer.MAX_VALUE;

  /** Rows held in memory before they are written out. */
  static final int FLUSH_EVERY = 1_000;

  private final XlsxOutput out;
  private final int rowsPerSheet;

  /** The workbook and its current sheet: from {@link #begin} on. */
  private @Nullable Workbook workbook;

  private @Nullable XlsxSheet sheet;
  private int sheets;
  private String[] headers = new String[0];
  private ColumnKind[] kinds = new ColumnKind[0];
  private SpreadsheetValues.ColumnWidths widths = new SpreadsheetValues.ColumnWidths(List.of());

  /**
   * @param rowsPerSheet data rows per sheet, at most {@link #MAX_ROWS_PER_SHEET}
   */
  public XlsxRowWriter(OutputStream out, int rowsPerSheet) {
    this(out, rowsPerSheet, MAX_BYTES);
  }

  /** With a smaller byte limit, for tests of the limit. */
  XlsxRowWriter(OutputStream out, int rowsPerSheet, long maxBytes) {
    if (rowsPerSheet < 1 || rowsPerSheet > MAX_ROWS_PER_SHEET) {
      throw new IllegalArgumentException(
          "rowsPerSheet must be 1 to " + MAX_ROWS_PER_SHEET + ", was " + rowsPerSheet);
    }
    this.out = new XlsxOutput(out, maxBytes);
    this.rowsPerSheet = rowsPerSheet;
  }

  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    headers = SpreadsheetValues.headers(columns, MAX_COLUMNS, "XLSX", "CSV or JSON");
    kinds = SpreadsheetValues.kinds(columns);
    widths = new SpreadsheetValues.ColumnWidths(columns);
    Workbook book = new Workbook(out, "Leadport", null);
    workbook = book;
    // Deflating the sheet XML is much of the writer's time: at the fastest level the writer does
    // 93,000 rows/s instead of 66,000 (bench/writers, 2026-12-02), for a somewhat larger file.
    book.setCompressionLevel(Deflater.BEST_SPEED);
    sheet = newSheet(book);
  }

  @Override
  public void row(String[] values) throws IOException {
    XlsxSheet s = SpreadsheetValues.open(sheet);
    if (s.rows() >= rowsPerSheet) {
      s.finish();
      s = newSheet(SpreadsheetValues.open(workbook));
      sheet = s;
    }
    widths.sample(values);
    s.row(values);
  }

  @Override
  public void finish() throws IOException {
    SpreadsheetValues.open(sheet).finish();
    SpreadsheetValues.open(workbook).finish();
    out.flush();
  }

  private XlsxSheet newSheet(Workbook book) {
    return new XlsxSheet(book.newWorksheet("Sheet" + ++sheets), headers, kinds, widths);
  }
}
