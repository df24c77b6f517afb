package org.leadport.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8 with CRLF line ends and a header row; text cells are made formula-safe,
 * numbers, dates and booleans are written as they are. Optionally starts with a UTF-8 BOM for
 * Excel. Not thread-safe.
 */
public final class CsvRowWriter implements RowWriter {
  private static final int BUFFER = 64 * 1024;

  private final OutputStreamWriter out;
  private final boolean bom;
  private CsvWriter csv;
  private boolean[] text;

  public CsvRowWriter(OutputStream out, boolean bom) {
    this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    this.bom = bom;
  }

  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    if (bom) {
      out.write('\uFEFF');
    }
    csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).bufferSize(BUFFER).build(out);
    text = textCells(columns);
    String[] header = new String[columns.size()];
    for (int i = 0; i < header.length; i++) {
      header[i] = FormulaSafety.text(columns.get(i).header());
    }
    csv.writeRecord(header);
  }

  /** For each column, whether its cells are text (and so made formula-safe). */
  static boolean[] textCells(List<ExportColumn> columns) {
    boolean[] text = new boolean[columns.size()];
    for (int i = 0; i < text.length; i++) {
      text[i] = columns.get(i).kind() == ColumnKind.TEXT;
    }
    return text;
  }

  @Override
  public void row(String[] values) throws IOException {
    CsvWriter.CsvWriterRecord record = csv.writeRecord();
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      record.writeField(text[i] ? FormulaSafety.text(v) : v);
    }
    record.endRecord();
  }

  @Override
  public void finish() throws IOException {
    csv.flush();
    out.flush();
  }
}
