package org.leadport.surface.close;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpec;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.http.ContentCoding;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.jobs.Delivery;
import org.leadport.json.JsonInput;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;

/**
 * Reads the bodies of Close's export endpoints (docs/close-exports.md) into an {@link ExportSpec},
 * enforcing the seed's rules on which options go with which type and format. Not thread-safe (it
 * holds one request's query parser).
 */
final class CloseExportRequests {
  /** A parsed request: the spec, how its file is delivered and whether the done email is wanted. */
  record Parsed(ExportSpec spec, Delivery delivery, boolean email) {}

  static final Set<String> LEAD_KEYS =
      Set.of(
          "s_query",
          "results_limit",
          "sort",
          "format",
          "type",
          "date_format",
          "fields",
          "include_activities",
          "include_smart_fields",
          "include_addresses",
          "include_custom_objects",
          "send_done_email",
          "since",
          "compression",
          "nested");

  static final Set<String> OPPORTUNITY_KEYS =
      Set.of("params", "format", "date_format", "fields", "send_done_email", "compression");

  private static final Map<String, RowType> TYPES =
      Map.of(
          "leads", RowType.LEADS,
          "contacts", RowType.CONTACTS,
          "lead_opps", RowType.OPPORTUNITIES);

  private static final Map<String, ExportFormat> FORMATS =
      Map.of(
          "csv",
          ExportFormat.CSV,
          "json",
          ExportFormat.JSON,
          "jsonl",
          ExportFormat.JSONL,
          "parquet",
          ExportFormat.PARQUET);

  /** Close's words for the date formats (docs/close-exports.md), down to the character. */
  private static final Map<String, DateFormat> DATE_FORMATS =
      Map.of(
          "original", DateFormat.ORIGINAL,
          "iso8601", DateFormat.ISO8601,
          "excel", DateFormat.EXCEL);

  /** Longest {@code since}: a changes cursor holds the transactions running at its snapshot. */
  private static final int MAX_SINCE = 65_536;

  private final String workspaceId;
  private final CloseQueryParser parser;
  private final ChangeHandoff handoff;

  /**
   * @param handoff reads a delta export's {@code since}
   */
  CloseExportRequests(String workspaceId, CloseQueryParser parser, ChangeHandoff handoff) {
    this.workspaceId = workspaceId;
    this.parser = parser;
    this.handoff = handoff;
  }

  /** The body of {@code POST /api/v1/export/lead/}. */
  Parsed lead(JsonInput in) {
    in.allowOnly(LEAD_KEYS);
    ExportFormat format = format(in);
    String typeWord = required(in, "type", TYPES.keySet());
    RowType rows = Objects.requireNonNull(TYPES.get(typeWord));
    JsonInput s = in.object("s_query");
    Query query = s == null ? new Query.All() : parser.parse(s.node(), "s_query");
    // A delta export (docs/changes.md): only the leads changed since, deleted ones as tombstones.
    String since = in.string("since", MAX_SINCE);
    if (since != null) {
      if (rows != RowType.LEADS) {
        throw onlyWith("since", "the leads type");
      }
      query = ChangeHandoff.delta(workspaceId, query, handoff.since(workspaceId, since, "since"));
    }
    Long limit = in.integer("results_limit", 1, Integer.MAX_VALUE);
    boolean activities = flag(in, "include_activities", false);
    boolean smart = flag(in, "include_smart_fields", false);
    boolean customObjects = flag(in, "include_custom_objects", false);
    // Parquet, like CSV, has a row of columns per lead unless the Leadport extension nested asks
    // for the JSON's lead documents as LIST and STRUCT columns (docs/parquet.md).
    boolean nested = flag(in, "nested", false);
    CloseNestedLeads.check(nested, rows, format, activities, customObjects);
    if (smart && format.documents() && rows != RowType.LEADS) {
      throw onlyWith("include_smart_fields", "the leads type with json, or any type with csv");
    }
    ExportOptions options =
        ExportOptions.builder()
            .dateFormat(dateFormat(in, format))
            .fields(fields(in))
            .activities(activities)
            .smartFields(smart)
            .addresses(flag(in, "include_addresses", false))
            .customObjects(customObjects)
            .naming(ExportNaming.CLOSE)
            .nested(nested)
            .build();
    ExportSpec spec =
        new ExportSpec(
            workspaceId,
            rows,
            format,
            ObjectKind.LEAD,
            query,
            since != null,
            parser.sort(in),
            limit,
            null,
            null,
            options);
    return new Parsed(spec, delivery(in, format), flag(in, "send_done_email", true));
  }

  /** The body of {@code POST /api/v1/export/opportunity/}. */
  Parsed opportunity(JsonInput in) {
    in.allowOnly(OPPORTUNITY_KEYS);
    ExportFormat format = format(in);
    JsonInput params = in.object("params");
    Query query = params == null ? new Query.All() : CloseOpportunityParams.query(params);
    ExportOptions options =
        ExportOptions.builder()
            .dateFormat(dateFormat(in, format))
            .fields(fields(in))
            .naming(ExportNaming.CLOSE)
            .build();
    ExportSpec spec =
        new ExportSpec(
            workspaceId,
            RowType.OPPORTUNITIES,
            format,
            ObjectKind.OPPORTUNITY,
            query,
            false,
            List.of(),
            null,
            null,
            null,
            options);
    return new Parsed(spec, delivery(in, format), flag(in, "send_done_email", true));
  }

  private static ExportFormat format(JsonInput in) {
    // required() answers only with one of the keys.
    return Objects.requireNonNull(FORMATS.get(required(in, "format", FORMATS.keySet())));
  }

  /**
   * date_format only applies to CSV (docs/close-exports.md); JSON keeps Leadport's own instants.
   */
  private static DateFormat dateFormat(JsonInput in, ExportFormat format) {
    String word = in.oneOf("date_format", DATE_FORMATS.keySet());
    if (format != ExportFormat.CSV) {
      if (word != null && !word.equals("original")) {
        throw onlyWith("date_format", "the csv format");
      }
      return DateFormat.RFC3339_MICROS;
    }
    // oneOf() answers only with one of the keys.
    return word == null ? DateFormat.ORIGINAL : Objects.requireNonNull(DATE_FORMATS.get(word));
  }

  /**
   * How the file is delivered: Close's gzip content coding unless {@code compression}, a Leadport
   * extension (docs/close-exports.md), says otherwise: {@code zstd} is a {@code .zst} file, {@code
   * none} the plain file. A Parquet file is delivered plain (its pages are compressed already, so
   * gzip gained nothing), and asking to compress it again is refused.
   */
  private static Delivery delivery(JsonInput in, ExportFormat format) {
    ContentCoding coding = ContentCoding.read(in, "compression");
    if (format.compressesItself()) {
      if (coding != null && coding != ContentCoding.IDENTITY) {
        throw LeadportException.invalid(
            "compression",
            "compression only works with the csv, json and jsonl formats: a "
                + format.extension()
                + " file is compressed already; leave it out or use \"none\".");
      }
      return Delivery.plain(null);
    }
    if (coding == null || coding == ContentCoding.GZIP) {
      return Delivery.GZIP;
    }
    return coding == ContentCoding.ZSTD
        ? new Delivery(Delivery.Packaging.ZSTD_FILE, null, 0, 0)
        : Delivery.plain(null);
  }

  private static @Nullable List<String> fields(JsonInput in) {
    if (!in.has("fields") || in.isNull("fields")) {
      return null;
    }
    List<String> fields = in.strings("fields", 500, 300);
    if (fields.isEmpty()) {
      throw LeadportException.invalid("fields", "fields must name at least one field when given.");
    }
    if (new java.util.HashSet<>(fields).size() != fields.size()) {
      throw LeadportException.invalid("fields", "fields names a field more than once.");
    }
    return fields;
  }

  private static boolean flag(JsonInput in, String key, boolean fallback) {
    Boolean b = in.bool(key);
    return b == null ? fallback : b;
  }

  private static String required(JsonInput in, String key, Set<String> choices) {
    String v = in.oneOf(key, choices);
    if (v == null) {
      throw LeadportException.invalid(
          key, key + " is required; one of " + new java.util.TreeSet<>(choices) + ".");
    }
    return v;
  }

  /** The 400 of an option given with a type or format it does not go with. */
  static LeadportException onlyWith(String key, String what) {
    return LeadportException.invalid(key, key + " only works with " + what + ".");
  }
}
