package org.leadport.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Sql}: values composed in place, rendered bound (for jdbi) or inlined as literals. */
class SqlTest {
  private static final Sql QUOTED =
      Sql.text("select x::text, ':p0', \"a:p0\", E'\\':p0', y from t where a = ")
          .bind("v")
          .append(" and b = ")
          .bind(7)
          .append("::int");

  @Test
  void valuesAreInlinedWhereTheyStandWhateverTheTextAroundThem() {
    assertThat(QUOTED.inlined())
        .isEqualTo(
            "select x::text, ':p0', \"a:p0\", E'\\':p0', y from t where a = E'v'::varchar"
                + " and b = '7'::int4::int");
  }

  @Test
  void boundValuesAreNamedInTextOrder() {
    Sql.Bound bound = QUOTED.bound();
    assertThat(bound.sql())
        .isEqualTo(
            "select x::text, ':p0', \"a:p0\", E'\\':p0', y from t where a = :p0 and b = :p1::int");
    assertThat(bound.binds()).containsExactly(Map.entry("p0", "v"), Map.entry("p1", 7));
    // Named by where they stand, not by when they were bound.
    Sql late = Sql.text("b = ").bind(2);
    Sql early = Sql.text("a = ").bind(1);
    Sql both = Sql.join(" and ", List.of(early, late));
    assertThat(both.bound().sql()).isEqualTo("a = :p0 and b = :p1");
    assertThat(both.bound().binds()).containsExactly(Map.entry("p0", 1), Map.entry("p1", 2));
    assertThat(both.toString()).isEqualTo("a = :p0 and b = :p1");
  }

  @Test
  void piecesCompose() {
    Sql a = Sql.text("(").append(Sql.value("x")).append(")");
    assertThat(a).isEqualTo(new Sql(List.of("(", ")"), List.of("x")));
    assertThat(Sql.join(", ", List.of())).isEqualTo(Sql.empty());
    assertThat(Sql.empty().isEmpty()).isTrue();
    assertThat(Sql.value("").isEmpty()).isFalse();
    assertThat(Sql.join(", ", List.of(Sql.value(1), Sql.value(2), Sql.text("z"))))
        .isEqualTo(new Sql(List.of("", ", ", ", z"), List.of(1, 2)));
    assertThat(Sql.empty().append(a).append(Sql.empty())).isEqualTo(a);
    // Composing leaves the pieces as they were.
    Sql base = Sql.text("a = ").bind(1);
    base.append(" and b = ").bind(2);
    assertThat(base.bound().sql()).isEqualTo("a = :p0");
  }

  @Test
  void aNullValueIsSqlNull() {
    Sql sql = Sql.text("select ").bind(null);
    assertThat(sql.inlined()).isEqualTo("select null");
    Map<String, Object> binds = new LinkedHashMap<>();
    binds.put("p0", null);
    assertThat(sql.bound().binds()).isEqualTo(binds);
    assertThat(sql.values()).isEqualTo(Arrays.asList((Object) null));
  }

  @Test
  void literalsOfEachBoundType() {
    assertThat(Sql.value(null).inlined()).isEqualTo("null");
    assertThat(Sql.value("it's a \\ path").inlined()).isEqualTo("E'it''s a \\\\ path'::varchar");
    assertThat(Sql.value(42).inlined()).isEqualTo("'42'::int4");
    assertThat(Sql.value(-9L).inlined()).isEqualTo("'-9'::int8");
    assertThat(Sql.value(new BigDecimal("-1.50")).inlined()).isEqualTo("'-1.50'::numeric");
    assertThat(Sql.value(true).inlined()).isEqualTo("'true'::bool");
    assertThat(Sql.value(Timestamp.from(Instant.parse("2026-12-02T10:55:32.1234565Z"))).inlined())
        .isEqualTo("'2026-12-02 10:55:32.123457+00'");
    assertThat(Sql.value(Timestamp.from(Instant.parse("-0001-03-04T05:06:07Z"))).inlined())
        .isEqualTo("'0002-03-04 05:06:07.000000+00 BC'");
    assertThat(Sql.value(java.sql.Date.valueOf(LocalDate.of(12, 1, 31))).inlined())
        .isEqualTo("'0012-01-31'");
  }

  @Test
  void whatCannotBeWrittenIsRefused() {
    assertThatThrownBy(() -> new Sql(List.of("select ", ""), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 texts cannot stand around 0 values");
    assertThatThrownBy(() -> Sql.text("select 'open").inlined())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an unterminated ' in Leadport's SQL");
    // A value is never written inside a literal or identifier the text leaves open.
    assertThatThrownBy(() -> Sql.text("select 'open ").bind(1).append("'").inlined())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an unterminated ' in Leadport's SQL");
    assertThatThrownBy(() -> Sql.text("select \"open ").bind(1).append("\"").inlined())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an unterminated \" in Leadport's SQL");
    assertThatThrownBy(() -> Sql.value(new Object()).inlined())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COPY cannot carry a bound java.lang.Object");
    assertThatThrownBy(() -> Sql.value("a\0b").inlined())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a bound string cannot hold a NUL character");
  }
}
