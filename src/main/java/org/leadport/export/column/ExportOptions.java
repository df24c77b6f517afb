package org.leadport.export.column;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an export's rows are shaped, whatever surface asked: the date format, which fields (null for
 * all, else in the caller's order), which optional parts, and a BOM for Excel.
 *
 * @param activities nested activities on each lead (JSON leads exports)
 * @param smartFields computed per-lead fields such as {@code num_emails}
 * @param addresses every address of a lead, or the lead's address on contact and opportunity rows
 * @param customObjects the lead's custom objects (Leadport keeps none, so always an empty list)
 * @param columns columns asked for by field (HubSpot), or null for the documented column sets
 * @param flat lead rows of columns even in JSON formats, instead of nested lead documents
 * @param headers header to write for a documented column, by its name (e.g. translated labels);
 *     columns missing from the map keep their name
 * @param naming whose field names the columns and documents carry (and {@code fields} names)
 */
public record ExportOptions(
    DateFormat dateFormat,
    @Nullable List<String> fields,
    boolean activities,
    boolean smartFields,
    boolean addresses,
    boolean customObjects,
    boolean bom,
    @Nullable List<ColumnSpec> columns,
    boolean flat,
    Map<String, String> headers,
    ExportNaming naming) {

  /** Every field, native dates, no optional parts, no BOM. */
  public static final ExportOptions DEFAULT =
      new ExportOptions(DateFormat.RFC3339_MICROS, null, false, false, false, false, false);

  public ExportOptions {
    Objects.requireNonNull(dateFormat, "dateFormat");
    fields = fields == null ? null : List.copyOf(fields);
    columns = columns == null ? null : List.copyOf(columns);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    Objects.requireNonNull(naming, "naming");
    if (columns != null && fields != null) {
      throw new IllegalArgumentException("columns by field and fields by name exclude each other");
    }
  }

  /** Options under Leadport's own names. */
  public ExportOptions(
      DateFormat dateFormat,
      @Nullable List<String> fields,
      boolean activities,
      boolean smartFields,
      boolean addresses,
      boolean customObjects,
      boolean bom,
      @Nullable List<ColumnSpec> columns,
      boolean flat,
      Map<String, String> headers) {
    this(
        dateFormat,
        fields,
        activities,
        smartFields,
        addresses,
        customObjects,
        bom,
        columns,
        flat,
        headers,
        ExportNaming.NATIVE);
  }

  /** These options under {@code newNaming}. */
  public ExportOptions withNaming(ExportNaming newNaming) {
    return new ExportOptions(
        dateFormat,
        fields,
        activities,
        smartFields,
        addresses,
        customObjects,
        bom,
        columns,
        flat,
        headers,
        newNaming);
  }

  /** Options over the documented column sets. */
  public ExportOptions(
      DateFormat dateFormat,
      @Nullable List<String> fields,
      boolean activities,
      boolean smartFields,
      boolean addresses,
      boolean customObjects,
      boolean bom) {
    this(dateFormat, fields, activities, smartFields, addresses, customObjects, bom, null);
  }

  /** Options over the documented column sets or explicit columns, nested leads in JSON. */
  public ExportOptions(
      DateFormat dateFormat,
      @Nullable List<String> fields,
      boolean activities,
      boolean smartFields,
      boolean addresses,
      boolean customObjects,
      boolean bom,
      @Nullable List<ColumnSpec> columns) {
    this(
        dateFormat,
        fields,
        activities,
        smartFields,
        addresses,
        customObjects,
        bom,
        columns,
        false,
        Map.of());
  }
}
