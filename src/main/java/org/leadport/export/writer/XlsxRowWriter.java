package org.leadport.export.writer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import org.dhatim.fastexcel.RichText;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
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
 * header and the first {@value SpreadsheetValues.ColumnWidths#SAMPLE} rows, capped.
 *
 * <p>Characters XML cannot carry (control characters other than tab, CR and LF; unpaired
 * surrogates) are written as OOXML's {@code _xHHHH_} escapes, which Excel and LibreOffice read back
 * as the character; a literal {@code _xHHHH_} in the text is escaped as {@code _x005F_xHHHH_} so
 * that it reads back unchanged. (fastexcel itself would drop such characters.)
 *
 * <p>fastexcel's ZIP writer (opczip) has 32-bit offsets, so a file must stay under 2 GiB ({@link
 * #MAX_BYTES}); a larger export fails with {@code too_large_for_xlsx} instead of producing a
 * corrupt file. The underlying stream is never closed (not even by {@link #finish()}).
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

  private final Output out;
  private final int rowsPerSheet;

  /** The workbook and its current sheet: from {@link #begin} on. */
  private @Nullable Workbook workbook;

  private @Nullable Worksheet sheet;
  private int sheets;

  /** The next row of the current sheet; 0 is the header. */
  private int next;

  private boolean sheetStarted;

  /** The first row not yet flushed, and per date column the rows since then that hold a date. */
  private int batchStart;

  private java.util.@Nullable BitSet[] dated = new java.util.BitSet[0];
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
    this.out = new Output(out, maxBytes);
    this.rowsPerSheet = rowsPerSheet;
  }

  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    if (columns.size() > MAX_COLUMNS) {
      throw new LeadportException(
          400,
          "too_many_columns_for_xlsx",
          "An XLSX export can have at most "
              + String.format(Locale.ROOT, "%,d", MAX_COLUMNS)
              + " columns; this one has "
              + String.format(Locale.ROOT, "%,d", columns.size())
              + ". Export fewer fields, or use CSV or JSON.");
    }
    headers = new String[columns.size()];
    kinds = new ColumnKind[columns.size()];
    dated = new java.util.BitSet[columns.size()];
    for (int i = 0; i < headers.length; i++) {
      headers[i] = columns.get(i).header();
      kinds[i] = columns.get(i).kind();
      if (kinds[i] == ColumnKind.DATE || kinds[i] == ColumnKind.DATETIME) {
        dated[i] = new java.util.BitSet(FLUSH_EVERY);
      }
    }
    widths = new SpreadsheetValues.ColumnWidths(columns);
    Workbook book = new Workbook(out, "Leadport", null);
    workbook = book;
    // Deflating the sheet XML is much of the writer's time: at the fastest level the writer does
    // 93,000 rows/s instead of 66,000 (bench/writers, 2026-12-02), for a somewhat larger file.
    book.setCompressionLevel(Deflater.BEST_SPEED);
    newSheet();
  }

  @Override
  public void row(String[] values) throws IOException {
    if (next > rowsPerSheet) {
      endSheet();
      newSheet();
    }
    widths.sample(values);
    int r = next++;
    for (int c = 0; c < values.length; c++) {
      if (values[c] != null) {
        cell(r, c, kinds[c], values[c]);
      }
    }
    if (next % FLUSH_EVERY == 0) {
      flush();
    }
  }

  @Override
  public void finish() throws IOException {
    endSheet();
    open(workbook).finish();
    out.flush();
  }

  private void newSheet() {
    Worksheet s = open(workbook).newWorksheet("Sheet" + ++sheets);
    sheet = s;
    sheetStarted = false;
    s.freezePane(0, 1);
    for (int c = 0; c < headers.length; c++) {
      text(0, c, headers[c]);
    }
    if (headers.length > 0) {
      s.range(0, 0, 0, headers.length - 1).style().bold().set();
    }
    next = 1;
    batchStart = 1;
  }

  /** {@code part} of the open workbook; none before {@link #begin}. */
  private static <T> T open(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("the workbook is not open: begin() first");
    }
    return part;
  }

  /** Writes the rows held so far; the sheet's column widths are fixed by its first flush. */
  private void flush() throws IOException {
    start();
    styleDates();
    open(sheet).flush();
  }

  private void endSheet() throws IOException {
    start();
    styleDates();
    Worksheet s = open(sheet);
    s.finish();
    release(s);
  }

  /**
   * fastexcel keeps a finished sheet (the workbook lists it) with its emptied row list, whose
   * capacity is one slot per row the sheet had: about 5 MB for a full sheet, for as long as the
   * workbook is written. Trimming it keeps the heap flat across sheets. Best effort: should a later
   * fastexcel rename the field, the slots merely stay.
   */
  private static void release(Worksheet finished) {
    try {
      java.lang.reflect.Field rows = Worksheet.class.getDeclaredField("rows");
      rows.setAccessible(true);
      if (rows.get(finished) instanceof java.util.ArrayList<?> list && list.isEmpty()) {
        list.trimToSize();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Leave the slots; see above.
    }
  }

  private void start() {
    if (!sheetStarted) {
      for (int c = 0; c < headers.length; c++) {
        open(sheet).width(c, widths.width(c));
      }
      sheetStarted = true;
    }
  }

  private void cell(int r, int c, ColumnKind kind, String value) {
    switch (kind) {
      case NUMBER -> {
        BigDecimal n = SpreadsheetValues.number(value);
        if (n != null) {
          open(sheet).value(r, c, n);
          return;
        }
      }
      case DATE -> {
        if (date(r, c, SpreadsheetValues.date(value))) {
          return;
        }
      }
      case DATETIME -> {
        if (date(r, c, SpreadsheetValues.dateTime(value))) {
          return;
        }
      }
      case BOOLEAN -> {
        Boolean b = SpreadsheetValues.bool(value);
        if (b != null) {
          open(sheet).value(r, c, b);
          return;
        }
      }
      case TEXT -> {}
    }
    text(r, c, value);
  }

  private boolean date(int r, int c, @Nullable Double serial) {
    if (serial == null) {
      return false;
    }
    open(sheet).value(r, c, serial);
    java.util.BitSet rows = dated[c];
    if (rows != null) {
      rows.set(r - batchStart);
    }
    return true;
  }

  /**
   * Gives the date cells of the rows about to be flushed their date format, one range per run of
   * dated rows: fastexcel's style setter costs as much per call as writing a whole row, so one call
   * per cell would halve the export's speed.
   */
  private void styleDates() {
    for (int c = 0; c < dated.length; c++) {
      java.util.BitSet rows = dated[c];
      if (rows == null) {
        continue;
      }
      String format =
          kinds[c] == ColumnKind.DATE
              ? SpreadsheetValues.DATE_FORMAT
              : SpreadsheetValues.DATETIME_FORMAT;
      for (int from = rows.nextSetBit(0); from >= 0; ) {
        int to = rows.nextClearBit(from);
        open(sheet)
            .range(batchStart + from, c, batchStart + to - 1, c)
            .style()
            .format(format)
            .set();
        from = rows.nextSetBit(to);
      }
      rows.clear();
    }
    batchStart = next;
  }

  /** An inline string cell: never a formula, never in the shared-string table (which grows). */
  private void text(int r, int c, String value) {
    String v = escape(SpreadsheetValues.text(value));
    if (!v.isEmpty()
        && (Character.isWhitespace(v.charAt(0))
            || Character.isWhitespace(v.charAt(v.length() - 1)))) {
      // Only a run's text carries xml:space="preserve", which keeps outer blanks in Excel.
      open(sheet).inlineString(r, c, RichText.builder().run(v).end().build());
    } else {
      open(sheet).inlineString(r, c, v);
    }
  }

  /**
   * The text with what XML 1.0 cannot hold written as OOXML {@code _xHHHH_} escapes, and a literal
   * {@code _xHHHH_} protected as {@code _x005F_xHHHH_}.
   */
  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String escape =
          !xmlChar(cp)
              ? String.format(Locale.ROOT, "_x%04X_", cp)
              : cp == '_' && escapeLike(s, i) ? "_x005F_" : null;
      if (escape != null) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(escape);
      } else if (sb != null) {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb == null ? s : sb.toString();
  }

  private static boolean xmlChar(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** Whether {@code _xHHHH_} starts at {@code i}. */
  private static boolean escapeLike(String s, int i) {
    if (i + 7 > s.length() || s.charAt(i + 1) != 'x' || s.charAt(i + 6) != '_') {
      return false;
    }
    for (int k = i + 2; k < i + 6; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The caller's stream, never closed, counting bytes against the ZIP writer's limit. */
  private static final class Output extends FilterOutputStream {
    private final long max;
    private long written;

    Output(OutputStream out, long max) {
      super(out);
      this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
      count(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count(len);
      out.write(b, off, len);
    }

    private void count(int n) {
      written += n;
      if (written > max) {
        throw new LeadportException(
            400,
            "too_large_for_xlsx",
            "An XLSX export can be at most "
                + String.format(Locale.ROOT, "%,d", max)
                + " bytes; this one is larger. Export fewer rows, or use CSV or JSON.");
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
