package org.leadport.surface.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.ExportLabels;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.json.Json;
import org.leadport.model.CustomField;
import org.leadport.store.Status;

/**
 * The console's words: export types, formats, date formats and languages with their ids and labels,
 * each type's fields (the documented columns, custom fields included) and default fields, and the
 * options document built from them. Stateless.
 */
final class ConsoleCatalog {
  /** Type ids and the rows they export, in the order the options list them. */
  static final Map<String, RowType> TYPES = types();

  /** Format ids and formats, in the order the options list them. */
  static final Map<String, ExportFormat> FORMATS = formats();

  /** Date format ids, in the order the options list them; the first is the default. */
  static final Map<String, DateFormat> DATE_FORMATS = dateFormats();

  private static final Map<RowType, String> TYPE_LABELS =
      Map.of(
          RowType.LEADS, "Leads",
          RowType.CONTACTS, "Contacts",
          RowType.OPPORTUNITIES, "Opportunities");

  private static final Map<ExportFormat, String> FORMAT_LABELS =
      Map.of(
          ExportFormat.CSV, "CSV",
          ExportFormat.JSON, "JSON",
          ExportFormat.JSONL, "NDJSON",
          ExportFormat.XLSX, "Excel (XLSX)",
          ExportFormat.XLS, "Excel 97 (XLS)",
          ExportFormat.PARQUET, "Parquet");

  private static final Map<DateFormat, String> DATE_FORMAT_LABELS =
      Map.of(
          DateFormat.ISO8601, "ISO 8601 (2026-02-18T13:04:05+00:00)",
          DateFormat.ORIGINAL, "Full precision (2026-02-18 13:04:05.123456+00:00)",
          DateFormat.EXCEL, "Excel (2026-02-18 01:04:05 PM)");

  /** The fields an export has when its request names none. */
  static final Map<RowType, List<String>> DEFAULT_FIELDS =
      Map.of(
          RowType.LEADS,
          List.of(
              "id",
              "display_name",
              "status_label",
              "source",
              "primary_contact_name",
              "primary_contact_email",
              "created_at",
              "updated_at"),
          RowType.CONTACTS,
          List.of("id", "name", "title", "primary_email", "primary_phone", "lead_display_name"),
          RowType.OPPORTUNITIES,
          List.of(
              "id",
              "lead_display_name",
              "status_label",
              "value",
              "value_currency",
              "confidence",
              "date_won"));

  private ConsoleCatalog() {}

  /** Every field of {@code rows} in the workspace, in the documented order. */
  static List<String> fields(RowType rows, List<CustomField> customFields) {
    return ExportColumns.of(rows, ExportOptions.DEFAULT, customFields).columns().stream()
        .map(ExportColumn::header)
        .toList();
  }

  /** The id of a type: {@code leads}, {@code contacts}, {@code opportunities}. */
  static String typeId(RowType rows) {
    return rows.name().toLowerCase(Locale.ROOT);
  }

  /** The id of a format: {@code ndjson} for JSON lines, else its name in lower case. */
  static String formatId(ExportFormat format) {
    return format == ExportFormat.JSONL ? "ndjson" : format.name().toLowerCase(Locale.ROOT);
  }

  /** The options document of {@code GET /api/v1/exports/options}. */
  static ObjectNode options(List<CustomField> customFields, List<Status> statuses) {
    ExportLabels en = ExportLabels.english();
    ObjectNode o = Json.object();
    ArrayNode types = o.putArray("types");
    TYPES.forEach((id, rows) -> {
      ObjectNode t = types.addObject().put("id", id).put("label", TYPE_LABELS.get(rows));
      ArrayNode fields = t.putArray("fields");
      for (String f : fields(rows, customFields)) {
        fields.addObject().put("id", f).put("label", en.header(rows, f));
      }
      ArrayNode defaults = t.putArray("default_fields");
      Objects.requireNonNull(DEFAULT_FIELDS.get(rows)).forEach(defaults::add);
    });
    ArrayNode formats = o.putArray("formats");
    FORMATS.forEach(
        (id, f) -> formats.addObject().put("id", id).put("label", FORMAT_LABELS.get(f)));
    ArrayNode dates = o.putArray("date_formats");
    DATE_FORMATS.forEach(
        (id, f) -> dates.addObject().put("id", id).put("label", DATE_FORMAT_LABELS.get(f)));
    ArrayNode languages = o.putArray("languages");
    for (String code : ExportLabels.LANGUAGES) {
      languages
          .addObject()
          .put("id", code)
          .put("label", ExportLabels.of(code).orElseThrow().name());
    }
    ArrayNode labels = o.putArray("statuses");
    statuses.forEach(s -> labels.add(s.label()));
    return o;
  }

  private static Map<String, RowType> types() {
    Map<String, RowType> out = new LinkedHashMap<>();
    for (RowType rows : RowType.values()) {
      out.put(typeId(rows), rows);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, ExportFormat> formats() {
    Map<String, ExportFormat> out = new LinkedHashMap<>();
    for (ExportFormat f : ExportFormat.values()) {
      out.put(formatId(f), f);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The console's words for the date formats (Close's), the default first. */
  private static Map<String, DateFormat> dateFormats() {
    Map<String, DateFormat> out = new LinkedHashMap<>();
    out.put("iso8601", DateFormat.ISO8601);
    out.put("original", DateFormat.ORIGINAL);
    out.put("excel", DateFormat.EXCEL);
    return java.util.Collections.unmodifiableMap(out);
  }
}
