package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CopySql}: placeholders found where SQL has them, and the literals they become. */
class CopySqlTest {
  @Test
  void placeholdersOutsideLiteralsIdentifiersAndCastsAreReplaced() {
    String sql =
        "select x::text, ':p0', \"a:p0\", E'\\':p0', y from t where a = :p0 and b = :p1::int";
    assertThat(CopySql.inline(sql, Map.of("p0", "v", "p1", 7)))
        .isEqualTo(
            "select x::text, ':p0', \"a:p0\", E'\\':p0', y from t where a = E'v'::varchar"
                + " and b = '7'::int4::int");
  }

  @Test
  void theCopyStatementWrapsTheQuery() {
    assertThat(CopySql.csv("select :p0", Map.of("p0", 1L)))
        .isEqualTo("copy (select '1'::int8) to stdout (format csv)");
  }

  @Test
  void literalsOfEachBoundType() {
    assertThat(CopySql.literal(null)).isEqualTo("null");
    assertThat(CopySql.literal("it's a \\ path")).isEqualTo("E'it''s a \\\\ path'::varchar");
    assertThat(CopySql.literal(new BigDecimal("-1.50"))).isEqualTo("'-1.50'::numeric");
    assertThat(CopySql.literal(true)).isEqualTo("'true'::bool");
    assertThat(CopySql.literal(Timestamp.from(Instant.parse("2026-12-02T10:55:32.1234565Z"))))
        .isEqualTo("'2026-12-02 10:55:32.123457+00'");
    assertThat(CopySql.literal(Timestamp.from(Instant.parse("-0001-03-04T05:06:07Z"))))
        .isEqualTo("'0002-03-04 05:06:07.000000+00 BC'");
    assertThat(CopySql.literal(java.sql.Date.valueOf(LocalDate.of(12, 1, 31))))
        .isEqualTo("'0012-01-31'");
  }

  @Test
  void whatCannotBeWrittenIsRefused() {
    assertThatThrownBy(() -> CopySql.inline("select :p9", Map.of("p0", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no value for the placeholder :p9");
    assertThatThrownBy(() -> CopySql.inline("select 'open", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an unterminated ' in the export's SQL");
    assertThatThrownBy(() -> CopySql.literal(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COPY cannot carry a bound java.lang.Object");
    assertThatThrownBy(() -> CopySql.literal("a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a bound string cannot hold a NUL character");
  }
}
