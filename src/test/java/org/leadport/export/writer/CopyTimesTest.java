package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.export.column.DateFormat;

/**
 * {@link CopyTimes} writes PostgreSQL's text of a UTC time (and Leadport's stored ISO text) as
 * {@code to_char} writes it in each date format; CopyCsvIT compares the two on a real PostgreSQL.
 */
class CopyTimesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-02-18 13:04:05.123456|RFC3339_MICROS|2026-02-18T13:04:05.123456Z",
        "2026-02-18 13:04:05.12|RFC3339_MICROS|2026-02-18T13:04:05.120000Z",
        "2026-02-18 13:04:05|RFC3339_MICROS|2026-02-18T13:04:05.000000Z",
        "2026-02-18T13:04:05.123456Z|RFC3339_MICROS|2026-02-18T13:04:05.123456Z",
        "2026-02-18 13:04:05.5|ORIGINAL|2026-02-18 13:04:05.500000+00:00",
        "2026-02-18T13:04:05.123456Z|ORIGINAL|2026-02-18 13:04:05.123456+00:00",
        "2026-02-18 13:04:05.999999|ISO8601|2026-02-18T13:04:05+00:00",
        "2026-02-18 00:04:05|EXCEL|2026-02-18 12:04:05 AM",
        "2026-02-18 11:59:59.9|EXCEL|2026-02-18 11:59:59 AM",
        "2026-02-18 12:00:00|EXCEL|2026-02-18 12:00:00 PM",
        "2026-02-18 13:04:05|EXCEL|2026-02-18 01:04:05 PM",
        "2026-02-18T23:04:05.000001Z|EXCEL|2026-02-18 11:04:05 PM",
        "0001-01-01 00:00:00|RFC3339_MICROS|0001-01-01T00:00:00.000000Z",
        "10000-01-01 04:00:00|ORIGINAL|10000-01-01 04:00:00.000000+00:00",
        "0044-03-15 12:00:00 BC|RFC3339_MICROS|0044-03-15T12:00:00.000000Z",
      })
  void formatsAsToCharDoes(String text, DateFormat format, String expected) {
    assertThat(format(format, text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"infinity", "-infinity"})
  void anInfiniteTimeIsNull(String text) {
    assertThat(format(DateFormat.ORIGINAL, text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-18",
        "2026-02-18 13:04",
        "2026-02-18 13-04-05",
        "2026-02-18 13:04:05+00",
        "2026-02-18 13:04:05.1234567",
        "=HYPERLINK(1)",
        "26-02-18 13:04:05"
      })
  void textOfAnotherShapeIsRefused(String text) {
    assertThatThrownBy(() -> format(DateFormat.RFC3339_MICROS, text))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(text);
  }

  private static String format(DateFormat format, String text) {
    byte[] row = ("x" + text + "y").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[CopyTimes.MAX];
    int n = CopyTimes.format(format, row, 1, row.length - 1, out);
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
