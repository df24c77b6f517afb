package org.leadport.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.SmartFields;
import org.leadport.export.writer.DocumentWriter;
import org.leadport.store.ItemField;
import org.leadport.store.ItemKind;
import org.leadport.store.LeadField;

/**
 * Writes nested lead documents — the native API's lead JSON plus the export's options — straight
 * from result sets through Jackson's streaming generator, without building a tree per lead. The
 * lead columns (and smart fields) come from the export's own statement, and so do the lead's items:
 * the lead's row of {@code lead_items} (migration V21), joined there, read by {@link BinaryRows}.
 * Keys and values are those of the {@link LeadField} and {@link ItemKind} catalogues, as {@code
 * LeadJson} and {@code SmartFields} write them, or under Close's naming ({@link
 * ExportNaming#CLOSE}) Close's keys. Not thread-safe; one per export.
 */
final class LeadDocuments {
  /** Leads read from the lead statement per batch handed to the writer. */
  static final int BATCH = 500;

  /** The column of an item row holding the kind's first field; the lead id comes before it. */
  static final int FIRST_FIELD = 1;

  private static final String TIME = DateFormat.RFC3339_MICROS.sql("%s");

  /** The lead fields the JSON shows, in its order (read once, not per document). */
  private static final List<LeadField> SHOWN = List.copyOf(LeadField.shown());

  /** The lead fields read from the lead statement, in its order: all the JSON shows but items. */
  private static final List<LeadField> LEAD_FIELDS =
      SHOWN.stream().filter(f -> f.type() != LeadField.Type.ITEMS).toList();

  private final ExportOptions options;
  private final List<ExportColumn> smart;
  private final @Nullable Set<String> fields;
  private final ExportNaming naming;
  private final boolean tombstones;

  /** The kinds of items the documents show, in the JSON's order: a typed document's item lists. */
  private final List<ItemKind<?>> kinds;

  /**
   * @param tombstones whether deleted leads are among the documents, which then carry {@code
   *     deleted_at} under every naming
   */
  LeadDocuments(ExportOptions options, boolean tombstones) {
    this.options = options;
    this.tombstones = tombstones;
    this.naming = options.naming();
    this.smart = options.smartFields() ? SmartFields.columns() : List.of();
    this.fields = options.fields() == null ? null : Set.copyOf(options.fields());
    List<ItemKind<?>> kinds = new ArrayList<>();
    for (ItemKind<?> kind : ItemKind.all()) {
      if (shown(kind.table()) && (kind != ItemKind.ACTIVITIES || options.activities())) {
        kinds.add(kind);
      }
    }
    this.kinds = List.copyOf(kinds);
  }

  /** The export's options the documents follow. */
  ExportOptions options() {
    return options;
  }

  ExportNaming naming() {
    return naming;
  }

  boolean tombstones() {
    return tombstones;
  }

  /** The fields the documents are limited to, or null for all. */
  @Nullable Set<String> fields() {
    return fields;
  }

  /** The kinds of items the documents show, in the JSON's order. */
  List<ItemKind<?>> kinds() {
    return kinds;
  }

  /** The smart fields' columns, read after {@link #LEAD_FIELDS} in the lead statement. */
  List<ExportColumn> smart() {
    return smart;
  }

  /** How many lead fields the lead statement reads before the smart fields. */
  static int leadFields() {
    return LEAD_FIELDS.size();
  }

  /**
   * The select list of the lead statement: lead columns, then smart fields, then the columns of
   * {@code lead_items} of the kinds shown.
   */
  String columns() {
    List<String> sql = new ArrayList<>();
    for (LeadField f : LEAD_FIELDS) {
      sql.add(
          switch (f.type()) {
            case TIME -> time(f.expression());
            case JSON -> f.expression() + "::text";
            case TEXT, ITEMS -> f.expression();
          });
    }
    for (ExportColumn c : smart) {
      // Smart fields bind no values: their expressions are text alone.
      sql.add(
          c.kind() == ColumnKind.DATETIME
              ? time(c.sql().inlined())
              : "(" + c.sql().inlined() + ")::text");
    }
    for (ItemKind<?> kind : kinds) {
      // The column is named as the kind's table (V21).
      sql.add("li." + kind.table());
    }
    return String.join(", ", sql);
  }

  /** The joins {@link #columns()} reads from, after the lead table {@code l}. */
  String joins() {
    return "left join status_stages s on s.id = l.status_id "
        + (smart.isEmpty() ? "" : SmartFields.JOINS)
        + (kinds.isEmpty() ? "" : " left join lead_items li on li.lead_id = l.id");
  }

  /**
   * A batch of lead rows (the id first) with the rows of their items by kind and lead id; a kind
   * the documents do not show has no entry.
   */
  record Batch(List<String[]> leads, Map<ItemKind<?>, Map<String, List<String[]>>> items) {}

  /** How many columns the lead statement reads: lead fields, smart fields, kinds of items. */
  int statementColumns() {
    return LEAD_FIELDS.size() + smart.size() + kinds.size();
  }

  /**
   * Reads the next batch of up to {@link #BATCH} rows of the lead statement's binary COPY ({@link
   * BinaryRows}), their items with them; null at its end.
   */
  // The rows hold nulls as the JDBC rows they replaced did (String[] of getString).
  @SuppressWarnings("NullAway")
  @Nullable Batch read(BinaryRows rs) throws SQLException {
    int leadColumns = LEAD_FIELDS.size() + smart.size();
    List<String[]> leads = new ArrayList<>(BATCH);
    List<Map<String, List<String[]>>> byKind = new ArrayList<>(kinds.size());
    Map<ItemKind<?>, Map<String, List<String[]>>> items = new HashMap<>();
    for (ItemKind<?> kind : kinds) {
      Map<String, List<String[]>> rows = new HashMap<>();
      byKind.add(rows);
      items.put(kind, rows);
    }
    while (leads.size() < BATCH && rs.next()) {
      String[] row = new String[leadColumns];
      for (int i = 0; i < row.length; i++) {
        row[i] = rs.text(i);
      }
      String id = Objects.requireNonNull(row[0], "a lead's id");
      leads.add(row);
      for (int k = 0; k < kinds.size(); k++) {
        List<String[]> rows = rs.items(leadColumns + k, id, kinds.get(k).fields().size());
        if (!rows.isEmpty()) {
          byKind.get(k).put(id, rows);
        }
      }
    }
    return leads.isEmpty() ? null : new Batch(leads, items);
  }

  /** Writes the documents of a loaded batch. */
  void write(Batch batch, DocumentWriter writer) throws IOException {
    if (writer.takesRows()) {
      rows(batch, writer);
      return;
    }
    for (String[] lead : batch.leads()) {
      // Asked for each document: a writer in parts counts documents so.
      JsonGenerator json = writer.generator();
      json.writeStartObject();
      int column = 0;
      for (LeadField f : SHOWN) {
        switch (f.type()) {
          case TEXT -> text(json, f.shownKey(), lead[column++]);
          case JSON -> custom(json, lead[column++]);
          case TIME -> {
            String value = lead[column++];
            if (naming.shows(f.shownKey(), tombstones)) {
              text(json, naming.name(f.shownKey()), value);
            }
          }
          case ITEMS -> {
            ItemKind<?> kind = ItemKind.of(f);
            Map<String, List<String[]>> rows = batch.items().get(kind);
            if (rows != null) {
              items(json, kind, rows.getOrDefault(lead[0], List.of()), lead[0]);
            }
          }
        }
      }
      if (options.customObjects() && shown("custom_objects")) {
        json.writeArrayFieldStart("custom_objects");
        json.writeEndArray();
      }
      for (int i = 0; i < smart.size(); i++) {
        String value = lead[LEAD_FIELDS.size() + i];
        ExportColumn c = smart.get(i);
        if (c.kind() == ColumnKind.DATETIME) {
          text(json, c.header(), value);
        } else {
          number(json, c.header(), value);
        }
      }
      json.writeEndObject();
    }
  }

  /**
   * The documents of a batch as their rows, for a writer of typed columns ({@link
   * LeadDocumentShape}).
   */
  private void rows(Batch batch, DocumentWriter writer) throws IOException {
    List<Map<String, List<String[]>>> byKind = new ArrayList<>(kinds.size());
    for (ItemKind<?> kind : kinds) {
      byKind.add(batch.items().getOrDefault(kind, Map.of()));
    }
    List<List<String[]>> lists = new ArrayList<>(kinds.size());
    for (String[] lead : batch.leads()) {
      lists.clear();
      for (Map<String, List<String[]>> rows : byKind) {
        lists.add(rows.getOrDefault(lead[0], List.of()));
      }
      writer.document(lead, lists);
    }
  }

  /** One lead's items of {@code kind}: their rows as {@link BinaryRows} reads them. */
  private <T> void items(JsonGenerator json, ItemKind<T> kind, List<String[]> rows, String leadId)
      throws IOException {
    json.writeArrayFieldStart(kind.table());
    for (String[] row : rows) {
      json.writeStartObject();
      int column = FIRST_FIELD;
      for (ItemField<T> f : kind.fields()) {
        String value = row[column++];
        switch (f.type()) {
          case TEXT, DATE, TIME -> json.writeStringField(f.key(), value);
          case INTEGER -> number(json, f.key(), value);
          case CHANNELS -> StoredJson.channels(json, f.key(), f.channelKey(), value);
        }
        if (kind.leadIdFollows(f)) {
          json.writeStringField("lead_id", leadId);
        }
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * The stored custom values ({@code {"cf_…": value}}): under Close's naming flat {@code
   * custom.cf_…} keys, in stored order, each when shown ({@code custom} in the fields shows them
   * all); else the nested object as stored.
   */
  private void custom(JsonGenerator json, @Nullable String stored) throws IOException {
    if (naming == ExportNaming.CLOSE) {
      StoredJson.flat(
          json,
          "custom.",
          stored,
          key -> fields == null || fields.contains("custom") || fields.contains(key));
    } else if (shown("custom")) {
      json.writeFieldName("custom");
      StoredJson.copy(json, stored);
    }
  }

  /** Whether the documents show {@code key} (the export's fields filter). */
  boolean shown(String key) {
    return fields == null || fields.contains(key);
  }

  private void text(JsonGenerator json, String key, @Nullable String value) throws IOException {
    if (shown(key)) {
      json.writeStringField(key, value);
    }
  }

  /** A number as PostgreSQL's text of it, when shown (an item's numbers too, as ever). */
  private void number(JsonGenerator json, String key, @Nullable String value) throws IOException {
    if (!shown(key)) {
      return;
    }
    json.writeFieldName(key);
    if (value == null) {
      json.writeNull();
    } else {
      // PostgreSQL's text of an integer or numeric is already a JSON number.
      json.writeNumber(value);
    }
  }

  /** {@code expr} as the documents' timestamp text (RFC 3339, microseconds). */
  static String time(String expr) {
    return TIME.replace("%s", expr);
  }
}
