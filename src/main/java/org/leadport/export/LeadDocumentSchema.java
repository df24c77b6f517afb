package org.leadport.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.column.ExportSchema.Column;
import org.leadport.export.column.ExportSchema.Typing;
import org.leadport.export.column.RowType;
import org.leadport.export.column.SmartFields;
import org.leadport.export.writer.DocumentField;
import org.leadport.model.CustomField;
import org.leadport.store.ItemKind;
import org.leadport.store.LeadField;

/**
 * The column schema of nested lead documents (docs/schema.md "Nested documents"): every top-level
 * key of a document with its type, an object's members and a list element's members below it. It is
 * read from the members the Parquet writer is given ({@link LeadDocumentShape}, itself derived from
 * the {@link LeadField} and {@link ItemKind} catalogues the JSON writer follows), so the schema of
 * JSON, NDJSON and nested Parquet cannot drift from their files. JSON shows two members Parquet
 * cannot hold, and which the schema adds where the JSON writes them: the {@code custom} object of a
 * workspace without custom fields (an empty object; Parquet has no group without members) and
 * {@code custom_objects} (always an empty list). Stateless.
 */
final class LeadDocumentSchema {
  /** The bundle's prefix of the keys describing a document's members. */
  static final String PREFIX = "document.";

  /** The key of the channel's kind, shared by emails, phones and urls. */
  static final String CHANNEL_TYPE = PREFIX + "channel.type";

  /** Item fields the database holds {@code not null} beyond {@link ExportSchema#nullable}'s. */
  private static final Set<String> ITEM_NOT_NULL = Set.of("activities.type", "activities.date");

  private static final String CUSTOM_OBJECTS = "custom_objects";

  private LeadDocumentSchema() {}

  /**
   * The columns of the documents of {@code spec} (a {@link ExportSpec#nested()} one), described in
   * {@code language}.
   *
   * @param customFields the workspace's custom fields, as the export reads them
   */
  static List<Column> of(ExportSpec spec, List<CustomField> customFields, String language) {
    ExportOptions options = spec.options();
    boolean json = !spec.format().nestsWhenAsked();
    LeadDocuments docs = new LeadDocuments(options, spec.includeDeleted());
    boolean customObjects = json && options.customObjects() && docs.shown(CUSTOM_OBJECTS);
    if (customObjects) {
      // The typed shape has no custom objects; the JSON writes them as an empty list, below.
      docs = new LeadDocuments(withoutCustomObjects(options), spec.includeDeleted());
    }
    List<DocumentField> shape = new ArrayList<>(LeadDocumentShape.of(docs, customFields));
    if (json
        && docs.naming() != ExportNaming.CLOSE
        && docs.shown("custom")
        && customFields.isEmpty()) {
      shape.add(beforeCustom(shape), new DocumentField.Group("custom", 0, List.of()));
    }
    Map<String, String> nativeKeys = nativeKeys(docs.naming());
    Map<String, CustomField> byId = new HashMap<>();
    customFields.forEach(f -> byId.put(f.id(), f));
    List<Column> out = new ArrayList<>(shape.size() + 1);
    for (DocumentField f : shape) {
      out.add(top(f, nativeKeys, byId, language));
    }
    if (customObjects) {
      int smart = (int) shape.stream().filter(f -> SmartFields.NAMES.contains(f.name())).count();
      out.add(
          out.size() - smart,
          new Column(
              CUSTOM_OBJECTS,
              Typing.LIST,
              false,
              describe(language, PREFIX + CUSTOM_OBJECTS),
              List.of()));
    }
    return out;
  }

  /** A top-level member of the document. */
  private static Column top(
      DocumentField f,
      Map<String, String> nativeKeys,
      Map<String, CustomField> byId,
      String language) {
    return switch (f) {
      case DocumentField.Value v -> {
        String key = nativeKeys.getOrDefault(v.name(), v.name());
        yield new Column(
            v.name(),
            ExportSchema.typing(v.kind()),
            ExportSchema.nullable(key),
            ExportSchema.description(
                language, List.of(PREFIX + key, ExportSchema.key(RowType.LEADS, key)), key));
      }
      case DocumentField.Member m -> custom(m, byId, language);
      case DocumentField.Group g -> {
        List<Column> members = new ArrayList<>();
        g.fields().forEach(m -> members.add(custom((DocumentField.Member) m, byId, language)));
        // The jsonb column is not null: every lead has the object, if empty.
        yield new Column(
            g.name(), Typing.STRUCT, false, describe(language, PREFIX + g.name()), members);
      }
      case DocumentField.Items i -> items(i, language);
      case DocumentField.Channels c ->
          throw new IllegalStateException(c.name() + " are an item's, not a lead's");
    };
  }

  /** A custom field's value: a flat {@code custom.<id>} key or a member of {@code custom}. */
  private static Column custom(
      DocumentField.Member m, Map<String, CustomField> byId, String language) {
    CustomField field = byId.get(m.key());
    return new Column(
        m.name(),
        ExportSchema.typing(m.kind()),
        true,
        field == null ? m.name() : ExportSchema.description(language, field));
  }

  /** A list of items: always present (empty when the lead has none), each an object. */
  private static Column items(DocumentField.Items i, String language) {
    String table = i.name();
    List<Column> fields = new ArrayList<>();
    for (DocumentField f : i.fields()) {
      fields.add(
          switch (f) {
            case DocumentField.Value v ->
                new Column(
                    v.name(),
                    ExportSchema.typing(v.kind()),
                    ExportSchema.nullable(v.name())
                        && !ITEM_NOT_NULL.contains(table + "." + v.name()),
                    itemDescription(language, table, v.name()));
            case DocumentField.Channels c -> channels(c, table, language);
            case DocumentField.Member m -> throw nested(m);
            case DocumentField.Group g -> throw nested(g);
            case DocumentField.Items it -> throw nested(it);
          });
    }
    return new Column(table, Typing.LIST, false, describe(language, PREFIX + table), fields);
  }

  /** A contact's channels: a list (never null) of objects of their value and kind. */
  private static Column channels(DocumentField.Channels c, String table, String language) {
    String path = PREFIX + table + "." + c.name();
    Typing text = ExportSchema.typing(ColumnKind.TEXT);
    return new Column(
        c.name(),
        Typing.LIST,
        false,
        describe(language, path),
        List.of(
            new Column(c.key(), text, true, describe(language, path + "." + c.key())),
            new Column("type", text, true, describe(language, CHANNEL_TYPE))));
  }

  /**
   * An item's field: its own document key, else the flat row's column it equals (contact and
   * opportunity rows have the same fields).
   */
  private static String itemDescription(String language, String table, String field) {
    List<String> keys = new ArrayList<>(List.of(PREFIX + table + "." + field));
    for (RowType rows : RowType.values()) {
      if (rows.name().equalsIgnoreCase(table)) {
        keys.add(ExportSchema.key(rows, field));
      }
    }
    return ExportSchema.description(language, keys, field);
  }

  private static String describe(String language, String key) {
    return ExportSchema.description(language, List.of(key), key);
  }

  private static IllegalStateException nested(DocumentField f) {
    return new IllegalStateException(f.name() + " is not a member of an item");
  }

  /**
   * Where the JSON's {@code custom} object is among the shape's members: after the lead's fields
   * declared before it.
   */
  private static int beforeCustom(List<DocumentField> shape) {
    Set<String> before = new HashSet<>();
    for (LeadField f : LeadField.shown()) {
      if (f == LeadField.CUSTOM) {
        break;
      }
      before.add(f.shownKey());
    }
    int i = 0;
    while (i < shape.size() && before.contains(shape.get(i).name())) {
      i++;
    }
    return i;
  }

  /** The native key of each top-level key {@code naming} renames ({@code date_created}). */
  private static Map<String, String> nativeKeys(ExportNaming naming) {
    Map<String, String> out = new HashMap<>();
    for (LeadField f : LeadField.shown()) {
      out.put(naming.name(f.shownKey()), f.shownKey());
    }
    return out;
  }

  private static ExportOptions withoutCustomObjects(ExportOptions o) {
    return new ExportOptions(
        o.dateFormat(),
        o.fields(),
        o.activities(),
        o.smartFields(),
        o.addresses(),
        false,
        o.bom(),
        o.columns(),
        o.flat(),
        o.headers(),
        o.naming(),
        o.nested());
  }
}
