package org.leadport.surface.close;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.DateRange;
import org.leadport.json.JsonInput;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.ValueType;

/**
 * Reads the {@code params} of Close's opportunity export (docs/close-exports.md) into a {@link
 * Query}: equality on a few opportunity fields and {@code __gte}/{@code __lte} bounds on its dates,
 * a day as an upper bound of a date-time including that whole day. Stateless.
 */
final class CloseOpportunityParams {
  /** Close's opportunity filters, each on an opportunity field. */
  private static final Set<String> OPPORTUNITY_TERMS =
      Set.of(
          "lead_id", "status_type", "status_label", "user_name", "value_period", "value_currency");

  private static final List<String> OPPORTUNITY_RANGES =
      List.of("date_won", "date_created", "date_updated");

  /** The query of {@code params}; a 400 naming any filter Close does not have. */
  static Query query(JsonInput params) {
    Set<String> valid = new TreeSet<>(OPPORTUNITY_TERMS);
    for (String r : OPPORTUNITY_RANGES) {
      valid.add(r + "__gte");
      valid.add(r + "__lte");
    }
    params
        .node()
        .fieldNames()
        .forEachRemaining(name -> {
          if (!valid.contains(name)) {
            throw LeadportException.invalid(
                params.pathOf(name),
                "Unknown opportunity filter "
                    + params.pathOf(name)
                    + "; valid filters are "
                    + String.join(", ", valid)
                    + ".");
          }
        });
    List<Query> parts = new ArrayList<>();
    for (String name : new TreeSet<>(OPPORTUNITY_TERMS)) {
      String v = params.string(name, 500);
      if (v != null) {
        FieldRef f =
            name.equals("lead_id")
                ? FieldRef.column(ObjectKind.OPPORTUNITY, "lead_id", ValueType.TEXT, "%s.lead_id")
                : Fields.STANDARD.regular(ObjectKind.OPPORTUNITY, name).orElseThrow();
        parts.add(Query.equal(f, v));
      }
    }
    for (String r : OPPORTUNITY_RANGES) {
      FieldRef f = Fields.STANDARD.regular(ObjectKind.OPPORTUNITY, r).orElseThrow();
      Bound gte = bound(params, r + "__gte");
      Bound lte = bound(params, r + "__lte");
      if (gte == null && lte == null) {
        continue;
      }
      Instant onOrAfter = gte == null ? null : gte.start();
      Instant onOrBefore = null;
      Instant before = null;
      if (lte != null) {
        // A day as an upper bound of a date-time includes that whole day.
        if (lte.day() && f.type() == ValueType.DATETIME) {
          before = lte.start().plus(Duration.ofDays(1));
        } else {
          onOrBefore = lte.start();
        }
      }
      parts.add(new Query.Match(f, new Condition.MomentRange(null, onOrAfter, before, onOrBefore)));
    }
    return parts.isEmpty() ? new Query.All() : new Query.And(parts);
  }

  /** A bound as given: a day ({@code 2026-02-18}) or an instant with an offset. */
  private record Bound(Instant start, boolean day) {}

  private static @Nullable Bound bound(JsonInput params, String key) {
    String s = params.string(key, 60);
    if (s == null) {
      return null;
    }
    try {
      if (s.length() == 10) {
        LocalDate day = DateRange.check(LocalDate.parse(s), params.pathOf(key));
        return new Bound(day.atStartOfDay(ZoneOffset.UTC).toInstant(), true);
      }
      return new Bound(
          DateRange.check(OffsetDateTime.parse(s).toInstant(), params.pathOf(key)), false);
    } catch (DateTimeParseException e) {
      throw LeadportException.invalid(
          params.pathOf(key),
          params.pathOf(key)
              + " must be a date such as 2026-02-18 or a date-time such as"
              + " 2026-02-18T09:30:00+00:00.");
    }
  }

  private CloseOpportunityParams() {}
}
