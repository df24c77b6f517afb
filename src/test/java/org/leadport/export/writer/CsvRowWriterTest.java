package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * {@link CsvRowWriter} without a database: COPY's CSV rows turned into Leadport's, row by row, and
 * rows of values written byte for byte as FastCSV (RFC 4180, CRLF) writes their formula-safe text.
 */
class CsvRowWriterTest {
  /** Columns: text, text, number. Rows in and out are written with | for CR and ~ for LF. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '`',
      value = {
        "a,b,1~; a,b,1|~",
        ",,~; ,,|~",
        "\"\",\"\",~; ,,|~",
        "\"#a\",#b,2~; \"#a\",#b,2|~",
        "#a,b,3~; \"#a\",b,3|~",
        "=1+2,x,-3~; '=1+2,x,-3|~",
        "\" =a,b\",\"say \"\"hi\"\"\",4~; \"' =a,b\",\"say \"\"hi\"\"\",4|~",
        "\"a|~b\",\"|c\",5~; \"a|~b\",\"'|c\",5|~",
        "\"\\.\",@x,~; \\.,'@x,|~",
        "\"#=x\",a,~; \"#=x\",a,|~",
        "\"=#x\",a,~; '=#x,a,|~",
      })
  void rowsComeOutAsTheWriterWritesThem(String copy, String expected) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvRowWriter csv = writer(out, true, true, false);
    csv.copyRow(bytes(copy.strip()));
    csv.finish();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(unescape(expected.strip()));
  }

  @Test
  void aFieldStartingWithHashIsQuotedOnlyFirst() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvRowWriter csv = writer(out, false, false);
    csv.copyRow(bytes("#1,#2~"));
    csv.copyRow(bytes(",#3~"));
    csv.finish();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"#1\",#2\r\n,#3\r\n");
  }

  @Test
  void rowsLongerThanTheBufferPassWhole() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvRowWriter csv = writer(out, true, true);
    String big = "x".repeat(200_000);
    csv.copyRow(bytes("a,b~"));
    csv.copyRow(bytes(big + ",=" + big + "~"));
    csv.finish();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("a,b\r\n" + big + ",'=" + big + "\r\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "a,b; a COPY row must end with a line feed",
        "a,b,c~; a COPY row has more than 2 fields",
        "a~; a COPY row has 1 fields, not 2",
        "a,b~c,d~; a COPY message holds more than one row",
      })
  void rowsOfAnotherShapeAreRefused(String copy, String message) throws IOException {
    CsvRowWriter csv = writer(new ByteArrayOutputStream(), true, true);
    assertThatThrownBy(() -> csv.copyRow(bytes(copy)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
  }

  /**
   * Rows of values, the header and the BOM come out byte for byte as FastCSV writes the same
   * formula-safe text (quotes only where RFC 4180 needs them, a first field starting with # quoted,
   * CRLF), on values made of every character CSV quoting and formula safety care about.
   */
  @Test
  void valuesComeOutAsFastCsvWritesThem() throws IOException {
    String[] pieces = {
      "a", "é", "😀", ",", "\"", "\r", "\n", "\r\n", "#", "'", "=", "+", "-", "@", " ", "\t", "\\",
      ".", "\\.", "\u00A0", "\u3000", "\uFF1D", "\u2028", "0", "", "\uD800"
    };
    Random random = new Random(20261206L);
    boolean[] text = {true, true, false, true};
    List<ExportColumn> columns = new ArrayList<>();
    String[] header = {"=c0", "#c1", "c 2", "c,3"};
    for (int i = 0; i < text.length; i++) {
      columns.add(
          ExportColumn.of(header[i], text[i] ? ColumnKind.TEXT : ColumnKind.NUMBER, "v" + i));
    }
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    StringWriter theirs = new StringWriter();
    CsvWriter fast = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(theirs);
    theirs.write('\uFEFF');
    String[] safeHeader = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      safeHeader[i] = FormulaSafety.text(header[i]);
    }
    fast.writeRecord(safeHeader);
    try (CsvRowWriter csv = new CsvRowWriter(ours, true)) {
      csv.begin(columns);
      for (int r = 0; r < 5_000; r++) {
        String[] row = new String[text.length];
        String[] safe = new String[text.length];
        for (int c = 0; c < text.length; c++) {
          if (random.nextInt(8) > 0) {
            StringBuilder v = new StringBuilder();
            for (int n = random.nextInt(5); n > 0; n--) {
              v.append(pieces[random.nextInt(pieces.length)]);
            }
            row[c] = v.toString();
          }
          safe[c] = text[c] ? FormulaSafety.text(row[c]) : row[c];
        }
        csv.row(row);
        fast.writeRecord(safe);
      }
      csv.finish();
    }
    fast.flush();
    // Both encode a lone surrogate as '?'.
    byte[] expected = theirs.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(ours.toString(StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(ours.toByteArray()).isEqualTo(expected);
  }

  /** The header (and the BOM before it) reaches the stream at once, before any row. */
  @Test
  void theHeaderIsFlushedAtTheBeginning() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvRowWriter csv = new CsvRowWriter(out, true);
    csv.begin(List.of(ExportColumn.of("id", ColumnKind.TEXT, "l.id")));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\uFEFFid\r\n");
    assertThat(csv.takesCopy()).isTrue();
  }

  /**
   * Over UTF-8 bytes the test agrees with {@link FormulaSafety#triggers(String)} for every code
   * point, alone, after a blank, after a full-width blank, and before an {@code =}.
   */
  @Test
  void bytesTriggerExactlyWhenTheTextDoes() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        continue;
      }
      String c = Character.toString(cp);
      for (String value : new String[] {c, " " + c, "\u3000" + c, c + "="}) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        assertThat(CsvRowWriter.triggers(utf8, 0, utf8.length))
            .as("U+%04X in \"%s\"", cp, value)
            .isEqualTo(FormulaSafety.triggers(value));
      }
    }
  }

  /** A writer of columns of these kinds (true: text), its header already written and dropped. */
  private static CsvRowWriter writer(ByteArrayOutputStream out, boolean... text)
      throws IOException {
    List<ExportColumn> columns = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      columns.add(ExportColumn.of("c" + i, text[i] ? ColumnKind.TEXT : ColumnKind.NUMBER, "v" + i));
    }
    CsvRowWriter csv = new CsvRowWriter(out, false);
    csv.begin(columns);
    out.reset();
    return csv;
  }

  private static byte[] bytes(String row) {
    return unescape(row).getBytes(StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    return s.replace('|', '\r').replace('~', '\n');
  }
}
