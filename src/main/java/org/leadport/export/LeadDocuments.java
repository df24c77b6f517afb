package org.leadport.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
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
 * lead columns (and smart fields) come from the export's own statement; each batch's items come
 * from {@link LeadItemRows} on the same snapshot. Keys and values are those of the {@link
 * LeadField} and {@link ItemKind} catalogues, as {@code LeadJson} and {@code SmartFields} write
 * them, or under Close's naming ({@link ExportNaming#CLOSE}) Close's keys. Not thread-safe; one per
 * export.
 */
final class LeadDocuments {
  /** Leads whose children are loaded per round of child queries. */
  static final int BATCH = 500;

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

  /** The kinds loaded on the lead statement's own connection, by the thread reading its rows. */
  private final LeadItemRows near;

  /** The kinds loaded on the second connection of a shared snapshot, by a thread of their own. */
  private final LeadItemRows far;

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
    List<ItemKind<?>> nearKinds = new ArrayList<>();
    List<ItemKind<?>> farKinds = new ArrayList<>();
    for (ItemKind<?> kind : ItemKind.all()) {
      if (shown(kind.table()) && (kind != ItemKind.ACTIVITIES || options.activities())) {
        kinds.add(kind);
        // Contacts take about as long to load as the other kinds together (measured: issue 18,
        // bench/log/2026-12-07-issue18.md), so two connections loading them side by side halve
        // the stage every export waits on.
        (kind == ItemKind.CONTACTS ? farKinds : nearKinds).add(kind);
      }
    }
    this.kinds = List.copyOf(kinds);
    this.near = new LeadItemRows(nearKinds);
    this.far = new LeadItemRows(farKinds);
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

  /** The select list of the lead statement: lead columns, then smart fields. */
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
    return String.join(", ", sql);
  }

  /** The joins {@link #columns()} reads from, after the lead table {@code l}. */
  String joins() {
    return "left join status_stages s on s.id = l.status_id "
        + (smart.isEmpty() ? "" : SmartFields.JOINS);
  }

  /** Reads the current row of the lead statement. */
  String[] lead(ResultSet rs) throws SQLException {
    String[] row = new String[LEAD_FIELDS.size() + smart.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = rs.getString(i + 1);
    }
    return row;
  }

  /**
   * A batch of lead rows (the id first) with the rows of their items by kind and lead id; a kind
   * the documents do not show has no entry.
   */
  record Batch(List<String[]> leads, Map<ItemKind<?>, Map<String, List<String[]>>> items) {}

  /** Loads all the items of a batch of lead rows on {@code h}. */
  Batch load(Handle h, List<String[]> leads) {
    return loadFar(h, loadNear(h, leads));
  }

  /**
   * Loads the items of the kinds that go with the lead rows, on the lead statement's connection
   * {@code h}, between two fetches of its cursor; {@link #loadFar} completes the batch.
   */
  Batch loadNear(Handle h, List<String[]> leads) {
    return new Batch(leads, near.load(h, ids(leads)));
  }

  /** Completes a batch of {@link #loadNear} with the other kinds' items, loaded on {@code h}. */
  Batch loadFar(Handle h, Batch batch) {
    Map<ItemKind<?>, Map<String, List<String[]>>> items = new HashMap<>(batch.items());
    items.putAll(far.load(h, ids(batch.leads())));
    return new Batch(batch.leads(), items);
  }

  private static String[] ids(List<String[]> leads) {
    String[] ids = new String[leads.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = leads.get(i)[0];
    }
    return ids;
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

  /** One lead's items of {@code kind}: their rows as {@link LeadItemRows} reads them. */
  private <T> void items(JsonGenerator json, ItemKind<T> kind, List<String[]> rows, String leadId)
      throws IOException {
    json.writeArrayFieldStart(kind.table());
    for (String[] row : rows) {
      json.writeStartObject();
      int column = LeadItemRows.FIRST_FIELD;
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
