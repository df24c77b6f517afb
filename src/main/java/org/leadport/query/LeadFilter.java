package org.leadport.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.DateRange;
import org.leadport.model.Ids;

/**
 * The filters of the lead list and the sync export ({@code source medium campaign from to
 * status_stage_id search}, plus {@code include_deleted}). Null members do not filter.
 */
public record LeadFilter(
    @Nullable String source,
    @Nullable String medium,
    @Nullable String campaign,
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable String statusId,
    @Nullable String search,
    boolean includeDeleted) {

  /** The query parameter names this filter reads. */
  public static final java.util.Set<String> PARAMS =
      java.util.Set.of(
          "source",
          "medium",
          "campaign",
          "from",
          "to",
          "status_stage_id",
          "search",
          "include_deleted");

  public static final LeadFilter NONE =
      new LeadFilter(null, null, null, null, null, null, null, false);

  /** Reads the filter from query parameters, with a 400 naming any malformed one. */
  public static LeadFilter fromParams(Function<String, @Nullable String> param) {
    Instant from = instant(param, "from");
    Instant to = instant(param, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw LeadportException.invalid("from", "from must not be later than to.");
    }
    String status = text(param, "status_stage_id");
    if (status != null && !Ids.looksLike("stat_", status)) {
      throw LeadportException.invalid(
          "status_stage_id", "status_stage_id must be a status id such as stat_….");
    }
    String deleted = param.apply("include_deleted");
    if (deleted != null && !deleted.equals("true") && !deleted.equals("false")) {
      throw LeadportException.invalid("include_deleted", "include_deleted must be true or false.");
    }
    return new LeadFilter(
        text(param, "source"),
        text(param, "medium"),
        text(param, "campaign"),
        from,
        to,
        status,
        text(param, "search"),
        "true".equals(deleted));
  }

  /**
   * This filter's conditions on the lead table aliased {@code l}: the query model's condition for
   * the filters, and the tombstone rule, which is a scope of the request, not a filter.
   */
  public Sql condition() {
    Sql query = QueryCompiler.lead(toQuery(), "l");
    return includeDeleted ? query : Sql.text("l.deleted_at is null and ").append(query);
  }

  /** The filters as a query-model tree: every surface selects leads through the same compiler. */
  public Query toQuery() {
    Fields f = Fields.STANDARD;
    List<Query> parts = new ArrayList<>();
    term(parts, f, "source", source);
    term(parts, f, "medium", medium);
    term(parts, f, "campaign", campaign);
    term(parts, f, "status_id", statusId);
    if (from != null || to != null) {
      parts.add(
          new Query.Match(
              f.regular(ObjectKind.LEAD, "date_updated").orElseThrow(),
              new Condition.MomentRange(null, from, null, to)));
    }
    if (search != null) {
      parts.add(new Query.FreeText(search));
    }
    return parts.isEmpty() ? new Query.All() : new Query.And(parts);
  }

  private static void term(List<Query> parts, Fields f, String field, @Nullable String value) {
    if (value != null) {
      parts.add(Query.equal(f.regular(ObjectKind.LEAD, field).orElseThrow(), value));
    }
  }

  /** A canonical text of the filter, so a cursor can be bound to the filter it was made for. */
  public String fingerprint() {
    return String.join(
        "\u0001",
        String.valueOf(source),
        String.valueOf(medium),
        String.valueOf(campaign),
        String.valueOf(from),
        String.valueOf(to),
        String.valueOf(statusId),
        String.valueOf(search),
        String.valueOf(includeDeleted));
  }

  /**
   * The canonical text of the filters a change cursor is bound to: the lead's own attributes, not
   * the time bounds or the tombstone scope of one export, so that the changes cursor an export
   * hands over continues on the change feed with the same filters (docs/changes.md).
   */
  public String changesFingerprint() {
    return String.join(
        "\u0001",
        String.valueOf(source),
        String.valueOf(medium),
        String.valueOf(campaign),
        String.valueOf(statusId),
        String.valueOf(search));
  }

  private static @Nullable String text(Function<String, @Nullable String> param, String name) {
    String v = param.apply(name);
    if (v == null) {
      return null;
    }
    if (v.isEmpty()) {
      throw LeadportException.invalid(name, name + " must not be empty when given.");
    }
    if (v.length() > 500) {
      throw LeadportException.invalid(name, name + " must be at most 500 characters long.");
    }
    return v;
  }

  private static @Nullable Instant instant(Function<String, @Nullable String> param, String name) {
    String v = param.apply(name);
    if (v == null) {
      return null;
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw LeadportException.invalid(
          name,
          name + " must be an ISO 8601 date-time with an offset, such as 2026-01-31T00:00:00Z.");
    }
    return DateRange.check(t, name);
  }
}
