package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes workbooks with {@link XlsxRowWriter} and reads them back with fastexcel-reader (a separate
 * parser from the writer) and, for what that reader does not show (fonts, panes, widths), with the
 * JDK's own ZIP and DOM parsers.
 */
class XlsxRowWriterTest {
  private static final List<ExportColumn> TYPED =
      List.of(
          ExportColumn.of("name", ColumnKind.TEXT, "x"),
          ExportColumn.of("amount", ColumnKind.NUMBER, "x"),
          ExportColumn.of("day", ColumnKind.DATE, "x"),
          ExportColumn.of("at", ColumnKind.DATETIME, "x"),
          ExportColumn.of("flag", ColumnKind.BOOLEAN, "x"));

  private static final List<ExportColumn> ONE_TEXT =
      List.of(ExportColumn.of("text", ColumnKind.TEXT, "x"));

  // --- Writing and reading back ---

  private static byte[] write(int rowsPerSheet, List<ExportColumn> columns, String[]... rows)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RowWriter w = new XlsxRowWriter(out, rowsPerSheet)) {
      w.begin(columns);
      for (String[] row : rows) {
        w.row(row.clone());
      }
      w.finish();
    }
    return out.toByteArray();
  }

  private static byte[] write(List<ExportColumn> columns, String[]... rows) throws IOException {
    return write(XlsxRowWriter.MAX_ROWS_PER_SHEET, columns, rows);
  }

  /** Each sheet's name and rows; a row is a map from its 1-based number. */
  private record Book(List<String> names, List<Map<Integer, Row>> sheets) {
    Row row(int sheet, int rowNum) {
      return sheets.get(sheet).get(rowNum);
    }

    /** The cell at 0-based {@code col} of 1-based row {@code rowNum} of the first sheet. */
    Cell cell(int rowNum, int col) {
      Row row = row(0, rowNum);
      return row == null ? null : row.getOptionalCell(col).orElse(null);
    }
  }

  private static Book read(byte[] xlsx) throws IOException {
    List<String> names = new ArrayList<>();
    List<Map<Integer, Row>> sheets = new ArrayList<>();
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false))) {
      for (Sheet s : wb.getSheets().toList()) {
        names.add(s.getName());
        Map<Integer, Row> rows = new HashMap<>();
        for (Row r : s.read()) {
          rows.put(r.getRowNum(), r);
        }
        sheets.add(rows);
      }
    }
    return new Book(names, sheets);
  }

  /**
   * The files of the package, read through its central directory as Excel does. (The JDK's
   * streaming ZipInputStream cannot read fastexcel's files: their data descriptors carry ZIP64
   * sizes without a ZIP64 extra field in the local header.)
   */
  private static Map<String, byte[]> unzip(byte[] xlsx) throws IOException {
    Path file = Files.createTempFile("leadport-test", ".xlsx");
    try {
      Files.write(file, xlsx);
      Map<String, byte[]> files = new HashMap<>();
      try (ZipFile zip = new ZipFile(file.toFile())) {
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          try (InputStream in = zip.getInputStream(e)) {
            files.put(e.getName(), in.readAllBytes());
          }
        }
      }
      return files;
    } finally {
      Files.delete(file);
    }
  }

  private static Document xml(byte[] bytes) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Element> elements(Document d, String localName) {
    NodeList nodes = d.getElementsByTagNameNS("*", localName);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  private static Element child(Element parent, String localName, int index) {
    NodeList nodes = parent.getElementsByTagNameNS("*", localName);
    return (Element) nodes.item(index);
  }

  /** What Excel shows for a cell text: its OOXML {@code _xHHHH_} escapes decoded. */
  private static String excelText(String raw) {
    Matcher m = Pattern.compile("_x([0-9A-Fa-f]{4})_").matcher(raw);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    return m.appendTail(sb).toString();
  }

  /** The Excel serial number of a UTC date-time, computed independently of the writer. */
  private static double serial(LocalDateTime t) {
    long micros = ChronoUnit.MICROS.between(LocalDateTime.of(1899, 12, 30, 0, 0), t);
    return micros / 86_400_000_000.0;
  }

  // --- Typing ---

  @Test
  void writesTypedCells() throws IOException {
    Book book =
        read(
            write(
                TYPED,
                new String[] {"Acme", "-42", "2026-02-18", "2026-02-18T13:04:05.123456Z", "true"},
                new String[] {"=SUM(A1)", "12.50", "2000-01-01", "2026-02-18T00:00:00Z", "false"}));

    assertThat(book.cell(2, 0).getType()).isEqualTo(CellType.STRING);
    assertThat(book.cell(2, 0).asString()).isEqualTo("Acme");

    assertThat(book.cell(2, 1).getType()).isEqualTo(CellType.NUMBER);
    assertThat(book.cell(2, 1).asNumber()).isEqualByComparingTo("-42");
    assertThat(book.cell(3, 1).asNumber()).isEqualByComparingTo("12.5");

    Cell day = book.cell(2, 2);
    assertThat(day.getType()).isEqualTo(CellType.NUMBER);
    assertThat(day.getDataFormatString()).isEqualTo("yyyy-mm-dd");
    assertThat(day.asNumber().doubleValue())
        .isEqualTo(serial(LocalDate.of(2026, 2, 18).atStartOfDay()));
    assertThat(day.asDate()).isEqualTo(LocalDateTime.of(2026, 2, 18, 0, 0));
    assertThat(book.cell(3, 2).asDate()).isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));

    Cell at = book.cell(2, 3);
    assertThat(at.getType()).isEqualTo(CellType.NUMBER);
    assertThat(at.getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
    // The microseconds survive as far as a double holds them (well under one microsecond here).
    assertThat(at.asNumber().doubleValue())
        .isCloseTo(
            serial(LocalDateTime.of(2026, 2, 18, 13, 4, 5, 123_456_000)),
            org.assertj.core.data.Offset.offset(1e-11));
    assertThat(at.asDate()).isEqualTo(LocalDateTime.of(2026, 2, 18, 13, 4, 5, 123_000_000));
    assertThat(book.cell(3, 3).asDate()).isEqualTo(LocalDateTime.of(2026, 2, 18, 0, 0));

    assertThat(book.cell(2, 4).getType()).isEqualTo(CellType.BOOLEAN);
    assertThat(book.cell(2, 4).asBoolean()).isTrue();
    assertThat(book.cell(3, 4).asBoolean()).isFalse();

    // A formula-looking text is a plain string cell with the exact text, no formula anywhere.
    assertThat(book.cell(3, 0).getType()).isEqualTo(CellType.STRING);
    assertThat(book.cell(3, 0).asString()).isEqualTo("=SUM(A1)");
    assertThat(book.cell(3, 0).getFormula()).isNull();
  }

  @Test
  void datetimesAreWrittenInUtc() throws IOException {
    Book book =
        read(write(TYPED, new String[] {null, null, null, "2026-02-18T13:04:05+02:00", null}));
    assertThat(book.cell(2, 3).asDate()).isEqualTo(LocalDateTime.of(2026, 2, 18, 11, 4, 5));
  }

  @Test
  void nullsAreEmptyCells() throws IOException {
    Book book =
        read(
            write(
                TYPED,
                new String[] {null, null, null, null, null},
                new String[] {"x", null, null, null, "true"}));
    for (int c = 0; c < 5; c++) {
      Cell cell = book.cell(2, c);
      assertThat(cell == null || cell.getType() == CellType.EMPTY).as("column %d", c).isTrue();
    }
    assertThat(book.cell(3, 0).asString()).isEqualTo("x");
    Cell gap = book.cell(3, 2);
    assertThat(gap == null || gap.getType() == CellType.EMPTY).isTrue();
    assertThat(book.cell(3, 4).asBoolean()).isTrue();
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
      "=cmd|' /C calc'!A0",
      "'=already quoted"
    };
    String[][] rows = new String[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      rows[i] = new String[] {texts[i]};
    }
    byte[] xlsx = write(ONE_TEXT, rows);
    Book book = read(xlsx);
    for (int i = 0; i < texts.length; i++) {
      Cell cell = book.cell(i + 2, 0);
      assertThat(cell.getType()).as(texts[i]).isEqualTo(CellType.STRING);
      assertThat(cell.asString()).isEqualTo(texts[i]);
    }
    Document sheet = xml(unzip(xlsx).get("xl/worksheets/sheet1.xml"));
    assertThat(elements(sheet, "f")).isEmpty();
  }

  @Test
  void numbersKeepTheirValueOrStayTextBeyondFifteenDigits() throws IOException {
    List<ExportColumn> number = List.of(ExportColumn.of("n", ColumnKind.NUMBER, "x"));
    String[] numeric = {
      "-42",
      "12.50",
      "0",
      "-0",
      "0.1",
      "123456789012345",
      "1.23456789012345",
      "1e+20",
      "100000000000000000000",
      "12.5000000000000000000",
      "-9.99e307",
      "2.5E-300"
    };
    String[] text = {
      "9007199254740993",
      "1234567890123456",
      "0.1234567890123456",
      "NaN",
      "Infinity",
      "1e400",
      "1e-400",
      "twelve",
      ""
    };
    List<String[]> rows = new ArrayList<>();
    for (String v : numeric) {
      rows.add(new String[] {v});
    }
    for (String v : text) {
      rows.add(new String[] {v});
    }
    Book book = read(write(number, rows.toArray(String[][]::new)));
    for (int i = 0; i < numeric.length; i++) {
      Cell cell = book.cell(i + 2, 0);
      assertThat(cell.getType()).as(numeric[i]).isEqualTo(CellType.NUMBER);
      assertThat(cell.asNumber()).as(numeric[i]).isEqualByComparingTo(new BigDecimal(numeric[i]));
    }
    for (int i = 0; i < text.length; i++) {
      Cell cell = book.cell(numeric.length + i + 2, 0);
      if (text[i].isEmpty()) {
        assertThat(cell == null || cell.getText().isEmpty()).isTrue();
        continue;
      }
      assertThat(cell.getType()).as(text[i]).isEqualTo(CellType.STRING);
      assertThat(cell.asString()).isEqualTo(text[i]);
    }
  }

  @Test
  void datesOutsideExcelsCalendarStayText() throws IOException {
    Book book =
        read(
            write(
                TYPED,
                new String[] {null, null, "1899-12-31", "1899-12-31T23:59:59.999999Z", null},
                new String[] {null, null, "10000-01-01", "0001-01-01T00:00:00.000000Z", null},
                new String[] {null, null, "2026-02-30", "2026-02-18 13:04:05+00", "yes"},
                new String[] {null, null, "1900-01-01", "1900-02-28T12:00:00Z", "TRUE"},
                new String[] {null, null, "1900-03-01", "9999-12-31T23:59:59.999999Z", null}));
    assertThat(book.cell(2, 2).asString()).isEqualTo("1899-12-31");
    assertThat(book.cell(2, 3).asString()).isEqualTo("1899-12-31T23:59:59.999999Z");
    assertThat(book.cell(3, 2).asString()).isEqualTo("10000-01-01");
    assertThat(book.cell(3, 3).asString()).isEqualTo("0001-01-01T00:00:00.000000Z");
    assertThat(book.cell(4, 2).asString()).isEqualTo("2026-02-30");
    assertThat(book.cell(4, 3).asString()).isEqualTo("2026-02-18 13:04:05+00");
    assertThat(book.cell(4, 4).asString()).isEqualTo("yes");
    // Excel's first day is serial 1; its phantom 1900-02-29 (serial 60) is skipped.
    assertThat(book.cell(5, 2).asNumber()).isEqualByComparingTo("1");
    assertThat(book.cell(5, 3).asNumber()).isEqualByComparingTo("59.5");
    assertThat(book.cell(5, 3).asDate()).isEqualTo(LocalDateTime.of(1900, 2, 28, 12, 0));
    assertThat(book.cell(5, 4).asBoolean()).isTrue();
    assertThat(book.cell(6, 2).asNumber()).isEqualByComparingTo("61");
    assertThat(book.cell(6, 2).asDate()).isEqualTo(LocalDateTime.of(1900, 3, 1, 0, 0));
    assertThat(book.cell(6, 3).getType()).isEqualTo(CellType.NUMBER);
    assertThat(book.cell(6, 3).asNumber().doubleValue())
        .isCloseTo(
            serial(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
            org.assertj.core.data.Offset.offset(1e-10));
  }

  // --- Header, panes, widths ---

  @Test
  void headerIsBoldAndFrozen() throws IOException {
    byte[] xlsx = write(TYPED, new String[] {"Acme", "1", "2026-02-18", null, "true"});
    Book book = read(xlsx);
    Row header = book.row(0, 1);
    for (int c = 0; c < TYPED.size(); c++) {
      assertThat(header.getCell(c).getType()).isEqualTo(CellType.STRING);
      assertThat(header.getCell(c).asString()).isEqualTo(TYPED.get(c).header());
    }

    Map<String, byte[]> files = unzip(xlsx);
    Document sheet = xml(files.get("xl/worksheets/sheet1.xml"));
    Element pane = elements(sheet, "pane").get(0);
    assertThat(pane.getAttribute("state")).isEqualTo("frozen");
    assertThat(pane.getAttribute("ySplit")).isEqualTo("1");
    assertThat(pane.getAttribute("topLeftCell")).isEqualTo("A2");

    Document styles = xml(files.get("xl/styles.xml"));
    Element cellXfs = elements(styles, "cellXfs").get(0);
    Element fonts = elements(styles, "fonts").get(0);
    for (Element c : elements(sheet, "c")) {
      String ref = c.getAttribute("r");
      int style = c.hasAttribute("s") ? Integer.parseInt(c.getAttribute("s")) : 0;
      Element xf = child(cellXfs, "xf", style);
      Element font = child(fonts, "font", Integer.parseInt(xf.getAttribute("fontId")));
      boolean bold = font.getElementsByTagNameNS("*", "b").getLength() > 0;
      assertThat(bold).as(ref).isEqualTo(ref.endsWith("1") && ref.length() == 2);
    }
  }

  @Test
  void columnWidthsFollowHeaderAndFirstRowsCapped() throws IOException {
    List<ExportColumn> columns =
        List.of(
            ExportColumn.of("id", ColumnKind.TEXT, "x"),
            ExportColumn.of("primary_contact_email", ColumnKind.TEXT, "x"),
            ExportColumn.of("description", ColumnKind.TEXT, "x"),
            ExportColumn.of("created_at", ColumnKind.DATETIME, "x"));
    byte[] xlsx =
        write(
            columns,
            new String[] {"a", "x@y.example", "z".repeat(500), "2026-02-18T13:04:05.123456Z"});
    Document sheet = xml(unzip(xlsx).get("xl/worksheets/sheet1.xml"));
    List<Element> cols = elements(sheet, "col");
    assertThat(cols).hasSize(4);
    double[] widths =
        cols.stream().mapToDouble(c -> Double.parseDouble(c.getAttribute("width"))).toArray();
    assertThat(widths[0]).isEqualTo(8); // the minimum
    assertThat(widths[1]).isEqualTo("primary_contact_email".length() + 3);
    assertThat(widths[2]).isEqualTo(60); // the cap
    assertThat(widths[3]).isEqualTo("yyyy-mm-dd hh:mm:ss".length() + 2);
  }

  // --- Sheets ---

  @Test
  void startsANewSheetAtTheLimitEachWithTheHeader() throws IOException {
    String[][] rows = new String[7][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new String[] {"row " + (i + 1), String.valueOf(i + 1), null, null, null};
    }
    byte[] xlsx = write(3, TYPED, rows);
    Book book = read(xlsx);
    assertThat(book.names()).containsExactly("Sheet1", "Sheet2", "Sheet3");
    int[] expected = {3, 3, 1};
    int n = 1;
    for (int s = 0; s < 3; s++) {
      Map<Integer, Row> sheet = book.sheets().get(s);
      assertThat(sheet).hasSize(expected[s] + 1);
      assertThat(sheet.get(1).getCell(0).asString()).isEqualTo("name");
      assertThat(sheet.get(1).getCell(4).asString()).isEqualTo("flag");
      for (int r = 2; r <= expected[s] + 1; r++, n++) {
        assertThat(sheet.get(r).getCell(0).asString()).isEqualTo("row " + n);
        assertThat(sheet.get(r).getCell(1).asNumber()).isEqualByComparingTo(String.valueOf(n));
      }
      Document xml = xml(unzip(xlsx).get("xl/worksheets/sheet" + (s + 1) + ".xml"));
      assertThat(elements(xml, "pane").get(0).getAttribute("state")).isEqualTo("frozen");
    }
    assertThat(n).isEqualTo(8);
  }

  @Test
  void exactlyFullSheetsStartNoEmptyOne() throws IOException {
    String[][] rows = new String[6][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new String[] {"r" + i};
    }
    Book book = read(write(3, ONE_TEXT, rows));
    assertThat(book.names()).containsExactly("Sheet1", "Sheet2");
    assertThat(book.sheets().get(1)).hasSize(4);
  }

  @Test
  void flushesAcrossManyRowsAndSheets() throws IOException {
    int rows = XlsxRowWriter.FLUSH_EVERY * 5 + 17;
    String[][] data = new String[rows][];
    for (int i = 0; i < rows; i++) {
      data[i] = new String[] {"t" + i, String.valueOf(i), null, null, i % 2 == 0 ? "true" : null};
    }
    Book book = read(write(2_500, TYPED, data));
    assertThat(book.names()).containsExactly("Sheet1", "Sheet2", "Sheet3");
    int n = 0;
    for (Map<Integer, Row> sheet : book.sheets()) {
      for (int r = 2; r <= sheet.size(); r++, n++) {
        assertThat(sheet.get(r).getCell(0).asString()).isEqualTo("t" + n);
        assertThat(sheet.get(r).getCell(1).asNumber()).isEqualByComparingTo(String.valueOf(n));
      }
    }
    assertThat(n).isEqualTo(rows);
  }

  @Test
  void datesKeepTheirFormatAcrossFlushesSheetsAndGaps() throws IOException {
    List<ExportColumn> columns =
        List.of(
            ExportColumn.of("day", ColumnKind.DATE, "x"),
            ExportColumn.of("at", ColumnKind.DATETIME, "x"));
    int rows = 2_600;
    String[][] data = new String[rows][];
    for (int i = 0; i < rows; i++) {
      String day = LocalDate.of(2026, 1, 1).plusDays(i).toString();
      data[i] =
          i % 3 == 0
              ? new String[] {null, null}
              : i % 7 == 0
                  ? new String[] {"0999-01-01", "not a date"}
                  : new String[] {day, day + "T12:00:00.000000Z"};
    }
    Book book = read(write(1_200, columns, data));
    assertThat(book.names()).hasSize(3);
    int i = 0;
    for (Map<Integer, Row> sheet : book.sheets()) {
      int last = sheet.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
      for (int r = 2; r <= last; r++, i++) {
        Row row = sheet.get(r);
        Cell day = row == null ? null : row.getOptionalCell(0).orElse(null);
        Cell at = row == null ? null : row.getOptionalCell(1).orElse(null);
        if (i % 3 == 0) {
          assertThat(day == null || day.getType() == CellType.EMPTY).as("row %d", i).isTrue();
          assertThat(at == null || at.getType() == CellType.EMPTY).as("row %d", i).isTrue();
        } else if (i % 7 == 0) {
          assertThat(day.asString()).isEqualTo("0999-01-01");
          assertThat(at.asString()).isEqualTo("not a date");
        } else {
          LocalDateTime midnight = LocalDate.of(2026, 1, 1).plusDays(i).atStartOfDay();
          assertThat(day.getDataFormatString()).as("row %d", i).isEqualTo("yyyy-mm-dd");
          assertThat(day.asDate()).isEqualTo(midnight);
          assertThat(at.getDataFormatString()).as("row %d", i).isEqualTo("yyyy-mm-dd hh:mm:ss");
          assertThat(at.asDate()).isEqualTo(midnight.plusHours(12));
        }
      }
    }
    assertThat(i).isEqualTo(rows);
  }

  @Test
  void anEmptyExportIsTheHeaderAlone() throws IOException {
    byte[] xlsx = write(TYPED);
    Book book = read(xlsx);
    assertThat(book.names()).containsExactly("Sheet1");
    assertThat(book.sheets().get(0)).hasSize(1);
    assertThat(book.row(0, 1).getCell(3).asString()).isEqualTo("at");
    assertThat(elements(xml(unzip(xlsx).get("xl/worksheets/sheet1.xml")), "pane")).hasSize(1);
  }

  // --- Text ---

  @Test
  void keepsUnicodeWhitespaceAndLineBreaksExactly() throws IOException {
    String[] texts = {
      "Zoë Ærøskøbing",
      "東京都千代田区",
      "مرحبا بالعالم",
      "Привет",
      "😀 👍🏽 👨‍👩‍👧",
      "  padded  ",
      " ",
      "line 1\nline 2\r\nline 3\r",
      "tab\there",
      "<b>&amp;</b> \"quoted\" 'single'"
    };
    String[][] rows = new String[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      rows[i] = new String[] {texts[i]};
    }
    Book book = read(write(ONE_TEXT, rows));
    for (int i = 0; i < texts.length; i++) {
      assertThat(book.cell(i + 2, 0).asString()).isEqualTo(texts[i]);
    }
  }

  @Test
  void charactersXmlCannotHoldAreEscapedNotDropped() throws IOException {
    String control = "a\u0001b\u000Bc\u001Fd\uFFFEe";
    String literal = "_x0041_ stays _x0041_";
    Book book = read(write(ONE_TEXT, new String[] {control}, new String[] {literal}));
    String raw = book.cell(2, 0).asString();
    assertThat(raw).isEqualTo("a_x0001_b_x000B_c_x001F_d_xFFFE_e");
    assertThat(excelText(raw)).isEqualTo(control);
    String rawLiteral = book.cell(3, 0).asString();
    assertThat(rawLiteral).isEqualTo("_x005F_x0041_ stays _x005F_x0041_");
    assertThat(excelText(rawLiteral)).isEqualTo(literal);
  }

  @Test
  void textsBeyondExcelsCellLimitAreCutWithAVisibleMarker() throws IOException {
    String exact = "e".repeat(SpreadsheetValues.MAX_TEXT);
    String longer = "x".repeat(40_000);
    String emoji = "😀".repeat(20_000); // 40,000 chars: the cut must not split a pair
    Book book =
        read(
            write(
                List.of(ExportColumn.of("t".repeat(40_000), ColumnKind.TEXT, "x")),
                new String[] {exact},
                new String[] {longer},
                new String[] {emoji}));

    assertThat(book.cell(2, 0).asString()).isEqualTo(exact);

    String cut = book.cell(3, 0).asString();
    assertThat(cut).hasSize(SpreadsheetValues.MAX_TEXT);
    Matcher m = Pattern.compile("^(x+)\u2026 \\[(\\d+) more characters truncated]$").matcher(cut);
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1).length() + Integer.parseInt(m.group(2))).isEqualTo(40_000);

    String cutEmoji = book.cell(4, 0).asString();
    assertThat(cutEmoji.length()).isLessThanOrEqualTo(SpreadsheetValues.MAX_TEXT);
    Matcher e =
        Pattern.compile("^((?:😀)+)\u2026 \\[(\\d+) more characters truncated]$").matcher(cutEmoji);
    assertThat(e.matches()).isTrue();
    assertThat(e.group(1).length() + Integer.parseInt(e.group(2))).isEqualTo(40_000);

    String header = book.row(0, 1).getCell(0).asString();
    assertThat(header).hasSize(SpreadsheetValues.MAX_TEXT).endsWith(" more characters truncated]");
  }

  // --- Stream, limits, format ---

  @Test
  void leavesTheStreamOpen() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    java.io.OutputStream out =
        new java.io.FilterOutputStream(bytes) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    try (RowWriter w = new XlsxRowWriter(out, 10)) {
      w.begin(ONE_TEXT);
      w.row(new String[] {"x"});
      w.finish();
    }
    assertThat(closed[0]).isFalse();
    assertThat(read(bytes.toByteArray()).cell(2, 0).asString()).isEqualTo("x");
  }

  @Test
  void refusesToGrowPastTheZipWritersLimit() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    XlsxRowWriter w = new XlsxRowWriter(out, XlsxRowWriter.MAX_ROWS_PER_SHEET, 20_000);
    assertThatThrownBy(
            () -> {
              w.begin(ONE_TEXT);
              for (int i = 0; i < 10_000; i++) {
                w.row(new String[] {"row " + i + " " + Integer.toHexString(i * 7919)});
              }
              w.finish();
            })
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("too_large_for_xlsx");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "An XLSX export can be at most 20,000 bytes; this one is larger."
                          + " Export fewer rows, or use CSV or JSON.");
            });
    assertThat(out.size()).isLessThanOrEqualTo(20_000);
  }

  @Test
  void refusesMoreColumnsThanASheetHas() {
    List<ExportColumn> columns = new ArrayList<>();
    for (int i = 0; i <= XlsxRowWriter.MAX_COLUMNS; i++) {
      columns.add(ExportColumn.of("c" + i, ColumnKind.TEXT, "x"));
    }
    assertThatThrownBy(() -> new XlsxRowWriter(new ByteArrayOutputStream(), 10).begin(columns))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.code()).isEqualTo("too_many_columns_for_xlsx");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "An XLSX export can have at most 16,384 columns; this one has 16,385."
                          + " Export fewer fields, or use CSV or JSON.");
            });
  }

  @Test
  void rejectsImpossibleSheetSizes() {
    assertThatThrownBy(() -> new XlsxRowWriter(new ByteArrayOutputStream(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new XlsxRowWriter(new ByteArrayOutputStream(), XlsxRowWriter.MAX_ROWS_PER_SHEET + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(XlsxRowWriter.MAX_ROWS_PER_SHEET).isEqualTo(1_048_575);
  }

  @Test
  void theFormatWritesThroughThisWriter() throws IOException {
    assertThat(ExportFormat.XLSX.typed()).isTrue();
    assertThat(ExportFormat.XLSX.documents()).isFalse();
    assertThat(ExportFormat.XLSX.extension()).isEqualTo("xlsx");
    assertThat(ExportFormat.XLSX.contentType())
        .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assertThat(ExportFormat.CSV.typed()).isFalse();
    assertThat(ExportFormat.JSON.typed()).isFalse();
    assertThat(ExportFormat.JSONL.typed()).isFalse();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RowWriter w = ExportFormat.XLSX.writer(out, ExportOptions.DEFAULT)) {
      assertThat(w).isInstanceOf(XlsxRowWriter.class);
      w.begin(ONE_TEXT);
      w.row(new String[] {"=1+1"});
      w.finish();
    }
    assertThat(read(out.toByteArray()).cell(2, 0).asString()).isEqualTo("=1+1");
    assertThatThrownBy(() -> ExportFormat.XLSX.documentWriter(new ByteArrayOutputStream()))
        .isInstanceOf(IllegalStateException.class);
  }
}
