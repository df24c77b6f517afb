package org.leadport.export.writer;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.BitSet;
import org.dhatim.fastexcel.Worksheet;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;

/**
 * One sheet of an XLSX export: its frozen bold header row, its typed cells, and the rows held in
 * memory until the next flush. Column widths are fixed by the first flush; the date cells of the
 * rows about to be flushed get their date format in runs. Not thread-safe.
 */
final class XlsxSheet {
  private final Worksheet sheet;
  private final ColumnKind[] kinds;
  private final SpreadsheetValues.ColumnWidths widths;

  /** Per date column the rows since {@link #batchStart} that hold a date; null for the others. */
  private final @Nullable BitSet[] dated;

  /** The next row; 0 is the header. */
  private int next;

  /** The first row not yet flushed. */
  private int batchStart;

  private boolean started;

  /** A sheet with its header row written. */
  XlsxSheet(
      Worksheet sheet,
      String[] headers,
      ColumnKind[] kinds,
      SpreadsheetValues.ColumnWidths widths) {
    this.sheet = sheet;
    this.kinds = kinds;
    this.widths = widths;
    this.dated = new BitSet[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == ColumnKind.DATE || kinds[i] == ColumnKind.DATETIME) {
        dated[i] = new BitSet(XlsxRowWriter.FLUSH_EVERY);
      }
    }
    sheet.freezePane(0, 1);
    for (int c = 0; c < headers.length; c++) {
      XlsxText.cell(sheet, 0, c, headers[c]);
    }
    if (headers.length > 0) {
      sheet.range(0, 0, 0, headers.length - 1).style().bold().set();
    }
    next = 1;
    batchStart = 1;
  }

  /** The data rows written so far. */
  int rows() {
    return next - 1;
  }

  /** Writes one row; every {@link XlsxRowWriter#FLUSH_EVERY} rows the rows held are flushed. */
  void row(String[] values) throws IOException {
    int r = next++;
    for (int c = 0; c < values.length; c++) {
      if (values[c] != null) {
        cell(r, c, kinds[c], values[c]);
      }
    }
    if (next % XlsxRowWriter.FLUSH_EVERY == 0) {
      flush();
    }
  }

  /** Writes the rows held so far; the sheet's column widths are fixed by its first flush. */
  private void flush() throws IOException {
    start();
    styleDates();
    sheet.flush();
  }

  /** Writes the rest of the sheet and lets go of what it held. */
  void finish() throws IOException {
    start();
    styleDates();
    sheet.finish();
    release(sheet);
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
    if (!started) {
      for (int c = 0; c < kinds.length; c++) {
        sheet.width(c, widths.width(c));
      }
      started = true;
    }
  }

  private void cell(int r, int c, ColumnKind kind, String value) {
    switch (kind) {
      case NUMBER, INTEGER, DECIMAL -> {
        BigDecimal n = SpreadsheetValues.number(value);
        if (n != null) {
          sheet.value(r, c, n);
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
          sheet.value(r, c, b);
          return;
        }
      }
      case TEXT -> {}
    }
    XlsxText.cell(sheet, r, c, value);
  }

  private boolean date(int r, int c, @Nullable Double serial) {
    BitSet rows = dated[c];
    if (serial == null || rows == null) {
      return false;
    }
    sheet.value(r, c, serial);
    rows.set(r - batchStart);
    return true;
  }

  /**
   * Gives the date cells of the rows about to be flushed their date format, one range per run of
   * dated rows: fastexcel's style setter costs as much per call as writing a whole row, so one call
   * per cell would halve the export's speed.
   */
  private void styleDates() {
    for (int c = 0; c < dated.length; c++) {
      BitSet rows = dated[c];
      if (rows == null) {
        continue;
      }
      String format =
          kinds[c] == ColumnKind.DATE
              ? SpreadsheetValues.DATE_FORMAT
              : SpreadsheetValues.DATETIME_FORMAT;
      for (int from = rows.nextSetBit(0); from >= 0; ) {
        int to = rows.nextClearBit(from);
        sheet.range(batchStart + from, c, batchStart + to - 1, c).style().format(format).set();
        from = rows.nextSetBit(to);
      }
      rows.clear();
    }
    batchStart = next;
  }
}
