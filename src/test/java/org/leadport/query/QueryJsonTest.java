package org.leadport.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.json.Json;

class QueryJsonTest {
  static final FieldRef NAME =
      Fields.STANDARD.regular(ObjectKind.LEAD, "display_name").orElseThrow();
  static final FieldRef VALUE =
      Fields.STANDARD.regular(ObjectKind.OPPORTUNITY, "value").orElseThrow();
  static final FieldRef EMAIL = Fields.STANDARD.regular(ObjectKind.CONTACT, "email").orElseThrow();
  static final FieldRef CUSTOM = FieldRef.custom("tier", ValueType.NUMBER, "cf_123");

  static Stream<Query> queries() {
    Instant t = Instant.parse("2026-02-18T13:04:05.123456Z");
    return Stream.of(
        new Query.All(),
        new Query.FreeText("ACME ünïcode"),
        new Query.InList("list_1"),
        new Query.Match(NAME, new Condition.Text(Condition.TextMode.PHRASE, "a b")),
        new Query.Match(NAME, new Condition.Exists()),
        new Query.Match(
            NAME,
            new Condition.Term(
                List.of("x", new BigDecimal("1.50"), true, LocalDate.of(2026, 2, 18), t))),
        new Query.Match(
            CUSTOM,
            new Condition.NumberRange(new BigDecimal("1"), null, null, new BigDecimal("9.90"))),
        new Query.Match(NAME, new Condition.MomentRange(null, t, t.plusSeconds(1), null)),
        new Query.Not(
            new Query.Or(
                List.of(
                    new Query.Related(
                        ObjectKind.CONTACT,
                        new Query.Match(
                            EMAIL, new Condition.Text(Condition.TextMode.TOKEN_PATTERN, "*@x.io"))),
                    new Query.Related(
                        ObjectKind.OPPORTUNITY,
                        new Query.And(
                            List.of(
                                new Query.Match(
                                    VALUE,
                                    new Condition.NumberRange(
                                        null, new BigDecimal("100"), null, null)),
                                new Query.All())))))));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void everyQueryRoundTripsThroughStoredJson(Query q) throws Exception {
    String stored = Json.text(QueryJson.write(q));
    Query back = QueryJson.read(Json.parse(stored));
    assertThat(back).isEqualTo(q);
    // Scale is kept: 1.50 stays 1.50, not 1.5.
    assertThat(Json.text(QueryJson.write(back))).isEqualTo(stored);
  }

  @ParameterizedTest
  @MethodSource("queries")
  void theStoredQueryCompilesToTheSameSql(Query q) throws Exception {
    Sql before = QueryCompiler.lead(q, "l");
    Sql after = QueryCompiler.lead(QueryJson.read(Json.parse(Json.text(QueryJson.write(q)))), "l");
    assertThat(after.bound()).isEqualTo(before.bound());
    assertThat(after.inlined()).isEqualTo(before.inlined());
  }

  /**
   * Queued jobs hold their query in this form across deploys, so it is pinned byte for byte in
   * {@code stored.txt} (on a difference the test writes what it got to {@code
   * target/stored.actual.txt}).
   */
  @org.junit.jupiter.api.Test
  void theStoredFormIsPinned() throws Exception {
    StringBuilder actual = new StringBuilder();
    queries().forEach(q -> actual.append(Json.text(QueryJson.write(q))).append('\n'));
    String expected;
    try (java.io.InputStream in =
        java.util.Objects.requireNonNull(
            QueryJsonTest.class.getResourceAsStream("stored.txt"), "stored.txt")) {
      expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (!expected.equals(actual.toString())) {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "stored.actual.txt"), actual);
    }
    assertThat(actual.toString()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void aMalformedTreeFailsLoudly() throws Exception {
    assertThatThrownBy(() -> QueryJson.read(Json.object().put("type", "xor")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stored query is malformed: unknown query node type xor");
    // A condition's components are read by their records: a missing one that may not be null is
    // refused, one declared @Nullable (an open bound) reads as null.
    String field = Json.text(QueryJson.writeField(NAME));
    assertThatThrownBy(() ->
            QueryJson.read(
                Json.parse(
                    "{\"type\":\"match\",\"field\":"
                        + field
                        + ",\"condition\":{\"type\":\"text\",\"mode\":\"PHRASE\"}}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stored query is malformed: missing value in ");
    assertThat(
            QueryJson.read(
                Json.parse(
                    "{\"type\":\"match\",\"field\":"
                        + field
                        + ",\"condition\":{\"type\":\"number_range\",\"lt\":\"5\"}}")))
        .isEqualTo(
            new Query.Match(
                NAME, new Condition.NumberRange(null, null, new BigDecimal("5"), null)));
  }
}
