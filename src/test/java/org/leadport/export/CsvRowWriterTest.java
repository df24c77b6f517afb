package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CopyCsv} turning COPY's CSV rows into Leadport's, row by row, without a database. */
class CopyCsvTest {
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
    CopyCsv csv = new CopyCsv(new boolean[] {true, true, false}, out);
    csv.row(bytes(copy.strip()));
    csv.flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(unescape(expected.strip()));
  }

  @Test
  void aFieldStartingWithHashIsQuotedOnlyFirst() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyCsv csv = new CopyCsv(new boolean[] {false, false}, out);
    csv.row(bytes("#1,#2~"));
    csv.row(bytes(",#3~"));
    csv.flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"#1\",#2\r\n,#3\r\n");
  }

  @Test
  void rowsLongerThanTheBufferPassWhole() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyCsv csv = new CopyCsv(new boolean[] {true, true}, out);
    String big = "x".repeat(200_000);
    csv.row(bytes("a,b~"));
    csv.row(bytes(big + ",=" + big + "~"));
    csv.flush();
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
      })
  void rowsOfAnotherShapeAreRefused(String copy, String message) {
    CopyCsv csv = new CopyCsv(new boolean[] {true, true}, new ByteArrayOutputStream());
    assertThatThrownBy(() -> csv.row(bytes(copy)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
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
        assertThat(CopyCsv.triggers(utf8, 0, utf8.length))
            .as("U+%04X in \"%s\"", cp, value)
            .isEqualTo(FormulaSafety.triggers(value));
      }
    }
  }

  private static byte[] bytes(String row) {
    return unescape(row).getBytes(StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    return s.replace('|', '\r').replace('~', '\n');
  }
}
