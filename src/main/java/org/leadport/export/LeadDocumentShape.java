package org.leadport.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.CustomFieldColumns;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.writer.DocumentField;
import org.leadport.model.CustomField;
import org.leadport.store.ItemField;
import org.leadport.store.ItemKind;
import org.leadport.store.LeadField;

/**
 * The typed shape of {@link LeadDocuments}' documents, for a format of typed columns (Parquet,
 * docs/parquet.md "Lead documents"): one catalogue, the JSON's, read the same way. Stateless.
 */
final class LeadDocumentShape {
  private LeadDocumentShape() {}

  /**
   * The members of the documents as a format of typed columns holds them ({@link
   * DocumentWriter#takesRows()}, Parquet): the keys {@link LeadDocuments} writes, derived from the
   * same catalogues with the same options, in the same order, each typed (lead fields as their
   * columns, items by their {@link ItemField}s, smart fields by their columns) and read from the
   * same rows. Custom values, which the JSON copies as stored, are a typed member per field of
   * {@code customFields} (the workspace's): flat {@code custom.<id>} keys under Close's naming,
   * else a {@code custom} object keyed by id.
   */
  static List<DocumentField> of(LeadDocuments docs, List<CustomField> customFields) {
    if (docs.options().customObjects() && docs.shown("custom_objects")) {
      throw new IllegalStateException("custom objects hold no typed members");
    }
    List<DocumentField> out = new ArrayList<>();
    int column = 0;
    for (LeadField f : LeadField.shown()) {
      switch (f.type()) {
        case TEXT -> {
          if (docs.shown(f.shownKey())) {
            out.add(new DocumentField.Value(f.shownKey(), ColumnKind.TEXT, column));
          }
          column++;
        }
        case JSON -> custom(docs, out, column++, customFields);
        case TIME -> {
          String name = docs.naming().name(f.shownKey());
          if (docs.naming().shows(f.shownKey(), docs.tombstones()) && docs.shown(name)) {
            out.add(new DocumentField.Value(name, ColumnKind.DATETIME, column));
          }
          column++;
        }
        case ITEMS -> {
          ItemKind<?> kind = ItemKind.of(f);
          List<ItemKind<?>> kinds = docs.kinds();
          if (kinds.contains(kind)) {
            out.add(new DocumentField.Items(kind.table(), kinds.indexOf(kind), itemShape(kind)));
          }
        }
      }
    }
    List<ExportColumn> smart = docs.smart();
    for (int i = 0; i < smart.size(); i++) {
      ExportColumn c = smart.get(i);
      if (docs.shown(c.header())) {
        out.add(new DocumentField.Value(c.header(), c.kind(), LeadDocuments.leadFields() + i));
      }
    }
    return out;
  }

  /** The typed members of the custom values stored at {@code column}, as the JSON shows them. */
  private static void custom(
      LeadDocuments docs, List<DocumentField> out, int column, List<CustomField> customFields) {
    ExportNaming naming = docs.naming();
    @Nullable Set<String> fields = docs.fields();
    List<DocumentField> members = new ArrayList<>();
    for (CustomField cf : customFields) {
      ColumnKind kind = CustomFieldColumns.kind(cf.type());
      String key = "custom." + cf.id();
      if (naming != ExportNaming.CLOSE) {
        members.add(new DocumentField.Member(cf.id(), kind, column, cf.id()));
      } else if (fields == null || fields.contains("custom") || fields.contains(key)) {
        out.add(new DocumentField.Member(key, kind, column, cf.id()));
      }
    }
    // An object without members is no Parquet group: a workspace without custom fields has none.
    if (naming != ExportNaming.CLOSE && docs.shown("custom") && !members.isEmpty()) {
      out.add(new DocumentField.Group("custom", column, members));
    }
  }

  /** The members of an item of {@code kind}, read from its row ({@link BinaryRows#items}). */
  private static List<DocumentField> itemShape(ItemKind<?> kind) {
    List<DocumentField> out = new ArrayList<>();
    int column = LeadDocuments.FIRST_FIELD;
    for (ItemField<?> f : kind.fields()) {
      out.add(
          switch (f.type()) {
            case TEXT -> new DocumentField.Value(f.key(), ColumnKind.TEXT, column);
            case INTEGER -> new DocumentField.Value(f.key(), ColumnKind.INTEGER, column);
            case DATE -> new DocumentField.Value(f.key(), ColumnKind.DATE, column);
            case TIME -> new DocumentField.Value(f.key(), ColumnKind.DATETIME, column);
            case CHANNELS -> new DocumentField.Channels(f.key(), f.channelKey(), column);
          });
      column++;
      if (kind.leadIdFollows(f)) {
        // The row's lead id, before its fields.
        out.add(new DocumentField.Value("lead_id", ColumnKind.TEXT, 0));
      }
    }
    return out;
  }
}
