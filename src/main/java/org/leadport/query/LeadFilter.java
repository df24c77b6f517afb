package org.leadport.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import org.leadport.LeadportException;
import org.leadport.store.Ids;

/**
 * The filters of the lead list and the sync export ({@code source medium campaign from to
 * status_stage_id search}, plus {@code include_deleted}). Null members do not filter.
 */
public record LeadFilter(
    String source,
    String medium,
    String campaign,
    Instant from,
    Instant to,
    String statusId,
    String search,
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
  public static LeadFilter fromParams(Function<String, String> param) {
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

  /** Adds this filter's conditions on the lead table aliased {@code l}. */
  public void appendTo(SqlFragment where) {
    if (!includeDeleted) {
      where.and("l.deleted_at is null");
    }
    if (source != null) {
      where.and("l.source = " + where.bind(source));
    }
    if (medium != null) {
      where.and("l.medium = " + where.bind(medium));
    }
    if (campaign != null) {
      where.and("l.campaign = " + where.bind(campaign));
    }
    if (from != null) {
      where.and("l.updated_at >= " + where.bind(Timestamp.from(from)));
    }
    if (to != null) {
      where.and("l.updated_at <= " + where.bind(Timestamp.from(to)));
    }
    if (statusId != null) {
      where.and("l.status_id = " + where.bind(statusId));
    }
    if (search != null) {
      String p = where.bind("%" + likeEscape(search.toLowerCase(Locale.ROOT)) + "%");
      where.and(
          "(lower(l.display_name) like "
              + p
              + " or exists (select 1 from contacts c where c.lead_id = l.id and"
              + " (lower(c.name) like "
              + p
              + " or lower(c.emails::text) like "
              + p
              + " or c.phones::text like "
              + p
              + ")))");
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

  private static String text(Function<String, String> param, String name) {
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

  private static Instant instant(Function<String, String> param, String name) {
    String v = param.apply(name);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw LeadportException.invalid(
          name,
          name + " must be an ISO 8601 date-time with an offset, such as 2026-01-31T00:00:00Z.");
    }
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
