package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.query.Condition;
import org.leadport.query.Query;
import org.leadport.query.ValueType;

/**
 * The query-model conditions of HubSpot filter operators once their values are read: equality and
 * lists as terms, comparisons as ranges in the property's stored unit, dates and date-times as
 * millisecond ranges (a date property's bounds on midnights UTC), tokens as text patterns.
 * Stateless.
 */
final class HubSpotConditions {
  private HubSpotConditions() {}

  /** {@code EQ}: a term, or for a date or date-time the millisecond of the value. */
  static Query eq(HubSpotProperty p, JsonNode v, String path) {
    return switch (p.type()) {
      case DATE, DATETIME -> {
        Instant t = HubSpotValues.instant(v, path);
        yield moments(p, t, t.plusMillis(1));
      }
      default -> Query.equal(p.field(), term(p, v, path));
    };
  }

  /** {@code IN}: any of the values; {@code path} names the array. */
  static Query in(HubSpotProperty p, List<JsonNode> values, String path) {
    if (p.type() == ValueType.DATE || p.type() == ValueType.DATETIME) {
      List<Query> any = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        any.add(eq(p, values.get(i), path + "[" + i + "]"));
      }
      return any.size() == 1 ? any.get(0) : new Query.Or(any);
    }
    List<Object> terms = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      terms.add(term(p, values.get(i), path + "[" + i + "]"));
    }
    return new Query.Match(p.field(), new Condition.Term(terms));
  }

  /** A value of a text, number or boolean property, in the stored unit. */
  private static Object term(HubSpotProperty p, JsonNode v, String path) {
    return switch (p.type()) {
      case TEXT -> HubSpotValues.text(v, path);
      case NUMBER -> stored(p, HubSpotValues.number(v, path));
      case BOOLEAN -> HubSpotValues.bool(v, path);
      case DATE, DATETIME -> throw new IllegalStateException("dates are ranges");
    };
  }

  private static BigDecimal stored(HubSpotProperty p, BigDecimal v) {
    return p.scale() == 0 ? v : v.movePointRight(p.scale());
  }

  /** {@code LT}, {@code LTE}, {@code GT} or {@code GTE} (any other operator is GTE). */
  static Query compare(HubSpotProperty p, HubSpotFilters.Operator op, JsonNode v, String path) {
    if (p.type() == ValueType.NUMBER) {
      BigDecimal n = stored(p, HubSpotValues.number(v, path));
      Condition.NumberRange r =
          switch (op) {
            case LT -> new Condition.NumberRange(null, null, n, null);
            case LTE -> new Condition.NumberRange(null, null, null, n);
            case GT -> new Condition.NumberRange(n, null, null, null);
            default -> new Condition.NumberRange(null, n, null, null);
          };
      return new Query.Match(p.field(), r);
    }
    // Values have millisecond precision, as HubSpot shows them: LTE t keeps all of t's millisecond.
    Instant t = HubSpotValues.instant(v, path);
    return switch (op) {
      case LT -> moments(p, null, t);
      case LTE -> moments(p, null, t.plusMillis(1));
      case GT -> moments(p, t.plusMillis(1), null);
      default -> moments(p, t, null);
    };
  }

  /** {@code BETWEEN}: both bounds included, the low one read first. */
  static Query between(
      HubSpotProperty p, JsonNode low, String lowPath, JsonNode high, String highPath) {
    if (p.type() == ValueType.NUMBER) {
      BigDecimal lo = stored(p, HubSpotValues.number(low, lowPath));
      BigDecimal hi = stored(p, HubSpotValues.number(high, highPath));
      return new Query.Match(p.field(), new Condition.NumberRange(null, lo, null, hi));
    }
    Instant lo = HubSpotValues.instant(low, lowPath);
    Instant hi = HubSpotValues.instant(high, highPath);
    return moments(p, lo, hi.plusMillis(1));
  }

  /**
   * {@code onOrAfter <= value < before} (either may be null). A date property's value is the
   * instant of its midnight UTC, so the bounds move to the first midnight at or after them.
   */
  private static Query moments(
      HubSpotProperty p, @Nullable Instant onOrAfter, @Nullable Instant before) {
    if (p.type() == ValueType.DATE) {
      onOrAfter = midnightAtOrAfter(onOrAfter);
      before = midnightAtOrAfter(before);
    }
    return new Query.Match(p.field(), new Condition.MomentRange(null, onOrAfter, before, null));
  }

  private static @Nullable Instant midnightAtOrAfter(@Nullable Instant t) {
    if (t == null) {
      return null;
    }
    Instant midnight =
        LocalDate.ofInstant(t, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    return midnight.equals(t) ? t : midnight.plusSeconds(86_400);
  }

  /** {@code CONTAINS_TOKEN}: a token pattern ({@code *} a wildcard), blank refused. */
  static Query token(HubSpotProperty p, JsonNode v, String path) {
    String pattern = HubSpotValues.text(v, path).trim();
    if (pattern.isEmpty()) {
      throw LeadportException.invalid(path, path + " must not be blank.");
    }
    return new Query.Match(
        p.field(), new Condition.Text(Condition.TextMode.TOKEN_PATTERN, pattern));
  }
}
