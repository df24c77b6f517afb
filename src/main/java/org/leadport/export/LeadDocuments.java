package org.leadport.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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

  /** The lead fields read from the lead statement, in its order: all the JSON shows but items. */
  private static final List<LeadField> LEAD_FIELDS =
      LeadField.shown().stream().filter(f -> f.type() != LeadField.Type.ITEMS).toList();

  private final ExportOptions options;
  private final List<ExportColumn> smart;
  private final @Nullable Set<String> fields;
  private final ExportNaming naming;
  private final boolean tombstones;
  private final LeadItemRows items;

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
    this.items = new LeadItemRows(kinds);
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

  /** Loads the items of a batch of lead rows on {@code h}. */
  Batch load(Handle h, List<String[]> leads) {
    String[] ids = new String[leads.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = leads.get(i)[0];
    }
    return new Batch(leads, items.load(h, ids));
  }

  /** Writes the documents of a loaded batch. */
  void write(Batch batch, DocumentWriter writer) throws IOException {
    JsonGenerator json = writer.generator();
    for (String[] lead : batch.leads()) {
      json.writeStartObject();
      int column = 0;
      for (LeadField f : LeadField.shown()) {
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
            Map<String, List<String[]>> rows = batch.items().get(ItemKind.of(f));
            if (rows != null) {
              items(json, ItemKind.of(f), rows.getOrDefault(lead[0], List.of()), lead[0]);
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

  private boolean shown(String key) {
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
