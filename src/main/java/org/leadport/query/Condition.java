package org.leadport.query;

import static org.leadport.query.Operand.parenthesized;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a field's value must satisfy: the query model's operators, a closed set. Each renders its
 * own SQL from the {@link Operand} the compiler hands it, so an operator is one record here
 * (docs/architecture.md, "A query operator"). Values are only ever bound, never written into the
 * text. A condition on an absent value may yield NULL, which a WHERE clause treats as false.
 */
public sealed interface Condition {

  /**
   * This condition on {@code field} as a boolean SQL expression.
   *
   * @param field the field's value as SQL, its type and its shapes (see {@link Operand})
   */
  Sql sql(Operand field);

  /** How a text condition matches. */
  enum TextMode {
    /** Every word of the value appears as a whole word, in any order. */
    FULL_WORDS,
    /** The words appear together, in order, as whole words. */
    PHRASE,
    /** Every word of the value starts some word of the field. */
    BEGINNING_OF_WORDS,
    /** The whole value equals the field, ignoring case. */
    EXACT_VALUE,
    /** A token pattern where {@code *} matches any run of characters (HubSpot CONTAINS_TOKEN). */
    TOKEN_PATTERN
  }

  /** A text match, ignoring case; words as PostgreSQL's {@code \m} and {@code \M} see them. */
  record Text(TextMode mode, String value) implements Condition {
    public Text {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(value, "value");
    }

    /**
     * How many regular expressions this condition compiles to. PostgreSQL caches 32 compiled
     * expressions per connection; a query needing more recompiles them for every row, so parsers
     * bound the total.
     */
    public int regexCount() {
      return switch (mode) {
        case EXACT_VALUE -> 0;
        case PHRASE, TOKEN_PATTERN -> 1;
        case FULL_WORDS, BEGINNING_OF_WORDS -> Patterns.words(value.trim()).size();
      };
    }

    @Override
    public Sql sql(Operand field) {
      List<String> words = Patterns.words(value.trim());
      // Each literal piece the match needs, for the index on a lead's names.
      List<String> pieces =
          switch (mode) {
            case EXACT_VALUE -> List.of(value);
            case TOKEN_PATTERN -> List.of(value.split("\\*"));
            default -> words;
          };
      return field.narrowed(pieces, field.some(match(field.text(), words)));
    }

    private Sql match(Sql expr, List<String> words) {
      // A value without any word matches nothing (but as a whole value or a pattern).
      if (words.isEmpty() && mode != TextMode.EXACT_VALUE && mode != TextMode.TOKEN_PATTERN) {
        return Sql.text("false");
      }
      List<String> escaped = words.stream().map(Patterns::regexEscape).toList();
      return switch (mode) {
        case EXACT_VALUE ->
            Sql.text("(lower(").append(expr).append(") = lower(").bind(value).append("))");
        case PHRASE ->
            parenthesized(
                expr.append(" ~* ").bind("\\m" + String.join("[^[:alnum:]_]+", escaped) + "\\M"));
        case FULL_WORDS -> everyWord(expr, escaped, "\\M");
        case BEGINNING_OF_WORDS -> everyWord(expr, escaped, "");
        case TOKEN_PATTERN ->
            parenthesized(expr.append(" ~* ").bind(Patterns.tokenRegex(value.trim())));
      };
    }

    private static Sql everyWord(Sql expr, List<String> escaped, String end) {
      List<Sql> parts = new ArrayList<>();
      for (String w : escaped) {
        parts.add(expr.append(" ~* ").bind("\\m" + w + end));
      }
      return parenthesized(Sql.join(" and ", parts));
    }
  }

  /** Equal to any of the values (typed by the field); no values match nothing. */
  record Term(List<Object> values) implements Condition {
    public Term {
      values = List.copyOf(values);
    }

    @Override
    public Sql sql(Operand field) {
      if (values.isEmpty()) {
        return field.some(Sql.text("false"));
      }
      List<Sql> parts = new ArrayList<>();
      for (Object v : values) {
        parts.add(field.typed().append(" = ").bind(typed(field.type(), v)));
      }
      return field.some(parenthesized(Sql.join(" or ", parts)));
    }

    private static Object typed(ValueType type, Object v) {
      return switch (type) {
        case NUMBER -> v instanceof BigDecimal ? v : new BigDecimal(v.toString());
        case BOOLEAN -> v instanceof Boolean ? v : Boolean.valueOf(v.toString());
        case DATE -> v instanceof LocalDate d ? java.sql.Date.valueOf(d) : v;
        case DATETIME -> v instanceof Instant i ? Timestamp.from(i) : v;
        case TEXT -> v.toString();
      };
    }
  }

  /** A number within bounds; null bounds are open, all open means "has a value". */
  record NumberRange(
      @Nullable BigDecimal gt,
      @Nullable BigDecimal gte,
      @Nullable BigDecimal lt,
      @Nullable BigDecimal lte)
      implements Condition {

    @Override
    public Sql sql(Operand field) {
      return field.some(within(field.typed(), gt, gte, lt, lte));
    }
  }

  /**
   * A date or instant within bounds: {@code onOrAfter <= value < before}, or {@code <= until}; null
   * bounds are open, all open means "has a value". On a date field the bounds are their days (UTC).
   */
  record MomentRange(
      @Nullable Instant after,
      @Nullable Instant onOrAfter,
      @Nullable Instant before,
      @Nullable Instant onOrBefore)
      implements Condition {

    @Override
    public Sql sql(Operand field) {
      ValueType type = field.type();
      return field.some(
          within(
              field.typed(),
              moment(type, after),
              moment(type, onOrAfter),
              moment(type, before),
              moment(type, onOrBefore)));
    }

    private static @Nullable Object moment(ValueType type, @Nullable Instant t) {
      if (t == null) {
        return null;
      }
      return type == ValueType.DATE
          ? java.sql.Date.valueOf(LocalDate.ofInstant(t, ZoneOffset.UTC))
          : Timestamp.from(t);
    }
  }

  /** The field has a value (not null, not empty text; for a multi-valued field, any). */
  record Exists() implements Condition {
    @Override
    public Sql sql(Operand field) {
      String array = field.arrayColumn();
      if (array != null) {
        return Sql.text("jsonb_array_length(" + array + ") > 0");
      }
      return parenthesized(
          field.text().append(field.type() == ValueType.TEXT ? " <> ''" : " is not null"));
    }
  }

  /**
   * The lead (the field is its id) changed after a change feed position: the change log of the
   * workspace has a change of it that the position had not seen, among those the reading snapshot
   * sees (a delta export, docs/changes.md). The export's own snapshot is the position after it, so
   * its changes cursor continues with exactly the changes it did not hold.
   *
   * @param position the position as {@link ChangePosition#toString()} writes it
   */
  record ChangedSince(String workspaceId, String position) implements Condition {
    public ChangedSince {
      Objects.requireNonNull(workspaceId, "workspaceId");
      ChangePosition.parse(position);
    }

    /** The condition of leads changed after {@code position} in the workspace. */
    public static ChangedSince of(String workspaceId, ChangePosition position) {
      return new ChangedSince(workspaceId, position.toString());
    }

    @Override
    public Sql sql(Operand field) {
      return parenthesized(
          field
              .text()
              // The change log's ids sort byte-wise ("C"); the leads' own collation keeps their
              // primary key usable, as the change log's own reads do.
              .append(" in (select c.lead_id collate \"default\" from lead_changes c where ")
              .append(ChangePosition.parse(position).unseen(workspaceId, null))
              .append(")"));
    }
  }

  /** {@code typed} within the bounds that are not null, or "is not null" when none is. */
  private static Sql within(
      Sql typed,
      @Nullable Object gt,
      @Nullable Object gte,
      @Nullable Object lt,
      @Nullable Object lte) {
    List<Sql> parts = new ArrayList<>();
    bound(parts, typed, ">", gt);
    bound(parts, typed, ">=", gte);
    bound(parts, typed, "<", lt);
    bound(parts, typed, "<=", lte);
    return parts.isEmpty()
        ? parenthesized(typed.append(" is not null"))
        : parenthesized(Sql.join(" and ", parts));
  }

  private static void bound(List<Sql> parts, Sql typed, String op, @Nullable Object value) {
    if (value != null) {
      parts.add(typed.append(" " + op + " ").bind(value));
    }
  }
}
