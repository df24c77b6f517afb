package org.leadport.export.column;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an export's rows are shaped, whatever surface asked: the date format, which fields (null for
 * all, else in the caller's order), which optional parts, and a BOM for Excel. Built with {@link
 * #builder()}, whose defaults are {@link #DEFAULT}'s: name only what differs.
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
 * @param nested lead documents even in Parquet (its LIST and STRUCT columns, docs/parquet.md),
 *     instead of Parquet's rows of columns; JSON's leads are documents without asking
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
    ExportNaming naming,
    boolean nested) {

  /** Every field, native dates and names, no optional parts, no BOM. */
  public static final ExportOptions DEFAULT = builder().build();

  public ExportOptions {
    Objects.requireNonNull(dateFormat, "dateFormat");
    fields = fields == null ? null : List.copyOf(fields);
    columns = columns == null ? null : List.copyOf(columns);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    Objects.requireNonNull(naming, "naming");
    if (columns != null && fields != null) {
      throw new IllegalArgumentException("columns by field and fields by name exclude each other");
    }
    if (nested && (flat || columns != null)) {
      throw new IllegalArgumentException("nested documents are neither flat nor columns by field");
    }
  }

  /** A builder starting from {@link #DEFAULT}'s values. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link ExportOptions}, one setter a component, FastCSV style; {@link #build()} checks
   * them as the record's constructor does. Not thread-safe.
   */
  public static final class Builder {
    private DateFormat dateFormat = DateFormat.RFC3339_MICROS;
    private @Nullable List<String> fields;
    private boolean activities;
    private boolean smartFields;
    private boolean addresses;
    private boolean customObjects;
    private boolean bom;
    private @Nullable List<ColumnSpec> columns;
    private boolean flat;
    private Map<String, String> headers = Map.of();
    private ExportNaming naming = ExportNaming.NATIVE;
    private boolean nested;

    private Builder() {}

    /** How date-times are written; RFC 3339 with microseconds by default. */
    public Builder dateFormat(DateFormat value) {
      this.dateFormat = value;
      return this;
    }

    /** The fields to export in this order, or null (the default) for all. */
    public Builder fields(@Nullable List<String> value) {
      this.fields = value;
      return this;
    }

    public Builder activities(boolean value) {
      this.activities = value;
      return this;
    }

    public Builder smartFields(boolean value) {
      this.smartFields = value;
      return this;
    }

    public Builder addresses(boolean value) {
      this.addresses = value;
      return this;
    }

    public Builder customObjects(boolean value) {
      this.customObjects = value;
      return this;
    }

    /** Whether the file starts with a UTF-8 BOM (for Excel); none by default. */
    public Builder bom(boolean value) {
      this.bom = value;
      return this;
    }

    /** Columns asked for by field, or null (the default) for the documented column sets. */
    public Builder columns(@Nullable List<ColumnSpec> value) {
      this.columns = value;
      return this;
    }

    public Builder flat(boolean value) {
      this.flat = value;
      return this;
    }

    /** Headers by column name; empty by default. */
    public Builder headers(Map<String, String> value) {
      this.headers = value;
      return this;
    }

    /** Whose field names to use; Leadport's own by default. */
    public Builder naming(ExportNaming value) {
      this.naming = value;
      return this;
    }

    /** Lead documents even in Parquet; rows of columns by default. */
    public Builder nested(boolean value) {
      this.nested = value;
      return this;
    }

    public ExportOptions build() {
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
          naming,
          nested);
    }
  }
}
