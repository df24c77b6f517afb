package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.hssf.usermodel.HSSFCell;
import org.apache.poi.hssf.usermodel.HSSFRow;
import org.apache.poi.hssf.usermodel.HSSFSheet;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.PaneInformation;
import org.junit.jupiter.api.Test;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;

/**
 * Writes workbooks with {@link XlsRowWriter} and reads them back from their bytes with POI's {@link
 * HSSFWorkbook} reader, cell by cell.
 */
class XlsRowWriterTest {
  private static final List<ExportColumn> TYPED =
      List.of(
          ExportColumn.of("name", ColumnKind.TEXT, "x"),
          ExportColumn.of("amount", ColumnKind.NUMBER, "x"),
          ExportColumn.of("day", ColumnKind.DATE, "x"),
          ExportColumn.of("at", ColumnKind.DATETIME, "x"),
          ExportColumn.of("flag", ColumnKind.BOOLEAN, "x"));

  private static final List<ExportColumn> ONE_TEXT =
      List.of(ExportColumn.of("text", ColumnKind.TEXT, "x"));

  private static byte[] write(int rowsPerSheet, List<ExportColumn> columns, String[]... rows)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RowWriter w = new XlsRowWriter(out, rowsPerSheet)) {
      w.begin(columns);
      for (String[] row : rows) {
        w.row(row.clone());
      }
      w.finish();
    }
    return out.toByteArray();
  }

  private static byte[] write(List<ExportColumn> columns, String[]... rows) throws IOException {
    return write(XlsRowWriter.MAX_ROWS_PER_SHEET, columns, rows);
  }

  private static HSSFWorkbook read(byte[] xls) throws IOException {
    return new HSSFWorkbook(new ByteArrayInputStream(xls));
  }

  /** The cell at 0-based row {@code r} (0 is the header) and column {@code c} of sheet 0. */
  private static HSSFCell cell(HSSFWorkbook wb, int r, int c) {
    HSSFRow row = wb.getSheetAt(0).getRow(r);
    return row == null ? null : row.getCell(c);
  }

  private static double serial(LocalDateTime t) {
    long micros = ChronoUnit.MICROS.between(LocalDateTime.of(1899, 12, 30, 0, 0), t);
    return micros / 86_400_000_000.0;
  }

  @Test
  void writesTypedCells() throws IOException {
    try (HSSFWorkbook wb =
        read(
            write(
                TYPED,
                new String[] {"Acme", "-42", "2026-02-18", "2026-02-18T13:04:05.123456Z", "true"},
                new String[] {
                  "=SUM(A1)", "12.50", "2000-01-01", "2026-02-18T13:04:05+02:00", "false"
                }))) {
      assertThat(cell(wb, 1, 0).getCellType()).isEqualTo(CellType.STRING);
      assertThat(cell(wb, 1, 0).getStringCellValue()).isEqualTo("Acme");

      assertThat(cell(wb, 1, 1).getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(cell(wb, 1, 1).getNumericCellValue()).isEqualTo(-42.0);
      assertThat(DateUtil.isCellDateFormatted(cell(wb, 1, 1))).isFalse();
      assertThat(cell(wb, 2, 1).getNumericCellValue()).isEqualTo(12.5);

      HSSFCell day = cell(wb, 1, 2);
      assertThat(day.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(DateUtil.isCellDateFormatted(day)).isTrue();
      assertThat(day.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
      assertThat(day.getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2026, 2, 18, 0, 0));
      assertThat(cell(wb, 2, 2).getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));

      HSSFCell at = cell(wb, 1, 3);
      assertThat(at.getCellType()).isEqualTo(CellType.NUMERIC);
      assertThat(DateUtil.isCellDateFormatted(at)).isTrue();
      assertThat(at.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
      assertThat(at.getNumericCellValue())
          .isCloseTo(
              serial(LocalDateTime.of(2026, 2, 18, 13, 4, 5, 123_456_000)),
              org.assertj.core.data.Offset.offset(1e-11));
      assertThat(at.getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(2026, 2, 18, 13, 4, 5, 123_000_000));
      // In UTC.
      assertThat(cell(wb, 2, 3).getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(2026, 2, 18, 11, 4, 5));

      assertThat(cell(wb, 1, 4).getCellType()).isEqualTo(CellType.BOOLEAN);
      assertThat(cell(wb, 1, 4).getBooleanCellValue()).isTrue();
      assertThat(cell(wb, 2, 4).getBooleanCellValue()).isFalse();

      assertThat(cell(wb, 2, 0).getCellType()).isEqualTo(CellType.STRING);
      assertThat(cell(wb, 2, 0).getStringCellValue()).isEqualTo("=SUM(A1)");
    }
  }

  @Test
  void nullsAreEmptyCells() throws IOException {
    try (HSSFWorkbook wb =
        read(
            write(
                TYPED,
                new String[] {null, null, null, null, null},
                new String[] {"x", null, null, null, "true"}))) {
      for (int c = 0; c < 5; c++) {
        assertThat(cell(wb, 1, c)).as("column %d", c).isNull();
      }
      assertThat(cell(wb, 2, 0).getStringCellValue()).isEqualTo("x");
      assertThat(cell(wb, 2, 2)).isNull();
      assertThat(cell(wb, 2, 4).getBooleanCellValue()).isTrue();
    }
  }

  @Test
  void formulaLookingTextsStayExactStrings() throws IOException {
    String[] texts = {
      "=SUM(A1)",
      "=HYPERLINK(\"http://evil.example\",\"click\")",
      "+1 555 0100",
      "-42",
      "@SUM(A1:A2)",
      "\t=1+1",
      "\uFF1D1+1",
      "=cmd|' /C calc'!A0"
    };
    String[][] rows = new String[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      rows[i] = new String[] {texts[i]};
    }
    try (HSSFWorkbook wb = read(write(ONE_TEXT, rows))) {
      for (int i = 0; i < texts.length; i++) {
        HSSFCell cell = cell(wb, i + 1, 0);
        assertThat(cell.getCellType()).as(texts[i]).isEqualTo(CellType.STRING);
        assertThat(cell.getStringCellValue()).isEqualTo(texts[i]);
      }
    }
  }

  @Test
  void numbersKeepTheirValueOrStayTextBeyondFifteenDigits() throws IOException {
    List<ExportColumn> number = List.of(ExportColumn.of("n", ColumnKind.NUMBER, "x"));
    String[] numeric = {"-42", "12.50", "0", "0.1", "123456789012345", "1e+20", "-9.99e307"};
    String[] text = {"9007199254740993", "1234567890123456", "NaN", "1e400", "twelve"};
    List<String[]> rows = new ArrayList<>();
    for (String v : numeric) {
      rows.add(new String[] {v});
    }
    for (String v : text) {
      rows.add(new String[] {v});
    }
    try (HSSFWorkbook wb = read(write(number, rows.toArray(String[][]::new)))) {
      for (int i = 0; i < numeric.length; i++) {
        HSSFCell cell = cell(wb, i + 1, 0);
        assertThat(cell.getCellType()).as(numeric[i]).isEqualTo(CellType.NUMERIC);
        assertThat(cell.getNumericCellValue()).isEqualTo(Double.parseDouble(numeric[i]));
      }
      for (int i = 0; i < text.length; i++) {
        HSSFCell cell = cell(wb, numeric.length + i + 1, 0);
        assertThat(cell.getCellType()).as(text[i]).isEqualTo(CellType.STRING);
        assertThat(cell.getStringCellValue()).isEqualTo(text[i]);
      }
    }
  }

  @Test
  void datesOutsideExcelsCalendarStayText() throws IOException {
    try (HSSFWorkbook wb =
        read(
            write(
                TYPED,
                new String[] {null, null, "1899-12-31", "0001-01-01T00:00:00.000000Z", "yes"},
                new String[] {null, null, "1900-03-01", "1900-02-28T12:00:00Z", null}))) {
      assertThat(cell(wb, 1, 2).getStringCellValue()).isEqualTo("1899-12-31");
      assertThat(cell(wb, 1, 3).getStringCellValue()).isEqualTo("0001-01-01T00:00:00.000000Z");
      assertThat(cell(wb, 1, 4).getStringCellValue()).isEqualTo("yes");
      assertThat(cell(wb, 2, 2).getNumericCellValue()).isEqualTo(61.0);
      assertThat(cell(wb, 2, 2).getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(1900, 3, 1, 0, 0));
      assertThat(cell(wb, 2, 3).getNumericCellValue()).isEqualTo(59.5);
      assertThat(cell(wb, 2, 3).getLocalDateTimeCellValue())
          .isEqualTo(LocalDateTime.of(1900, 2, 28, 12, 0));
    }
  }

  @Test
  void headerIsBoldAndFrozenAndColumnsSized() throws IOException {
    try (HSSFWorkbook wb =
        read(write(TYPED, new String[] {"Acme", "1", "2026-02-18", null, "true"}))) {
      HSSFSheet sheet = wb.getSheetAt(0);
      for (int c = 0; c < TYPED.size(); c++) {
        HSSFCell h = cell(wb, 0, c);
        assertThat(h.getCellType()).isEqualTo(CellType.STRING);
        assertThat(h.getStringCellValue()).isEqualTo(TYPED.get(c).header());
        assertThat(h.getCellStyle().getFont(wb).getBold()).isTrue();
        HSSFCell data = cell(wb, 1, c);
        if (data != null) {
          assertThat(data.getCellStyle().getFont(wb).getBold()).isFalse();
        }
      }
      PaneInformation pane = sheet.getPaneInformation();
      assertThat(pane.isFreezePane()).isTrue();
      assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 1);
      assertThat(pane.getVerticalSplitPosition()).isEqualTo((short) 0);
      assertThat(sheet.getColumnWidth(0)).isEqualTo(8 * 256);
      assertThat(sheet.getColumnWidth(2)).isEqualTo(("yyyy-mm-dd".length() + 2) * 256);
    }
  }

  @Test
  void makesItsCellStylesOnce() throws IOException {
    String[][] rows = new String[2_000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] =
          new String[] {"n" + i, String.valueOf(i), "2026-02-18", "2026-02-18T00:00:00Z", "true"};
    }
    try (HSSFWorkbook few = read(write(TYPED, rows[0]));
        HSSFWorkbook many = read(write(100, TYPED, rows))) {
      assertThat(many.getNumberOfSheets()).isEqualTo(20);
      assertThat(many.getNumCellStyles()).isEqualTo(few.getNumCellStyles());
      assertThat(many.getNumCellStyles()).isLessThan(30);
    }
  }

  @Test
  void startsANewSheetAtTheLimitEachWithTheHeader() throws IOException {
    String[][] rows = new String[7][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new String[] {"row " + (i + 1), String.valueOf(i + 1), null, null, null};
    }
    try (HSSFWorkbook wb = read(write(3, TYPED, rows))) {
      assertThat(wb.getNumberOfSheets()).isEqualTo(3);
      int[] expected = {3, 3, 1};
      int n = 1;
      for (int s = 0; s < 3; s++) {
        HSSFSheet sheet = wb.getSheetAt(s);
        assertThat(sheet.getSheetName()).isEqualTo("Sheet" + (s + 1));
        assertThat(sheet.getPhysicalNumberOfRows()).isEqualTo(expected[s] + 1);
        assertThat(sheet.getLastRowNum()).isEqualTo(expected[s]);
        assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("name");
        assertThat(sheet.getRow(0).getCell(0).getCellStyle().getFont(wb).getBold()).isTrue();
        assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
        for (int r = 1; r <= expected[s]; r++, n++) {
          assertThat(sheet.getRow(r).getCell(0).getStringCellValue()).isEqualTo("row " + n);
          assertThat(sheet.getRow(r).getCell(1).getNumericCellValue()).isEqualTo(n);
        }
      }
      assertThat(n).isEqualTo(8);
    }
  }

  @Test
  void anEmptyExportIsTheHeaderAlone() throws IOException {
    try (HSSFWorkbook wb = read(write(TYPED))) {
      assertThat(wb.getNumberOfSheets()).isEqualTo(1);
      HSSFSheet sheet = wb.getSheetAt(0);
      assertThat(sheet.getPhysicalNumberOfRows()).isEqualTo(1);
      assertThat(sheet.getRow(0).getCell(3).getStringCellValue()).isEqualTo("at");
      assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
    }
  }

  @Test
  void keepsUnicodeControlCharactersAndLineBreaksExactly() throws IOException {
    String[] texts = {
      "Zoë Ærøskøbing",
      "東京都千代田区",
      "مرحبا بالعالم",
      "😀 👍🏽 👨‍👩‍👧",
      "  padded  ",
      "line 1\nline 2\r\nline 3",
      "a\u0001b\u000Bc",
      "_x0041_"
    };
    String[][] rows = new String[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      rows[i] = new String[] {texts[i]};
    }
    try (HSSFWorkbook wb = read(write(ONE_TEXT, rows))) {
      for (int i = 0; i < texts.length; i++) {
        assertThat(cell(wb, i + 1, 0).getStringCellValue()).isEqualTo(texts[i]);
      }
    }
  }

  @Test
  void textsBeyondExcelsCellLimitAreCutWithAVisibleMarker() throws IOException {
    String exact = "e".repeat(SpreadsheetValues.MAX_TEXT);
    String longer = "x".repeat(100_000);
    try (HSSFWorkbook wb =
        read(
            write(
                List.of(ExportColumn.of("h".repeat(33_000), ColumnKind.TEXT, "x")),
                new String[] {exact},
                new String[] {longer}))) {
      assertThat(cell(wb, 1, 0).getStringCellValue()).isEqualTo(exact);
      String cut = cell(wb, 2, 0).getStringCellValue();
      assertThat(cut).hasSize(SpreadsheetValues.MAX_TEXT);
      Matcher m = Pattern.compile("^(x+)\u2026 \\[(\\d+) more characters truncated]$").matcher(cut);
      assertThat(m.matches()).isTrue();
      assertThat(m.group(1).length() + Integer.parseInt(m.group(2))).isEqualTo(100_000);
      String header = cell(wb, 0, 0).getStringCellValue();
      assertThat(header).hasSize(SpreadsheetValues.MAX_TEXT);
      Matcher h =
          Pattern.compile("^(h+)\u2026 \\[(\\d+) more characters truncated]$").matcher(header);
      assertThat(h.matches()).isTrue();
      assertThat(h.group(1).length() + Integer.parseInt(h.group(2))).isEqualTo(33_000);
    }
  }

  @Test
  void refusesTheRowPastTheLimit() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    XlsRowWriter w = new XlsRowWriter(out, 2, 5);
    w.begin(ONE_TEXT);
    for (int i = 0; i < 5; i++) {
      w.row(new String[] {"r" + i});
    }
    assertThatThrownBy(() -> w.row(new String[] {"one too many"}))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("too_many_rows_for_xls");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "An XLS export can hold at most 5 rows; export fewer rows, or use XLSX or"
                          + " CSV.");
            });
    w.close();
    assertThat(out.size()).isZero();
  }

  @Test
  void refusesTheRowPastTheDefaultLimitNamingIt() throws IOException {
    assertThat(XlsRowWriter.MAX_ROWS).isEqualTo(20_000);
    assertThat(XlsRowWriter.tooManyRows().getMessage())
        .isEqualTo(
            "An XLS export can hold at most 20,000 rows; export fewer rows, or use XLSX or CSV.");
    assertThat(XlsRowWriter.tooManyRows().code()).isEqualTo("too_many_rows_for_xls");
    assertThat(XlsRowWriter.tooManyRows().status()).isEqualTo(400);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XlsRowWriter w = new XlsRowWriter(out, XlsRowWriter.MAX_ROWS_PER_SHEET)) {
      w.begin(ONE_TEXT);
      String[] row = {"r"};
      for (int i = 0; i < XlsRowWriter.MAX_ROWS; i++) {
        w.row(row);
      }
      assertThatThrownBy(() -> w.row(row))
          .isInstanceOf(LeadportException.class)
          .hasMessage(
              "An XLS export can hold at most 20,000 rows; export fewer rows, or use XLSX or CSV.");
    }
    assertThat(out.size()).isZero();
  }

  @Test
  void refusesMoreColumnsThanASheetHas() {
    List<ExportColumn> columns = new ArrayList<>();
    for (int i = 0; i <= XlsRowWriter.MAX_COLUMNS; i++) {
      columns.add(ExportColumn.of("c" + i, ColumnKind.TEXT, "x"));
    }
    assertThatThrownBy(() -> new XlsRowWriter(new ByteArrayOutputStream(), 10).begin(columns))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_columns_for_xls");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "An XLS export can have at most 256 columns; this one has 257."
                          + " Export fewer fields, or use XLSX.");
            });
  }

  @Test
  void leavesTheStreamOpen() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream out =
        new FilterOutputStream(bytes) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    try (RowWriter w = new XlsRowWriter(out, 10)) {
      w.begin(ONE_TEXT);
      w.row(new String[] {"x"});
      w.finish();
    }
    assertThat(closed[0]).isFalse();
    try (HSSFWorkbook wb = read(bytes.toByteArray())) {
      assertThat(cell(wb, 1, 0).getStringCellValue()).isEqualTo("x");
      assertThat(wb.getSummaryInformation().getApplicationName()).isEqualTo("Leadport");
    }
  }

  @Test
  void theFormatWritesThroughThisWriter() throws IOException {
    assertThat(ExportFormat.XLS.typed()).isTrue();
    assertThat(ExportFormat.XLS.documents()).isFalse();
    assertThat(ExportFormat.XLS.extension()).isEqualTo("xls");
    assertThat(ExportFormat.XLS.contentType()).isEqualTo("application/vnd.ms-excel");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RowWriter w = ExportFormat.XLS.writer(out, ExportOptions.DEFAULT)) {
      assertThat(w).isInstanceOf(XlsRowWriter.class);
      w.begin(ONE_TEXT);
      w.row(new String[] {"=1+1"});
      w.finish();
    }
    try (HSSFWorkbook wb = read(out.toByteArray())) {
      assertThat(cell(wb, 1, 0).getStringCellValue()).isEqualTo("=1+1");
    }
    assertThatThrownBy(() -> ExportFormat.XLS.documentWriter(new ByteArrayOutputStream()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("XLS holds no nested documents");
  }
}
