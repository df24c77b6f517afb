package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written readers of PostgreSQL's text agree with java.time and BigDecimal. */
class PgTextTest {
  private static long javaMicros(String v) {
    Instant t = OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-18T13:04:05.123456Z",
        "1970-01-01T00:00:00.000000Z",
        "1969-12-31T23:59:59.999999Z",
        "0001-01-01T00:00:00.000000Z",
        "0000-03-01T00:00:00.000000Z",
        "9999-12-31T23:59:59.999999Z",
        "2024-02-29T12:00:00.000001Z",
        "2000-02-29T00:00:00.500000Z",
        "1900-03-01T00:00:00.000000Z",
        "1600-02-29T00:00:00.000000Z",
        "2026-02-18T13:04:05Z",
        "2026-02-18T13:04:05.1Z",
        "2026-02-18T13:04:05.12Z",
        "2026-02-18T13:04:05.123Z",
        "2026-02-18T13:04:05.1234Z",
        "2026-02-18T13:04:05.12345Z",
        "2026-02-18T13:04:05.123456+00:00",
        "2026-02-18T13:04:05.123456+02:00",
        "2026-02-18T13:04:05.123456-05:30",
        "2026-02-18T13:04:05-11:00",
        "2026-02-18T13:04:05.123456789Z",
        "+12026-02-18T13:04:05.123456Z",
        "2026-12-31T23:59:59.999999Z",
        "2026-01-01T00:00:00.000000Z"
      })
  void readsAnInstantAsJavaTimeDoes(String v) {
    assertThat(PgText.epochMicros(v)).isEqualTo(javaMicros(v));
  }

  @Test
  void readsEveryInstantOfAWideRangeAsJavaTimeDoes() {
    SplittableRandom random = new SplittableRandom(19);
    DateTimeFormatter pg =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT);
    long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant t =
          Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000) * 1000L);
      String v = pg.format(t.atOffset(ZoneOffset.UTC));
      assertThat(PgText.epochMicros(v)).as(v).isEqualTo(javaMicros(v));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30T13:04:05.123456Z",
        "2025-02-29T13:04:05.123456Z",
        "1900-02-29T00:00:00.000000Z",
        "2026-13-01T13:04:05.123456Z",
        "2026-00-01T13:04:05.123456Z",
        "2026-02-18T24:00:00.000000Z",
        "2026-02-18T13:60:05.123456Z",
        "2026-02-18T13:04:05.Z",
        "2026-02-18T13:04:05.123456",
        "2026-02-18T13:04:05.123456+0",
        "2026-02-18T1x:04:05.123456Z",
        "2026-02-18 13:04:05.123456",
        "infinity",
        ""
      })
  void refusesWhatJavaTimeRefuses(String v) {
    long expected;
    try {
      expected = javaMicros(v);
    } catch (DateTimeException e) {
      assertThatThrownBy(() -> PgText.epochMicros(v)).isInstanceOf(DateTimeException.class);
      return;
    }
    // java.time reads a few of these (a point without digits): then so must the reader.
    assertThat(PgText.epochMicros(v)).isEqualTo(expected);
  }

  @Test
  void readsTheSpaceSeparatedFormOfPostgresqlsOwnText() {
    // Not what the statement sends today, but what timestamptz::text would: the same instant.
    assertThat(PgText.epochMicros("2026-02-18 13:04:05.123456+00"))
        .isEqualTo(javaMicros("2026-02-18T13:04:05.123456Z"));
    assertThat(PgText.epochMicros("2026-02-18 13:04:05+05:30"))
        .isEqualTo(javaMicros("2026-02-18T13:04:05+05:30"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-18",
        "1970-01-01",
        "1969-12-31",
        "0001-01-01",
        "9999-12-31",
        "2024-02-29",
        "2000-02-29",
        "1600-02-29",
        "+12026-02-18"
      })
  void readsADateAsJavaTimeDoes(String v) {
    assertThat(PgText.epochDay(v))
        .isEqualTo(LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay());
  }

  @Test
  void readsEveryDayOfFourHundredYearsAsJavaTimeDoes() {
    for (LocalDate d = LocalDate.of(1800, 1, 1);
        d.isBefore(LocalDate.of(2201, 1, 1));
        d = d.plusDays(1)) {
      assertThat(PgText.epochDay(d.toString())).isEqualTo(d.toEpochDay());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30",
        "2025-02-29",
        "1900-02-29",
        "2026-13-01",
        "2026-1-01",
        "0044-03-15 BC",
        "infinity",
        ""
      })
  void refusesADateJavaTimeRefuses(String v) {
    assertThatThrownBy(() -> PgText.epochDay(v)).isInstanceOf(DateTimeException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "12.3",
        "12.34",
        "-12.34",
        "1234",
        "0.01",
        "-0.01",
        "12.300",
        "1.",
        ".5",
        "+5",
        "1e3",
        "99999999999999.99",
        "92233720368547758.07",
        "-92233720368547758.08",
        "9999999999999999"
      })
  void readsADecimalAsBigDecimalDoes(String v) {
    long expected =
        new BigDecimal(v).setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    assertThat(PgText.unscaled(v)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.345", "0.001", "92233720368547758.08", "-92233720368547758.09"})
  void aDecimalItCannotHoldExactlyThrows(String v) {
    assertThatThrownBy(() -> PgText.unscaled(v)).isInstanceOf(ArithmeticException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "abc", "1,5", "12.3x"})
  void aDecimalThatIsNoNumberThrows(String v) {
    assertThatThrownBy(() -> PgText.unscaled(v)).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void readsBooleansAsPostgresqlWritesThem() {
    assertThat(PgText.bool("true")).isTrue();
    assertThat(PgText.bool("false")).isFalse();
    assertThatThrownBy(() -> PgText.bool("t")).isInstanceOf(NumberFormatException.class);
  }
}
