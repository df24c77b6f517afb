package org.leadport.surface.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpec;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportLabels;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.http.ContentCoding;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.json.DateRange;
import org.leadport.json.JsonInput;
import org.leadport.model.CustomField;
import org.leadport.query.Condition;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.store.Status;

/**
 * Reads the body of {@code POST /api/v1/exports} into an {@link ExportSpec}: the type and format,
 * filters that select leads (every type exports the matching leads, or their contacts or
 * opportunities), the date format, header language and fields. Every problem is a 400 naming the
 * member's path. One per request.
 */
final class ConsoleExportRequests {
  /**
   * A parsed request: the spec, its type's id, how its file is compressed and whether the done
   * email is wanted.
   */
  record Parsed(ExportSpec spec, String type, ContentCoding compression, boolean email) {}

  static final Set<String> KEYS =
      Set.of(
          "type",
          "format",
          "filters",
          "date_format",
          "language",
          "fields",
          "email",
          "since",
          "compression");

  static final Set<String> FILTER_KEYS = Set.of("status", "source", "updated_since", "q");

  /** Most fields a request may name, and longest text filter. */
  static final int MAX_FIELDS = 300;

  static final int MAX_TEXT = 500;

  /** Longest {@code since}: a changes cursor holds the transactions running at its snapshot. */
  static final int MAX_SINCE = 65_536;

  private static final String DELETED_AT = "deleted_at";

  private final String workspaceId;
  private final List<CustomField> customFields;
  private final List<Status> statuses;
  private final ChangeHandoff handoff;

  /**
   * @param handoff reads a delta export's {@code since}
   */
  ConsoleExportRequests(
      String workspaceId,
      List<CustomField> customFields,
      List<Status> statuses,
      ChangeHandoff handoff) {
    this.workspaceId = workspaceId;
    this.customFields = customFields;
    this.statuses = statuses;
    this.handoff = handoff;
  }

  Parsed parse(JsonInput in) {
    in.allowOnly(KEYS);
    String type = required(in, "type", ConsoleCatalog.TYPES.keySet());
    // required() and oneOf() answer only with keys of the map they were given.
    RowType rows = Objects.requireNonNull(ConsoleCatalog.TYPES.get(type));
    ExportFormat format =
        Objects.requireNonNull(
            ConsoleCatalog.FORMATS.get(required(in, "format", ConsoleCatalog.FORMATS.keySet())));
    Query query = filters(in.object("filters"));
    String dateWord = in.oneOf("date_format", ConsoleCatalog.DATE_FORMATS.keySet());
    DateFormat dates =
        dateWord == null
            ? ConsoleCatalog.DATE_FORMATS.values().iterator().next()
            : Objects.requireNonNull(ConsoleCatalog.DATE_FORMATS.get(dateWord));
    String languageWord = in.string("language", 20);
    ExportLabels labels = null;
    if (languageWord != null) {
      labels = ExportLabels.required("language", languageWord);
    }
    List<String> fields = fields(in, rows);
    // A delta export (docs/changes.md): only the leads changed since, deleted ones as tombstones,
    // which their deleted_at tells apart.
    String since = in.string("since", MAX_SINCE);
    if (since != null) {
      if (rows != RowType.LEADS) {
        throw LeadportException.invalid("since", "since goes only with the leads type.");
      }
      query = ChangeHandoff.delta(workspaceId, query, handoff.since(workspaceId, since, "since"));
      if (!fields.contains(DELETED_AT)) {
        fields = new ArrayList<>(fields);
        fields.add(DELETED_AT);
      }
    }
    Map<String, String> headers = labels == null ? Map.of() : labels.headers(rows, fields);
    Boolean email = in.bool("email");
    ExportOptions options =
        ExportOptions.builder()
            .dateFormat(dates)
            .fields(fields)
            .flat(true)
            .headers(headers)
            .build();
    ExportSpec spec =
        new ExportSpec(
            workspaceId,
            rows,
            format,
            ObjectKind.LEAD,
            query,
            since != null,
            List.of(),
            null,
            null,
            null,
            options);
    return new Parsed(spec, type, compression(in, format), Boolean.TRUE.equals(email));
  }

  /**
   * The file's compression, none unless asked for; refused for a format compressed already (XLSX,
   * Parquet), which would only spend CPU on it.
   */
  private static ContentCoding compression(JsonInput in, ExportFormat format) {
    ContentCoding coding = ContentCoding.read(in, "compression");
    if (coding == null) {
      return ContentCoding.IDENTITY;
    }
    if (coding != ContentCoding.IDENTITY && format.compressesItself()) {
      throw LeadportException.invalid(
          "compression",
          "compression only works with the csv, json, jsonl and xls formats: a "
              + format.extension()
              + " file is compressed already; leave it out or use \"none\".");
    }
    return coding;
  }

  /** The fields asked for, checked against the type's; the type's defaults when none are. */
  private List<String> fields(JsonInput in, RowType rows) {
    if (!in.has("fields") || in.isNull("fields")) {
      return Objects.requireNonNull(ConsoleCatalog.DEFAULT_FIELDS.get(rows));
    }
    List<String> fields = in.strings("fields", MAX_FIELDS, 300);
    if (fields.isEmpty()) {
      throw LeadportException.invalid("fields", "fields must name at least one field when given.");
    }
    List<String> valid = ConsoleCatalog.fields(rows, customFields);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      String param = "fields[" + i + "]";
      if (!valid.contains(f)) {
        throw LeadportException.invalid(
            param,
            "Unknown field "
                + f
                + " in "
                + param
                + "; valid "
                + ConsoleCatalog.typeId(rows)
                + " fields are "
                + String.join(", ", valid)
                + ".");
      }
      if (!seen.add(f)) {
        throw LeadportException.invalid(param, param + " names " + f + " a second time.");
      }
    }
    return fields;
  }

  /** The filters as one query over leads; absent filters do not narrow. */
  private Query filters(@Nullable JsonInput filters) {
    if (filters == null) {
      return new Query.All();
    }
    filters.allowOnly(FILTER_KEYS);
    List<Query> parts = new ArrayList<>();
    String status = text(filters, "status");
    if (status != null) {
      parts.add(term("status_id", status(status)));
    }
    String source = text(filters, "source");
    if (source != null) {
      parts.add(term("source", source));
    }
    Instant since = since(filters);
    if (since != null) {
      parts.add(
          new Query.Match(
              Fields.STANDARD.regular(ObjectKind.LEAD, "date_updated").orElseThrow(),
              new Condition.MomentRange(null, since, null, null)));
    }
    String q = text(filters, "q");
    if (q != null) {
      parts.add(new Query.FreeText(q.trim()));
    }
    return parts.isEmpty() ? new Query.All() : new Query.And(parts);
  }

  /** The id of the workspace's status labelled {@code label}, ignoring case. */
  private String status(String label) {
    for (Status s : statuses) {
      if (s.label().toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
        return s.id();
      }
    }
    throw LeadportException.invalid(
        "filters.status",
        "filters.status must be one of this workspace's lead statuses: "
            + String.join(", ", statuses.stream().map(Status::label).toList())
            + "; was "
            + label
            + ".");
  }

  private static Query term(String field, String value) {
    return Query.equal(Fields.STANDARD.regular(ObjectKind.LEAD, field).orElseThrow(), value);
  }

  /** {@code updated_since}: an instant with an offset, or a day (its midnight, UTC). */
  private static @Nullable Instant since(JsonInput filters) {
    String s = filters.string("updated_since", 60);
    if (s == null) {
      return null;
    }
    try {
      if (s.length() == 10) {
        return DateRange.check(LocalDate.parse(s), "filters.updated_since")
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
      }
      return DateRange.check(OffsetDateTime.parse(s).toInstant(), "filters.updated_since");
    } catch (DateTimeParseException e) {
      throw LeadportException.invalid(
          "filters.updated_since",
          "filters.updated_since must be an ISO 8601 instant such as 2026-01-01T00:00:00Z or a"
              + " date such as 2026-01-01.");
    }
  }

  /** A text filter: absent or null is none; blank is an error. */
  private static @Nullable String text(JsonInput filters, String key) {
    String v = filters.string(key, MAX_TEXT);
    if (v != null && v.isBlank()) {
      throw LeadportException.invalid(
          filters.pathOf(key), filters.pathOf(key) + " must not be blank when given.");
    }
    return v;
  }

  private static String required(JsonInput in, String key, Set<String> choices) {
    if (!in.has(key) || in.isNull(key)) {
      throw LeadportException.invalid(
          key, key + " is required; one of " + String.join(", ", choices) + ".");
    }
    String v = in.string(key, 50);
    if (v == null || !choices.contains(v)) {
      throw LeadportException.invalid(
          key, key + " must be one of " + String.join(", ", choices) + "; was " + v + ".");
    }
    return v;
  }
}
