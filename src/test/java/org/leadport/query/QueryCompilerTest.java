package org.leadport.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The SQL every kind of query and condition compiles to, bound (for jdbi) and inlined (for COPY),
 * pinned byte for byte in {@code compiled.txt}: the planner's index use and COPY's literals depend
 * on this text, so a refactoring of the compiler or of a condition must leave it as it is. On a
 * difference the test writes what it got to {@code target/compiled.actual.txt}.
 */
class QueryCompilerTest {
  private static final Fields FIELDS = Fields.STANDARD;
  private static final FieldRef DISPLAY_NAME = lead("display_name");
  private static final FieldRef NAME = lead("name");
  private static final FieldRef DESCRIPTION = lead("description");
  private static final FieldRef UPDATED = lead("date_updated");
  private static final FieldRef STATUS_LABEL = lead("status_label");
  private static final FieldRef EMAIL = field(ObjectKind.CONTACT, "email");
  private static final FieldRef TITLE = field(ObjectKind.CONTACT, "title");
  private static final FieldRef VALUE = field(ObjectKind.OPPORTUNITY, "value");
  private static final FieldRef WON = field(ObjectKind.OPPORTUNITY, "date_won");
  private static final FieldRef TIER = FieldRef.custom("tier", ValueType.NUMBER, "cf_tier");
  private static final FieldRef VIP = FieldRef.custom("vip", ValueType.BOOLEAN, "cf_vip");
  private static final FieldRef MET = FieldRef.custom("met", ValueType.DATE, "cf_met");
  private static final FieldRef SEEN = FieldRef.custom("seen", ValueType.DATETIME, "cf_seen");
  private static final FieldRef NOTE = FieldRef.custom("note", ValueType.TEXT, "cf_note");
  private static final Instant T = Instant.parse("2026-02-18T13:04:05.123456Z");

  private static FieldRef lead(String name) {
    return field(ObjectKind.LEAD, name);
  }

  private static FieldRef field(ObjectKind kind, String name) {
    return FIELDS.regular(kind, name).orElseThrow();
  }

  /** The operators the cases use, so that a new one cannot go unpinned. */
  private static final java.util.Set<Class<?>> PINNED = new java.util.HashSet<>();

  private static Query match(FieldRef f, Condition c) {
    PINNED.add(c.getClass());
    return new Query.Match(f, c);
  }

  private static Condition text(Condition.TextMode mode, String value) {
    return new Condition.Text(mode, value);
  }

  /** Every case by name: the lead-rooted ones compile over {@code l}, the others as noted. */
  static Map<String, Sql> cases() {
    Map<String, Sql> c = new LinkedHashMap<>();
    leadCase(c, "all", new Query.All());
    leadCase(c, "and empty", new Query.And(List.of()));
    leadCase(c, "or empty", new Query.Or(List.of()));
    leadCase(
        c,
        "not of or of and",
        new Query.Not(
            new Query.Or(
                List.of(
                    new Query.And(List.of(new Query.All(), new Query.FreeText("a_b%c\\d"))),
                    new Query.InList("list_1")))));
    for (Condition.TextMode mode : Condition.TextMode.values()) {
      leadCase(c, "text " + mode + " description", match(DESCRIPTION, text(mode, " ACME (Inc.) ")));
      leadCase(
          c, "text " + mode + " display_name", match(DISPLAY_NAME, text(mode, "Bob's *Cafe*")));
      leadCase(c, "text " + mode + " name", match(NAME, text(mode, "x")));
      leadCase(c, "text " + mode + " no words", match(DESCRIPTION, text(mode, " !! ")));
      leadCase(c, "text " + mode + " no words display_name", match(DISPLAY_NAME, text(mode, "!!")));
      leadCase(c, "text " + mode + " custom", match(NOTE, text(mode, "gold*tier")));
      leadCase(
          c,
          "text " + mode + " contact email",
          new Query.Related(ObjectKind.CONTACT, match(EMAIL, text(mode, "*@acme.io"))));
    }
    leadCase(c, "term text", match(STATUS_LABEL, new Condition.Term(List.of("Won", "Lost"))));
    leadCase(c, "term empty", match(DESCRIPTION, new Condition.Term(List.of())));
    leadCase(
        c,
        "term number custom",
        match(TIER, new Condition.Term(List.of(new BigDecimal("1.50"), "2", 3))));
    leadCase(c, "term boolean custom", match(VIP, new Condition.Term(List.of(true, "false"))));
    leadCase(
        c,
        "term date custom",
        match(MET, new Condition.Term(List.of(LocalDate.of(2026, 2, 18), "2026-02-19"))));
    leadCase(c, "term datetime custom", match(SEEN, new Condition.Term(List.of(T))));
    leadCase(c, "term datetime column", match(UPDATED, new Condition.Term(List.of(T))));
    leadCase(
        c,
        "term contact email",
        new Query.Related(ObjectKind.CONTACT, match(EMAIL, new Condition.Term(List.of("a@b.c")))));
    leadCase(
        c,
        "number range all bounds",
        new Query.Related(
            ObjectKind.OPPORTUNITY,
            match(
                VALUE,
                new Condition.NumberRange(
                    BigDecimal.ONE, BigDecimal.TWO, BigDecimal.TEN, new BigDecimal("9.5")))));
    leadCase(
        c, "number range open", match(TIER, new Condition.NumberRange(null, null, null, null)));
    leadCase(
        c,
        "number range custom",
        match(TIER, new Condition.NumberRange(null, BigDecimal.ONE, null, null)));
    leadCase(
        c,
        "moment range datetime",
        match(
            UPDATED,
            new Condition.MomentRange(T, T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(3))));
    leadCase(
        c,
        "moment range date",
        new Query.Related(
            ObjectKind.OPPORTUNITY,
            match(WON, new Condition.MomentRange(null, T, null, T.plusSeconds(86_400)))));
    leadCase(
        c, "moment range custom date", match(MET, new Condition.MomentRange(null, null, T, null)));
    leadCase(
        c,
        "moment range custom datetime",
        match(SEEN, new Condition.MomentRange(T, null, null, null)));
    leadCase(
        c, "moment range open", match(UPDATED, new Condition.MomentRange(null, null, null, null)));
    leadCase(c, "exists text", match(DESCRIPTION, new Condition.Exists()));
    leadCase(c, "exists name", match(DISPLAY_NAME, new Condition.Exists()));
    leadCase(c, "exists datetime", match(UPDATED, new Condition.Exists()));
    leadCase(c, "exists custom number", match(TIER, new Condition.Exists()));
    leadCase(c, "exists custom text", match(NOTE, new Condition.Exists()));
    leadCase(
        c,
        "changed since a snapshot",
        match(lead("id"), new Condition.ChangedSince("ws_1", "100:105:101,103")));
    leadCase(
        c,
        "changed since a change",
        match(lead("id"), new Condition.ChangedSince("ws_1", "100:105:101,103/103:lead_b")));
    leadCase(
        c,
        "exists contact email",
        new Query.Related(ObjectKind.CONTACT, match(EMAIL, new Condition.Exists())));
    leadCase(
        c,
        "related numbering",
        new Query.And(
            List.of(
                new Query.Related(
                    ObjectKind.CONTACT,
                    new Query.Not(match(TITLE, text(Condition.TextMode.PHRASE, "vp sales")))),
                new Query.Related(
                    ObjectKind.OPPORTUNITY,
                    new Query.And(
                        List.of(
                            match(
                                VALUE, new Condition.NumberRange(null, BigDecimal.ONE, null, null)),
                            new Query.InList("list_2"),
                            new Query.FreeText("x")))))));
    c.put(
        "root contact",
        QueryCompiler.root(
            new Query.And(
                List.of(
                    match(EMAIL, text(Condition.TextMode.EXACT_VALUE, "A@B.C")),
                    match(TITLE, new Condition.Exists()),
                    new Query.InList("list_3"),
                    new Query.FreeText("acme"),
                    match(TIER, new Condition.Term(List.of(BigDecimal.ONE))))),
            ObjectKind.CONTACT,
            "c"));
    return c;
  }

  private static void leadCase(Map<String, Sql> c, String name, Query q) {
    c.put(name, QueryCompiler.lead(q, "l"));
  }

  @Test
  void everyKindCompilesToThePinnedSql() throws IOException {
    StringBuilder actual = new StringBuilder();
    cases().forEach((name, sql) -> actual.append(render(name, sql)));
    String expected;
    try (InputStream in =
        Objects.requireNonNull(
            QueryCompilerTest.class.getResourceAsStream("compiled.txt"), "compiled.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!expected.equals(actual.toString())) {
      Files.writeString(Path.of("target", "compiled.actual.txt"), actual);
    }
    assertThat(actual.toString()).isEqualTo(expected);
  }

  @Test
  void everyOperatorHasItsCasesHere() {
    cases();
    assertThat(PINNED).containsExactlyInAnyOrder(Condition.class.getPermittedSubclasses());
  }

  @Test
  void aRelatedObjectIsOnlyReachableFromALead() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            QueryCompiler.root(
                new Query.Related(ObjectKind.CONTACT, new Query.All()), ObjectKind.CONTACT, "c"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String render(String name, Sql sql) {
    StringBuilder out = new StringBuilder("== ").append(name).append('\n');
    Sql.Bound bound = sql.bound();
    out.append("bound:   ").append(bound.sql()).append('\n');
    bound
        .binds()
        .forEach((k, v) -> out.append("  ").append(k).append(" = ").append(value(v)).append('\n'));
    out.append("inlined: ").append(sql.inlined()).append('\n');
    return out.toString();
  }

  /** A bound value with its type, independent of the JVM's time zone. */
  private static String value(Object v) {
    return switch (v) {
      case Timestamp t -> "Timestamp " + t.toInstant();
      case java.sql.Date d -> "Date " + d.toLocalDate();
      default -> v.getClass().getSimpleName() + " " + v;
    };
  }
}
