package org.leadport.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a field's value must satisfy. A closed set; the compiler handles each kind. */
public sealed interface Condition {

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

  /** A text match. */
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
        case FULL_WORDS, BEGINNING_OF_WORDS -> QueryCompiler.words(value.trim()).size();
      };
    }
  }

  /** Equal to any of the values (typed by the field). */
  record Term(List<Object> values) implements Condition {
    public Term {
      values = List.copyOf(values);
    }
  }

  /** A number within bounds; null bounds are open. */
  record NumberRange(
      @Nullable BigDecimal gt,
      @Nullable BigDecimal gte,
      @Nullable BigDecimal lt,
      @Nullable BigDecimal lte)
      implements Condition {}

  /** A date or instant within bounds: {@code onOrAfter <= value < before}, or {@code <= until}. */
  record MomentRange(
      @Nullable Instant after,
      @Nullable Instant onOrAfter,
      @Nullable Instant before,
      @Nullable Instant onOrBefore)
      implements Condition {}

  /** The field has a value (not null, not empty text). */
  record Exists() implements Condition {}
}
