package org.leadport.export.column;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;
import org.leadport.model.CustomField;

/**
 * The column schema of one export (docs/schema.md): per column the name the file has (its header or
 * key), a type from a small closed set, whether it can be empty, and a description in the export's
 * language; for Parquet exports also the physical and logical type the file's column has. The
 * descriptions come from the resource bundle {@code org/leadport/export/descriptions*.properties}
 * (English is the base; every language of {@link ExportLabels} has one), keyed by a column's own
 * field ({@link ExportColumn#field()}), so a surface's naming and translated headers change the
 * names but never which description a column gets. The same English descriptions are the column
 * descriptions of {@code openapi.yaml} (OpenApiColumnDescriptionsTest).
 *
 * @param rows what one row is
 * @param format the export's format word ({@code csv}, {@code parquet}, ...)
 * @param language the language of the descriptions, one of {@link ExportLabels#LANGUAGES}
 * @param columns the columns in file order; for nested lead documents the document's top-level
 *     keys, objects and lists with their members ({@link Column#fields()})
 */
public record ExportSchema(RowType rows, String format, String language, List<Column> columns) {
  /** The format word whose columns carry their Parquet types. */
  public static final String PARQUET = "parquet";

  /** The base name of the descriptions' resource bundle. */
  static final String BUNDLE = "org.leadport.export.descriptions";

  /** The field prefix of a custom field's column ({@code custom.Seats}). */
  static final String CUSTOM = "custom.";

  /**
   * Fields that always hold a value (the database's {@code not null} columns and counts); every
   * other column can be empty.
   */
  private static final Set<String> NOT_NULL =
      Set.of(
          "id",
          "lead_id",
          "display_name",
          "lead_display_name",
          "status_type",
          "created_at",
          "updated_at",
          "num_contacts",
          "num_emails",
          "num_calls",
          "num_notes",
          "num_opportunities",
          "num_won_opportunities",
          "times_communicated");

  private static final Map<String, Map<String, String>> DESCRIPTIONS = loadAll();

  public ExportSchema {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(language, "language");
    columns = List.copyOf(columns);
  }

  /** The closed set of column types a schema names. */
  public enum Type {
    STRING,
    INTEGER,
    NUMBER,
    DECIMAL,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    /** An object of a nested document: its members are the column's {@link Column#fields()}. */
    STRUCT,
    /**
     * A list of a nested document: each element an object of the column's {@link Column#fields()}.
     */
    LIST;

    /** Its wire word: {@code string}, {@code integer}, ... */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How a column of one kind is typed: its schema type and the Parquet type the Parquet writer
   * gives it (export.writer.ParquetSchema; ParquetSchemaAgreementTest holds the two together).
   *
   * @param parquet the Parquet physical type ({@code INT64})
   * @param parquetLogical the Parquet logical type ({@code TIMESTAMP(MICROS,true)}), or null
   */
  public record Typing(Type type, String parquet, @Nullable String parquetLogical) {
    /** An object: a Parquet group without a logical type (a STRUCT to its readers). */
    public static final Typing STRUCT = new Typing(Type.STRUCT, "GROUP", null);

    /** A list of objects: Parquet's three-level LIST group of optional groups. */
    public static final Typing LIST = new Typing(Type.LIST, "GROUP", "LIST");
  }

  /**
   * One column of the schema, or one member of a nested document's object or list element.
   *
   * @param fields the members of a {@link Type#STRUCT} or of each element of a {@link Type#LIST}
   *     (which may have none); empty for every other type
   */
  public record Column(
      String name, Typing typing, boolean nullable, String description, List<Column> fields) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(typing, "typing");
      Objects.requireNonNull(description, "description");
      fields = List.copyOf(fields);
      boolean nests = typing.type() == Type.STRUCT || typing.type() == Type.LIST;
      if (!nests && !fields.isEmpty()) {
        throw new IllegalArgumentException(name + " is " + typing.type() + " and has no fields");
      }
    }

    /** A column of a scalar type. */
    public Column(String name, Typing typing, boolean nullable, String description) {
      this(name, typing, nullable, description, List.of());
    }
  }

  /** The naming style of a surface's JSON keys. */
  public enum Style {
    /** {@code row_type}: Close, the console, JSON:API, the sync export, zips. */
    SNAKE,
    /** {@code rowType}: HubSpot. */
    CAMEL
  }

  /** The one mapping from a column kind to its types; a new kind adds its case here. */
  public static Typing typing(ColumnKind kind) {
    return switch (kind) {
      case TEXT -> new Typing(Type.STRING, "BINARY", "STRING");
      case INTEGER -> new Typing(Type.INTEGER, "INT64", null);
      case NUMBER -> new Typing(Type.NUMBER, "DOUBLE", null);
      case DECIMAL ->
          new Typing(
              Type.DECIMAL,
              "FIXED_LEN_BYTE_ARRAY",
              "DECIMAL(" + ColumnKind.DECIMAL_PRECISION + "," + ColumnKind.DECIMAL_SCALE + ")");
      case DATE -> new Typing(Type.DATE, "INT32", "DATE");
      case DATETIME -> new Typing(Type.TIMESTAMP, "INT64", "TIMESTAMP(MICROS,true)");
      case BOOLEAN -> new Typing(Type.BOOLEAN, "BOOLEAN", null);
    };
  }

  /**
   * The schema of an export of {@code rows} in {@code format} whose file has {@code columns}.
   *
   * @param customFields the workspace's custom fields, which describe the {@code custom.*} columns
   * @param language one of {@link ExportLabels#LANGUAGES}
   * @throws IllegalArgumentException for another language
   */
  public static ExportSchema of(
      RowType rows,
      String format,
      List<ExportColumn> columns,
      List<CustomField> customFields,
      String language) {
    Map<String, String> texts = descriptions(language);
    Map<String, CustomField> custom = new HashMap<>();
    customFields.forEach(f -> custom.put(CUSTOM + f.name(), f));
    List<Column> out = new ArrayList<>(columns.size());
    for (ExportColumn c : columns) {
      out.add(
          new Column(
              c.header(),
              typing(c.kind()),
              !NOT_NULL.contains(c.field()),
              describe(texts, rows, c.field(), custom.get(c.field()))));
    }
    return new ExportSchema(rows, format, language, out);
  }

  /**
   * This schema with the descriptions a surface gave the columns it asked for by field ({@link
   * ColumnSpec#description()}, in file order); a null leaves that column's own.
   *
   * @throws IllegalArgumentException when there are not as many descriptions as columns
   */
  public ExportSchema describedAs(List<@Nullable String> descriptions) {
    if (descriptions.size() != columns.size()) {
      throw new IllegalArgumentException(
          descriptions.size() + " descriptions for " + columns.size() + " columns");
    }
    List<Column> out = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String given = descriptions.get(i);
      out.add(given == null ? c : new Column(c.name(), c.typing(), c.nullable(), given));
    }
    return new ExportSchema(rows, format, language, out);
  }

  /**
   * Whether a value of the documented field {@code field} (a column's {@link ExportColumn#field()},
   * or a key of a lead document or its items) can be empty: false only for the database's {@code
   * not null} values and the counts.
   */
  public static boolean nullable(String field) {
    return !NOT_NULL.contains(field);
  }

  /**
   * The first of {@code keys} the descriptions of {@code language} have, or {@code fallback} when
   * none: a nested document's member is described by its own key, or by the flat column it equals.
   *
   * @throws IllegalArgumentException for a language {@link ExportLabels} does not have
   */
  public static String description(String language, List<String> keys, String fallback) {
    Map<String, String> texts = descriptions(language);
    for (String key : keys) {
      String text = texts.get(key);
      if (text != null) {
        return text;
      }
    }
    return fallback;
  }

  /** The description of the custom field {@code custom} in {@code language}. */
  public static String description(String language, CustomField custom) {
    return describe(descriptions(language), RowType.LEADS, CUSTOM + custom.name(), custom);
  }

  /**
   * The description of {@code field} of {@code rows} in {@code texts}: a custom field's from its
   * definition; an address part's and a smart field's are the same on every row type; a column
   * asked for by field that is none of the documented ones, and that its surface gave no
   * description ({@link #describedAs}), is described by its name.
   */
  private static String describe(
      Map<String, String> texts, RowType rows, String field, @Nullable CustomField custom) {
    if (custom != null) {
      return text(texts, "custom")
          .replace("{name}", custom.name())
          .replace(
              "{type}",
              text(texts, "custom.type." + custom.type().name().toLowerCase(Locale.ROOT)));
    }
    return texts.getOrDefault(key(rows, field), field);
  }

  /** The bundle key describing {@code field} of {@code rows} in a flat export. */
  public static String key(RowType rows, String field) {
    if (SmartFields.NAMES.contains(field)) {
      return "smart." + field;
    }
    if (field.startsWith("address.")) {
      return field;
    }
    if (field.startsWith("lead_address.")) {
      return "address." + field.substring("lead_address.".length());
    }
    return rows.name().toLowerCase(Locale.ROOT) + "." + field;
  }

  private static String text(Map<String, String> texts, String key) {
    return Objects.requireNonNull(texts.get(key), () -> BUNDLE + " has no " + key);
  }

  /**
   * The descriptions of {@code language} by key.
   *
   * @throws IllegalArgumentException for a language {@link ExportLabels} does not have
   */
  public static Map<String, String> descriptions(String language) {
    Map<String, String> texts = DESCRIPTIONS.get(language);
    if (texts == null) {
      throw new IllegalArgumentException("no descriptions in " + language);
    }
    return texts;
  }

  /** The schema as JSON, its keys in {@code style}: columns, format, row type, language. */
  public ObjectNode toJson(Style style) {
    ObjectNode o = Json.object();
    columns(o.putArray("columns"), columns, style, PARQUET.equals(format));
    o.put("format", format);
    o.put(style == Style.SNAKE ? "row_type" : "rowType", rows.name().toLowerCase(Locale.ROOT));
    o.put("language", language);
    return o;
  }

  /**
   * Adds {@code columns} to {@code list}; an object's members as its {@code fields}, a list's as
   * {@code items: {type: struct, fields}} (its elements are objects).
   */
  private static void columns(ArrayNode list, List<Column> columns, Style style, boolean parquet) {
    for (Column c : columns) {
      ObjectNode col = list.addObject();
      col.put("name", c.name());
      col.put("type", c.typing().type().word());
      col.put("nullable", c.nullable());
      col.put("description", c.description());
      if (parquet) {
        col.put("parquet", c.typing().parquet());
        col.put(
            style == Style.SNAKE ? "parquet_logical" : "parquetLogical",
            c.typing().parquetLogical());
      }
      switch (c.typing().type()) {
        case STRUCT -> columns(col.putArray("fields"), c.fields(), style, parquet);
        case LIST -> {
          ObjectNode items = col.putObject("items");
          items.put("type", Type.STRUCT.word());
          columns(items.putArray("fields"), c.fields(), style, parquet);
        }
        default -> {}
      }
    }
  }

  private static Map<String, Map<String, String>> loadAll() {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (String code : ExportLabels.LANGUAGES) {
      all.put(code, LabelBundle.load(BUNDLE, code, "en", ExportSchema.class.getClassLoader()));
    }
    return Collections.unmodifiableMap(all);
  }
}
