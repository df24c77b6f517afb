package org.leadport.export.writer;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hpsf.DocumentSummaryInformation;
import org.apache.poi.hpsf.PropertySet;
import org.apache.poi.hpsf.Section;
import org.apache.poi.hpsf.SummaryInformation;
import org.apache.poi.hpsf.WritingNotSupportedException;
import org.apache.poi.hssf.usermodel.HSSFCell;
import org.apache.poi.hssf.usermodel.HSSFCellStyle;
import org.apache.poi.hssf.usermodel.HSSFFont;
import org.apache.poi.hssf.usermodel.HSSFRow;
import org.apache.poi.hssf.usermodel.HSSFSheet;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.util.CodePageUtil;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * XLS (Excel 97–2003, BIFF8) exports through Apache POI's HSSF. Text is always a string cell with
 * its exact text, never a formula (PRODUCT §5); numbers, dates, date-times and booleans are typed
 * cells by the rules of {@link SpreadsheetValues}, and a value that does not fit its type is
 * written as text. The three cell styles (bold header, date, date-time) are made once per workbook,
 * far below HSSF's 4,000.
 *
 * <p>Each sheet ({@code Sheet1}, {@code Sheet2}, …) starts with a bold, frozen header row and holds
 * at most {@code rowsPerSheet} data rows ({@link #MAX_ROWS_PER_SHEET} for the format's 65,536 rows
 * with the header). At most {@link #MAX_COLUMNS} columns. A text longer than a cell holds (32,767
 * characters) is cut with a visible marker, as {@link SpreadsheetValues} describes.
 *
 * <p>HSSF builds the whole workbook in memory and writes it out in {@link #finish()}, so an export
 * holds at most {@link #MAX_ROWS} rows: see there for the measurement behind it. The surfaces
 * refuse larger exports before they start; the writer refuses the row past the limit as a backstop.
 * The underlying stream is never closed.
 *
 * <p>Not thread-safe; one per export. POI starts no threads.
 */
public final class XlsRowWriter implements RowWriter {
  /** The format's 65,536 rows per sheet, less the header row. */
  public static final int MAX_ROWS_PER_SHEET = 65_535;

  /** The format's columns per sheet. */
  public static final int MAX_COLUMNS = 256;

  /**
   * Rows one XLS export may hold. HSSF keeps every cell as objects until the file is written: on
   * typical 25-column lead rows ({@code XlsHeapHarness} in src/test) that is about 3.6 KB a row,
   * and the smallest heap a whole export (rows and writing out) completes in is 95 MB at 20,000
   * rows, 133 MB at 30,000 and 213 MB at 50,000 (about 4 KB a row over a 13 MB JVM floor). Two
   * exports at once, as the default two job threads run them, need 181 MB at 20,000 rows each and
   * 258 MB at 30,000. At 20,000 both fit in a 256 MB heap beside the server's own live set (about
   * 15 MB idle) and its fetch buffers. Rows with long texts take more.
   */
  public static final int MAX_ROWS = 20_000;

  private final OutputStream out;
  private final int rowsPerSheet;
  private final int maxRows;

  /** The workbook, its current sheet and styles: from {@link #begin} until {@link #close}. */
  private @Nullable HSSFWorkbook workbook;

  private final List<HSSFSheet> sheets = new ArrayList<>();
  private @Nullable HSSFSheet sheet;
  private @Nullable HSSFCellStyle headerStyle;
  private @Nullable HSSFCellStyle dateStyle;
  private @Nullable HSSFCellStyle dateTimeStyle;
  private String[] headers = new String[0];
  private ColumnKind[] kinds = new ColumnKind[0];
  private SpreadsheetValues.ColumnWidths widths = new SpreadsheetValues.ColumnWidths(List.of());
  private long rows;

  /** The next row of the current sheet; 0 is the header. */
  private int next;

  /**
   * @param rowsPerSheet data rows per sheet, at most {@link #MAX_ROWS_PER_SHEET}
   */
  public XlsRowWriter(OutputStream out, int rowsPerSheet) {
    this(out, rowsPerSheet, MAX_ROWS);
  }

  /** With another row limit, for tests of the limit. */
  XlsRowWriter(OutputStream out, int rowsPerSheet, int maxRows) {
    if (rowsPerSheet < 1 || rowsPerSheet > MAX_ROWS_PER_SHEET) {
      throw new IllegalArgumentException(
          "rowsPerSheet must be 1 to " + MAX_ROWS_PER_SHEET + ", was " + rowsPerSheet);
    }
    this.out = out;
    this.rowsPerSheet = rowsPerSheet;
    this.maxRows = maxRows;
  }

  /**
   * The error for an export of more than {@link #MAX_ROWS} rows, for surfaces that count the rows
   * before they start: {@code An XLS export can hold at most 20,000 rows; export fewer rows, or use
   * XLSX or CSV.}
   */
  public static LeadportException tooManyRows() {
    return tooManyRows(MAX_ROWS);
  }

  static LeadportException tooManyRows(int maxRows) {
    return new LeadportException(
        400,
        "too_many_rows_for_xls",
        "An XLS export can hold at most "
            + String.format(Locale.ROOT, "%,d", maxRows)
            + " rows; export fewer rows, or use XLSX or CSV.");
  }

  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    headers = SpreadsheetValues.headers(columns, MAX_COLUMNS, "XLS", "XLSX");
    kinds = SpreadsheetValues.kinds(columns);
    widths = new SpreadsheetValues.ColumnWidths(columns);
    workbook = new HSSFWorkbook();
    // The summary streams Excel writes too, with their code page: without either POI logs a
    // warning on every write.
    workbook.createInformationProperties();
    workbook.getSummaryInformation().setApplicationName("Leadport");
    for (PropertySet set :
        List.of(workbook.getSummaryInformation(), workbook.getDocumentSummaryInformation())) {
      for (Section section : set.getSections()) {
        section.setCodepage(CodePageUtil.CP_UNICODE);
      }
    }
    HSSFFont bold = workbook.createFont();
    bold.setBold(true);
    headerStyle = workbook.createCellStyle();
    headerStyle.setFont(bold);
    dateStyle = workbook.createCellStyle();
    dateStyle.setDataFormat(workbook.createDataFormat().getFormat(SpreadsheetValues.DATE_FORMAT));
    dateTimeStyle = workbook.createCellStyle();
    dateTimeStyle.setDataFormat(
        workbook.createDataFormat().getFormat(SpreadsheetValues.DATETIME_FORMAT));
    newSheet();
  }

  @Override
  public void row(String[] values) throws IOException {
    if (rows >= maxRows) {
      throw tooManyRows(maxRows);
    }
    rows++;
    if (next > rowsPerSheet) {
      newSheet();
    }
    widths.sample(values);
    HSSFRow row = SpreadsheetValues.open(sheet).createRow(next++);
    for (int c = 0; c < values.length; c++) {
      if (values[c] != null) {
        cell(row.createCell(c), kinds[c], values[c]);
      }
    }
  }

  @Override
  public void finish() throws IOException {
    for (HSSFSheet s : sheets) {
      for (int c = 0; c < headers.length; c++) {
        s.setColumnWidth(c, widths.width(c) * 256);
      }
    }
    // What HSSFWorkbook.write does, with a lower peak: the workbook is let go as soon as its
    // records are serialised, before the OLE2 container copies them.
    HSSFWorkbook book = SpreadsheetValues.open(workbook);
    SummaryInformation summary = book.getSummaryInformation();
    DocumentSummaryInformation document = book.getDocumentSummaryInformation();
    byte[] records = book.getBytes();
    close();
    try (POIFSFileSystem container = new POIFSFileSystem()) {
      container.createDocument(new ByteArrayInputStream(records), "Workbook");
      records = null;
      try {
        summary.write(container.getRoot(), SummaryInformation.DEFAULT_STREAM_NAME);
        document.write(container.getRoot(), DocumentSummaryInformation.DEFAULT_STREAM_NAME);
      } catch (WritingNotSupportedException e) {
        throw new IOException(e);
      }
      // POIFS leaves the stream open; the shield makes sure of it.
      container.writeFilesystem(
          new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              flush();
            }
          });
    }
    out.flush();
  }

  /** Lets go of the workbook, so its memory is free even when the export failed half way. */
  @Override
  public void close() throws IOException {
    if (workbook != null) {
      workbook.close();
      workbook = null;
      sheet = null;
      sheets.clear();
      headerStyle = null;
      dateStyle = null;
      dateTimeStyle = null;
    }
  }

  private void newSheet() {
    HSSFSheet s = SpreadsheetValues.open(workbook).createSheet("Sheet" + (sheets.size() + 1));
    sheet = s;
    sheets.add(s);
    s.createFreezePane(0, 1);
    HSSFRow row = s.createRow(0);
    for (int c = 0; c < headers.length; c++) {
      HSSFCell cell = row.createCell(c);
      cell.setCellValue(SpreadsheetValues.text(headers[c]));
      cell.setCellStyle(headerStyle);
    }
    next = 1;
  }

  private void cell(HSSFCell cell, ColumnKind kind, String value) {
    switch (kind) {
      case NUMBER, INTEGER, DECIMAL -> {
        BigDecimal n = SpreadsheetValues.number(value);
        if (n != null) {
          cell.setCellValue(n.doubleValue());
          return;
        }
      }
      case DATE -> {
        if (date(cell, SpreadsheetValues.date(value), dateStyle)) {
          return;
        }
      }
      case DATETIME -> {
        if (date(cell, SpreadsheetValues.dateTime(value), dateTimeStyle)) {
          return;
        }
      }
      case BOOLEAN -> {
        Boolean b = SpreadsheetValues.bool(value);
        if (b != null) {
          cell.setCellValue(b);
          return;
        }
      }
      case TEXT -> {}
    }
    cell.setCellValue(SpreadsheetValues.text(value));
  }

  private static boolean date(
      HSSFCell cell, @Nullable Double serial, @Nullable HSSFCellStyle style) {
    if (serial == null) {
      return false;
    }
    cell.setCellValue(serial.doubleValue());
    cell.setCellStyle(style);
    return true;
  }
}
