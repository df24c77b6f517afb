package org.leadport.surface.close;

import static org.leadport.surface.close.CloseInput.required;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.ValueType;

/**
 * Parses the {@code condition} of a Close {@code field_condition} (text, term, reference, number
 * and moment ranges, exists, boolean) and the moments it names, counting the text patterns of the
 * whole query against {@link CloseQueryParser#MAX_TEXT_PATTERNS}. Not thread-safe: one per query.
 */
final class CloseConditionParser {
  private final Clock clock;
  private int regexes;

  CloseConditionParser(Clock clock) {
    this.clock = clock;
  }

  /** The condition {@code in} puts on {@code field}, checked against the field's type. */
  Condition condition(JsonInput in, FieldRef field) {
    String type =
        in.oneOf(
            "type",
            Set.of(
                "text", "term", "reference", "number_range", "moment_range", "exists", "boolean"));
    if (type == null) {
      throw LeadportException.invalid(in.pathOf("type"), in.pathOf("type") + " is required.");
    }
    return switch (type) {
      case "text" -> {
        in.allowOnly(Set.of("type", "mode", "value"));
        expect(in, field, Set.of(ValueType.TEXT), "text");
        String mode =
            in.oneOf("mode", Set.of("full_words", "phrase", "beginning_of_words", "exact_value"));
        if (mode == null) {
          throw LeadportException.invalid(in.pathOf("mode"), in.pathOf("mode") + " is required.");
        }
        String value = in.requiredString("value", 1_000);
        Condition.Text text =
            new Condition.Text(Condition.TextMode.valueOf(mode.toUpperCase(Locale.ROOT)), value);
        regexes += text.regexCount();
        if (regexes > CloseQueryParser.MAX_TEXT_PATTERNS) {
          throw LeadportException.invalid(
              in.pathOf("value"),
              "The query's text conditions hold more than "
                  + CloseQueryParser.MAX_TEXT_PATTERNS
                  + " words to match; narrow it or use exact_value.");
        }
        yield text;
      }
      case "term" -> {
        in.allowOnly(Set.of("type", "values"));
        yield new Condition.Term(CloseValues.list(in, "values", field.type()));
      }
      case "reference" -> {
        in.allowOnly(Set.of("type", "reference_type", "object_ids"));
        expect(in, field, Set.of(ValueType.TEXT), "reference");
        in.string("reference_type", 200);
        yield new Condition.Term(new ArrayList<>(in.strings("object_ids", 1_000, 200)));
      }
      case "number_range" -> {
        in.allowOnly(Set.of("type", "gt", "gte", "lt", "lte"));
        expect(in, field, Set.of(ValueType.NUMBER), "number_range");
        BigDecimal gt = CloseValues.number(in, "gt");
        BigDecimal gte = CloseValues.number(in, "gte");
        BigDecimal lt = CloseValues.number(in, "lt");
        BigDecimal lte = CloseValues.number(in, "lte");
        if (gt == null && gte == null && lt == null && lte == null) {
          throw LeadportException.invalid(
              in.path(), in.path() + " needs at least one of gt, gte, lt, lte.");
        }
        yield new Condition.NumberRange(gt, gte, lt, lte);
      }
      case "moment_range" -> {
        in.allowOnly(Set.of("type", "on_or_after", "after", "before", "on_or_before"));
        expect(in, field, Set.of(ValueType.DATE, ValueType.DATETIME), "moment_range");
        Instant onOrAfter = moment(in.object("on_or_after"));
        Instant after = moment(in.object("after"));
        Instant before = moment(in.object("before"));
        Instant onOrBefore = moment(in.object("on_or_before"));
        if (onOrAfter == null && after == null && before == null && onOrBefore == null) {
          throw LeadportException.invalid(
              in.path(), in.path() + " needs on_or_after, after, before or on_or_before.");
        }
        yield new Condition.MomentRange(after, onOrAfter, before, onOrBefore);
      }
      case "exists" -> {
        in.allowOnly(Set.of("type"));
        yield new Condition.Exists();
      }
      case "boolean" -> {
        in.allowOnly(Set.of("type", "value"));
        expect(in, field, Set.of(ValueType.BOOLEAN), "boolean");
        Boolean value = in.bool("value");
        if (value == null) {
          throw LeadportException.invalid(in.pathOf("value"), in.pathOf("value") + " is required.");
        }
        yield new Condition.Term(List.of(value));
      }
      default -> throw new IllegalStateException("unhandled condition " + type);
    };
  }

  /** A moment: fixed_utc, fixed_local_date (UTC days), now, or an offset from another moment. */
  private @Nullable Instant moment(@Nullable JsonInput in) {
    if (in == null) {
      return null;
    }
    String type = in.oneOf("type", Set.of("fixed_utc", "fixed_local_date", "now", "offset"));
    if (type == null) {
      throw LeadportException.invalid(in.pathOf("type"), in.pathOf("type") + " is required.");
    }
    switch (type) {
      case "now" -> {
        in.allowOnly(Set.of("type"));
        return clock.instant();
      }
      case "fixed_utc" -> {
        in.allowOnly(Set.of("type", "value"));
        String v = in.requiredString("value", 60);
        try {
          return CloseValues.instant(OffsetDateTime.parse(v).toInstant(), in.pathOf("value"));
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(
              in.pathOf("value"),
              in.pathOf("value")
                  + " must be a date-time with an offset, such as 2024-01-02T03:04:05+00:00.");
        }
      }
      case "fixed_local_date" -> {
        in.allowOnly(Set.of("type", "value", "which"));
        LocalDate day = in.date("value");
        if (day == null) {
          throw LeadportException.invalid(in.pathOf("value"), in.pathOf("value") + " is required.");
        }
        CloseValues.day(day, in.pathOf("value"));
        String which = in.oneOf("which", Set.of("start", "end"));
        LocalDate start = "end".equals(which) ? day.plusDays(1) : day;
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      default -> {
        in.allowOnly(Set.of("type", "direction", "moment", "offset"));
        String direction = in.oneOf("direction", Set.of("past", "future"));
        if (direction == null) {
          throw LeadportException.invalid(
              in.pathOf("direction"), in.pathOf("direction") + " is required: past or future.");
        }
        // A present moment object always gives an instant.
        Instant base = Objects.requireNonNull(moment(required(in, "moment")));
        Instant moved = CloseValues.offset(base, required(in, "offset"), direction.equals("past"));
        return CloseValues.instant(moved, in.path());
      }
    }
  }

  private static void expect(JsonInput in, FieldRef field, Set<ValueType> types, String condition) {
    if (!types.contains(field.type())) {
      throw LeadportException.invalid(
          in.pathOf("type"),
          "A "
              + condition
              + " condition does not apply to "
              + field.name()
              + ", a "
              + field.type().name().toLowerCase(Locale.ROOT)
              + " field.");
    }
  }
}
