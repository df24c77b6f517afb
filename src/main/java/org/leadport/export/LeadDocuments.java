package org.leadport.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.SmartFields;
import org.leadport.export.writer.DocumentWriter;
import org.leadport.json.Json;

/**
 * Writes nested lead documents — the native API's lead JSON plus the export's options — straight
 * from result sets through Jackson's streaming generator, without building a tree per lead. The
 * lead columns (and smart fields) come from the export's own statement; each batch's contacts,
 * opportunities, activities and addresses come from one query per table on the same snapshot. Keys
 * and values are exactly those of {@code LeadJson} and {@code SmartFields}, or under Close's naming
 * ({@link ExportNaming#CLOSE}) Close's keys. Not thread-safe; one per export.
 */
final class LeadDocuments {
  /** Leads whose children are loaded per round of child queries. */
  static final int BATCH = 500;

  private static final String TIME = DateFormat.RFC3339_MICROS.sql("%s");

  /** The lead statement's columns, in the order {@link #lead} reads them. */
  private static final List<String> LEAD_COLUMNS =
      List.of(
          "l.id",
          "l.name",
          "l.display_name",
          "l.status_id",
          "s.label",
          "l.url",
          "l.description",
          "l.source",
          "l.medium",
          "l.campaign",
          "l.custom::text",
          time("l.created_at"),
          time("l.updated_at"),
          time("l.deleted_at"));

  private static final String[] TEXT_KEYS = {
    "id",
    "name",
    "display_name",
    "status_id",
    "status_label",
    "url",
    "description",
    "source",
    "medium",
    "campaign"
  };

  private static final String CONTACTS =
      "select lead_id, id, name, title, emails::text, phones::text, urls::text, first_name,"
          + " last_name from contacts"
          + " where lead_id = any(?) order by lead_id, position";
  private static final String OPPORTUNITIES =
      "select lead_id, id, status_type, status_label, value::text, value_currency, value_period,"
          + " confidence::text, date_won::text, note, user_name from opportunities"
          + " where lead_id = any(?) order by lead_id, position";
  private static final String ACTIVITIES =
      "select lead_id, id, type, "
          + time("occurred_at")
          + ", direction, duration::text, subject, body from activities"
          + " where lead_id = any(?) order by lead_id, occurred_at, id";
  private static final String ADDRESSES =
      "select lead_id, id, label, address_1, address_2, city, state, zipcode, country"
          + " from addresses where lead_id = any(?) order by lead_id, position";

  private final ExportOptions options;
  private final List<ExportColumn> smart;
  private final @Nullable Set<String> fields;
  private final ExportNaming naming;

  LeadDocuments(ExportOptions options) {
    this.options = options;
    this.naming = options.naming();
    this.smart = options.smartFields() ? SmartFields.columns() : List.of();
    this.fields = options.fields() == null ? null : Set.copyOf(options.fields());
  }

  /** The select list of the lead statement: lead columns, then smart fields. */
  String columns() {
    StringBuilder sql = new StringBuilder(String.join(", ", LEAD_COLUMNS));
    for (ExportColumn c : smart) {
      sql.append(", ")
          // Smart fields bind no values: their expressions are text alone.
          .append(
              c.kind() == ColumnKind.DATETIME
                  ? time(c.sql().inlined())
                  : "(" + c.sql().inlined() + ")::text");
    }
    return sql.toString();
  }

  /** The joins {@link #columns()} reads from, after the lead table {@code l}. */
  String joins() {
    return "left join status_stages s on s.id = l.status_id "
        + (smart.isEmpty() ? "" : SmartFields.JOINS);
  }

  /** Reads the current row of the lead statement. */
  String[] lead(ResultSet rs) throws SQLException {
    String[] row = new String[LEAD_COLUMNS.size() + smart.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = rs.getString(i + 1);
    }
    return row;
  }

  /**
   * A batch of lead rows with their children by lead id; a child map is null when the documents do
   * not show that collection.
   */
  record Batch(
      List<String[]> leads,
      @Nullable Map<String, List<String[]>> contacts,
      @Nullable Map<String, List<String[]>> opportunities,
      @Nullable Map<String, List<String[]>> activities,
      @Nullable Map<String, List<String[]>> addresses) {}

  /** Loads the children of a batch of lead rows on {@code h}. */
  Batch load(Handle h, List<String[]> leads) {
    String[] ids = new String[leads.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = leads.get(i)[0];
    }
    return new Batch(
        leads,
        shown("contacts") ? children(h, CONTACTS, ids) : null,
        shown("opportunities") ? children(h, OPPORTUNITIES, ids) : null,
        options.activities() && shown("activities") ? children(h, ACTIVITIES, ids) : null,
        shown("addresses") ? children(h, ADDRESSES, ids) : null);
  }

  /** Writes the documents of a loaded batch. */
  void write(Batch batch, DocumentWriter writer) throws IOException {
    JsonGenerator json = writer.generator();
    Map<String, List<String[]>> contacts = batch.contacts();
    Map<String, List<String[]>> opportunities = batch.opportunities();
    Map<String, List<String[]>> activities = batch.activities();
    Map<String, List<String[]>> addresses = batch.addresses();
    for (String[] lead : batch.leads()) {
      String id = lead[0];
      json.writeStartObject();
      for (int i = 0; i < TEXT_KEYS.length; i++) {
        text(json, TEXT_KEYS[i], lead[i]);
      }
      if (naming == ExportNaming.CLOSE) {
        flatCustom(json, lead[10]);
      } else if (shown("custom")) {
        json.writeFieldName("custom");
        copy(json, lead[10]);
      }
      if (contacts != null) {
        json.writeArrayFieldStart("contacts");
        for (String[] c : contacts.getOrDefault(id, List.of())) {
          json.writeStartObject();
          json.writeStringField("id", c[1]);
          json.writeStringField("lead_id", c[0]);
          json.writeStringField("name", c[2]);
          json.writeStringField("first_name", c[7]);
          json.writeStringField("last_name", c[8]);
          json.writeStringField("title", c[3]);
          channels(json, "emails", "email", c[4]);
          channels(json, "phones", "phone", c[5]);
          channels(json, "urls", "url", c[6]);
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (opportunities != null) {
        json.writeArrayFieldStart("opportunities");
        for (String[] o : opportunities.getOrDefault(id, List.of())) {
          json.writeStartObject();
          json.writeStringField("id", o[1]);
          json.writeStringField("lead_id", o[0]);
          json.writeStringField("status_type", o[2]);
          json.writeStringField("status_label", o[3]);
          number(json, "value", o[4]);
          json.writeStringField("value_currency", o[5]);
          json.writeStringField("value_period", o[6]);
          number(json, "confidence", o[7]);
          json.writeStringField("date_won", o[8]);
          json.writeStringField("note", o[9]);
          json.writeStringField("user_name", o[10]);
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (activities != null) {
        json.writeArrayFieldStart("activities");
        for (String[] a : activities.getOrDefault(id, List.of())) {
          json.writeStartObject();
          json.writeStringField("id", a[1]);
          json.writeStringField("lead_id", a[0]);
          json.writeStringField("type", a[2]);
          json.writeStringField("date", a[3]);
          json.writeStringField("direction", a[4]);
          number(json, "duration", a[5]);
          json.writeStringField("subject", a[6]);
          json.writeStringField("body", a[7]);
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (addresses != null) {
        json.writeArrayFieldStart("addresses");
        for (String[] a : addresses.getOrDefault(id, List.of())) {
          json.writeStartObject();
          json.writeStringField("id", a[1]);
          json.writeStringField("label", a[2]);
          json.writeStringField("address_1", a[3]);
          json.writeStringField("address_2", a[4]);
          json.writeStringField("city", a[5]);
          json.writeStringField("state", a[6]);
          json.writeStringField("zipcode", a[7]);
          json.writeStringField("country", a[8]);
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      text(json, naming.name("created_at"), lead[11]);
      text(json, naming.name("updated_at"), lead[12]);
      if (naming.shows("deleted_at")) {
        text(json, "deleted_at", lead[13]);
      }
      if (options.customObjects() && shown("custom_objects")) {
        json.writeArrayFieldStart("custom_objects");
        json.writeEndArray();
      }
      for (int i = 0; i < smart.size(); i++) {
        String value = lead[LEAD_COLUMNS.size() + i];
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

  private boolean shown(String key) {
    return fields == null || fields.contains(key);
  }

  private void text(JsonGenerator json, String key, String value) throws IOException {
    if (shown(key)) {
      json.writeStringField(key, value);
    }
  }

  private void number(JsonGenerator json, String key, String value) throws IOException {
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

  /** The batch's rows of one child table by lead id, in the table's order. */
  private static Map<String, List<String[]>> children(Handle h, String sql, String[] ids) {
    Map<String, List<String[]>> byLead = new HashMap<>();
    // Closed at once: the handle would otherwise keep every batch's statement and rows until the
    // export ends.
    try (Query query = h.createQuery(sql)) {
      query
          .bind(0, ids)
          .scanResultSet((supplier, ctx) -> {
            ResultSet rs = supplier.get();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              String[] row = new String[n];
              for (int i = 0; i < n; i++) {
                row[i] = rs.getString(i + 1);
              }
              byLead.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
            }
            return null;
          });
    }
    return byLead;
  }

  /**
   * Writes stored custom values ({@code {"cf_…": value}}) as Close's flat {@code custom.cf_…} keys,
   * in stored order, each when shown ({@code custom} in the fields shows them all).
   */
  private void flatCustom(JsonGenerator json, String stored) throws IOException {
    if (stored == null) {
      return;
    }
    try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("stored custom values are not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = "custom." + p.currentName();
        p.nextToken();
        if (fields == null || fields.contains("custom") || fields.contains(key)) {
          json.writeFieldName(key);
          json.copyCurrentStructure(p);
        } else {
          p.skipChildren();
        }
      }
    }
  }

  /** Copies stored JSON (such as the custom fields' jsonb) compactly, keys in stored order. */
  private static void copy(JsonGenerator json, String stored) throws IOException {
    if (stored == null) {
      json.writeNull();
      return;
    }
    try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
      p.nextToken();
      json.copyCurrentStructure(p);
    }
  }

  /**
   * Writes stored channels ({@code [{"email": "…", "type": "office"}]}) as the native API does:
   * {@code key} then {@code type}, each a string or null.
   */
  private static void channels(JsonGenerator json, String name, String key, String stored)
      throws IOException {
    json.writeArrayFieldStart(name);
    if (!"[]".equals(stored)) {
      try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new IOException("stored " + name + " are not a JSON array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String value = null;
          String type = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            String text = t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getText() : null;
            if (t.isStructStart()) {
              p.skipChildren();
              text = "";
            }
            if (field.equals(key)) {
              value = text;
            } else if (field.equals("type")) {
              type = text;
            }
          }
          json.writeStartObject();
          json.writeStringField(key, value);
          json.writeStringField("type", type);
          json.writeEndObject();
        }
      }
    }
    json.writeEndArray();
  }

  private static String time(String expr) {
    return TIME.replace("%s", expr);
  }
}
