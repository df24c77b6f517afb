package org.leadport.export.column;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.CustomField;
import org.leadport.query.Sql;

/**
 * The documented columns of each row type, and the joins their expressions read from. Leads are
 * aliased {@code l}, contacts {@code c}, opportunities {@code o}. Custom fields come as {@code
 * custom.<name>} in name order, typed by their definition. DATETIME expressions yield {@code
 * timestamptz}; the row source writes them in the export's date format. Stateless.
 */
public final class ExportColumns {
  /** Which columns a row type has and what they need joined. */
  public record Set(List<ExportColumn> columns, String joins) {}

  private static final String STATUS = "left join status_stages s on s.id = l.status_id\n";
  private static final String PRIMARY_CONTACT =
      """
      left join lateral (select pc.name, pc.emails, pc.phones from contacts pc
                         where pc.lead_id = l.id order by pc.position limit 1) pc on true
      """;
  private static final String PRIMARY_ADDRESS =
      """
      left join lateral (select a.address_1, a.address_2, a.city, a.state, a.zipcode, a.country
                         from addresses a where a.lead_id = l.id order by a.position limit 1) pa
        on true
      """;
  private static final List<String> ADDRESS_PARTS =
      List.of("address_1", "address_2", "city", "state", "zipcode", "country");

  /** Every address of the lead, one a line, parts separated by commas. */
  private static final String ALL_ADDRESSES =
      """
      (select string_agg(concat_ws(', ', nullif(a.label, '') || ':', a.address_1, a.address_2,
         a.city, a.state, a.zipcode, a.country), E'\\n' order by a.position)
       from addresses a where a.lead_id = l.id)\
      """;

  private ExportColumns() {}

  /**
   * The columns of {@code rows}, narrowed to {@code options.fields()} (in that order) when given.
   *
   * @throws LeadportException 400 naming the valid fields when a field is unknown
   */
  public static Set of(RowType rows, ExportOptions options, List<CustomField> customFields) {
    List<ExportColumn> all = new ArrayList<>();
    StringBuilder joins = new StringBuilder(STATUS);
    switch (rows) {
      case LEADS -> {
        joins.append(PRIMARY_CONTACT).append(PRIMARY_ADDRESS);
        lead(all, customFields);
        if (options.addresses()) {
          all.add(ExportColumn.of("addresses", ColumnKind.TEXT, ALL_ADDRESSES));
        }
      }
      case CONTACTS -> {
        contact(all, customFields);
        if (options.addresses()) {
          joins.append(PRIMARY_ADDRESS);
          address(all, "lead_address.");
        }
      }
      case OPPORTUNITIES -> {
        opportunity(all);
        if (options.addresses()) {
          joins.append(PRIMARY_ADDRESS);
          address(all, "lead_address.");
        }
      }
    }
    if (options.smartFields()) {
      joins.append(SmartFields.JOINS);
      all.addAll(SmartFields.columns());
    }
    return new Set(
        relabel(
            select(named(all, options.naming(), customFields), options.fields()),
            options.headers()),
        joins.toString());
  }

  /**
   * The columns under {@code naming}: Close's names its timestamps {@code date_*}, has no {@code
   * deleted_at}, and keys custom fields by id ({@code custom.cf_…}) rather than by name.
   */
  private static List<ExportColumn> named(
      List<ExportColumn> columns, ExportNaming naming, List<CustomField> customFields) {
    if (naming == ExportNaming.NATIVE) {
      return columns;
    }
    Map<String, String> customIds = new java.util.HashMap<>();
    customFields.forEach(f -> customIds.put("custom." + f.name(), "custom." + f.id()));
    List<ExportColumn> out = new ArrayList<>(columns.size());
    for (ExportColumn c : columns) {
      if (!naming.shows(c.header())) {
        continue;
      }
      String header = customIds.getOrDefault(c.header(), naming.name(c.header()));
      out.add(new ExportColumn(header, c.kind(), c.sql()));
    }
    return out;
  }

  /** The columns with the headers of {@code headers} where it names them. */
  private static List<ExportColumn> relabel(
      List<ExportColumn> columns, Map<String, String> headers) {
    if (headers.isEmpty()) {
      return columns;
    }
    List<ExportColumn> out = new ArrayList<>(columns.size());
    for (ExportColumn c : columns) {
      String header = headers.get(c.header());
      out.add(header == null ? c : new ExportColumn(header, c.kind(), c.sql()));
    }
    return out;
  }

  private static void lead(List<ExportColumn> out, List<CustomField> customFields) {
    text(out, "id", "l.id");
    text(out, "display_name", "l.display_name");
    text(out, "status_id", "l.status_id");
    text(out, "status_label", "s.label");
    text(out, "url", "l.url");
    text(out, "description", "l.description");
    text(out, "source", "l.source");
    text(out, "medium", "l.medium");
    text(out, "campaign", "l.campaign");
    text(out, "primary_contact_name", "pc.name");
    text(out, "primary_contact_email", "pc.emails -> 0 ->> 'email'");
    text(out, "primary_contact_phone", "pc.phones -> 0 ->> 'phone'");
    address(out, "address.");
    custom(out, customFields);
    out.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "l.created_at"));
    out.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "l.updated_at"));
    out.add(ExportColumn.of("deleted_at", ColumnKind.DATETIME, "l.deleted_at"));
  }

  private static void contact(List<ExportColumn> out, List<CustomField> customFields) {
    text(out, "id", "c.id");
    text(out, "lead_id", "l.id");
    text(out, "lead_display_name", "l.display_name");
    text(out, "lead_status_label", "s.label");
    text(out, "name", "c.name");
    text(out, "title", "c.title");
    channels(out, "email", "c.emails");
    channels(out, "phone", "c.phones");
    channels(out, "url", "c.urls");
    custom(out, customFields);
    out.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "c.created_at"));
    out.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "c.updated_at"));
  }

  private static void opportunity(List<ExportColumn> out) {
    text(out, "id", "o.id");
    text(out, "lead_id", "l.id");
    text(out, "lead_display_name", "l.display_name");
    text(out, "status_type", "o.status_type");
    text(out, "status_label", "o.status_label");
    out.add(ExportColumn.of("value", ColumnKind.NUMBER, "o.value"));
    text(out, "value_currency", "o.value_currency");
    text(out, "value_period", "o.value_period");
    out.add(ExportColumn.of("confidence", ColumnKind.NUMBER, "o.confidence"));
    out.add(ExportColumn.of("date_won", ColumnKind.DATE, "to_char(o.date_won, 'YYYY-MM-DD')"));
    text(out, "note", "o.note");
    text(out, "user_name", "o.user_name");
    out.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "o.created_at"));
    out.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "o.updated_at"));
  }

  /** The first value of a contact's channel, and all of them joined by ", ". */
  private static void channels(List<ExportColumn> out, String key, String column) {
    text(out, "primary_" + key, column + " -> 0 ->> '" + key + "'");
    text(
        out,
        key + "s",
        "(select string_agg(e ->> '"
            + key
            + "', ', ' order by n) from jsonb_array_elements("
            + column
            + ") with ordinality as x(e, n))");
  }

  private static void address(List<ExportColumn> out, String prefix) {
    for (String part : ADDRESS_PARTS) {
      text(out, prefix + part, "pa." + part);
    }
  }

  private static void custom(List<ExportColumn> out, List<CustomField> customFields) {
    for (CustomField f :
        customFields.stream().sorted(Comparator.comparing(CustomField::name)).toList()) {
      Sql value = customValue(f.id());
      out.add(
          switch (f.type()) {
            case TEXT, CHOICES -> custom(f, ColumnKind.TEXT, value);
            case NUMBER -> custom(f, ColumnKind.NUMBER, value);
            case BOOLEAN -> custom(f, ColumnKind.BOOLEAN, value);
            case DATE -> custom(f, ColumnKind.DATE, value);
            case DATETIME ->
                new ExportColumn("custom." + f.name(), ColumnKind.DATETIME, customTime(f.id()));
          });
    }
  }

  /**
   * Columns asked for by field: each field's expression over its object's alias ({@code l}, {@code
   * c} or {@code o}), custom fields from the lead, numbers scaled, labelled values shown by their
   * labels.
   */
  public static Set explicit(List<ColumnSpec> specs) {
    List<ExportColumn> out = new ArrayList<>(specs.size());
    for (ColumnSpec c : specs) {
      ExportColumn base = column(c);
      if (c.labels().isEmpty()) {
        out.add(base);
        continue;
      }
      Sql sql = Sql.text("(case (").append(base.sql()).append(")::text");
      for (Map.Entry<String, String> label : new java.util.TreeMap<>(c.labels()).entrySet()) {
        sql = sql.append(" when ").bind(label.getKey()).append(" then ").bind(label.getValue());
      }
      sql = sql.append(" else (").append(base.sql()).append(")::text end)");
      out.add(new ExportColumn(c.header(), ColumnKind.TEXT, sql));
    }
    return new Set(out, "");
  }

  private static ExportColumn column(ColumnSpec c) {
    org.leadport.query.FieldRef f = c.field();
    ColumnKind kind =
        switch (f.type()) {
          case TEXT -> ColumnKind.TEXT;
          case NUMBER -> ColumnKind.NUMBER;
          case DATE -> ColumnKind.DATE;
          case DATETIME -> ColumnKind.DATETIME;
          case BOOLEAN -> ColumnKind.BOOLEAN;
        };
    if (f.customFieldId() != null) {
      if (kind == ColumnKind.DATETIME) {
        return new ExportColumn(c.header(), kind, customTime(f.customFieldId()));
      }
      return new ExportColumn(c.header(), kind, customValue(f.customFieldId()));
    }
    String alias =
        switch (f.object()) {
          case LEAD -> "l";
          case CONTACT -> "c";
          case OPPORTUNITY -> "o";
          default -> throw new IllegalArgumentException("no export column over " + f.object());
        };
    // Only a custom field (handled above) has no column of its own.
    String expr = Objects.requireNonNull(f.column(), f.name()).formatted(alias);
    if (f.arrayKey() != null) {
      expr =
          "(select string_agg(e ->> '"
              + f.arrayKey()
              + "', ';' order by n) from jsonb_array_elements("
              + expr
              + ") with ordinality as x(e, n))";
      kind = ColumnKind.TEXT;
    }
    if (c.scale() > 0) {
      expr = "trim_scale((" + expr + ")::numeric / 1" + "0".repeat(c.scale()) + ")";
    }
    return ExportColumn.of(c.header(), kind, expr);
  }

  /**
   * Checks {@code options.fields()} against the top-level keys of a nested lead document: the
   * native lead JSON (under the options' naming: Close's also takes {@code custom.cf_…}),
   * activities only when included, plus the smart fields and custom objects when asked for.
   *
   * @throws LeadportException 400 naming the valid fields when a field is unknown
   */
  public static void checkDocumentFields(ExportOptions options, List<CustomField> customFields) {
    if (options.fields() == null) {
      return;
    }
    java.util.Set<String> valid = new java.util.TreeSet<>();
    ExportNaming naming = options.naming();
    for (String key : org.leadport.leads.LeadJson.FIELDS) {
      if (naming.shows(key)) {
        valid.add(naming.name(key));
      }
    }
    if (naming == ExportNaming.CLOSE) {
      customFields.forEach(f -> valid.add("custom." + f.id()));
    }
    if (!options.activities()) {
      valid.remove("activities");
    }
    if (options.smartFields()) {
      valid.addAll(SmartFields.NAMES);
    }
    if (options.customObjects()) {
      valid.add("custom_objects");
    }
    List<String> fields = options.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (!valid.contains(fields.get(i))) {
        throw unknown(fields.get(i), i, valid);
      }
    }
  }

  private static LeadportException unknown(
      String field, int i, java.util.Collection<String> valid) {
    return LeadportException.invalid(
        "fields[" + i + "]",
        "Unknown field "
            + field
            + " in fields["
            + i
            + "]; valid fields are "
            + String.join(", ", valid)
            + ".");
  }

  private static ExportColumn custom(CustomField f, ColumnKind kind, Sql sql) {
    return new ExportColumn("custom." + f.name(), kind, sql);
  }

  /** A custom field's value as text. */
  private static Sql customValue(String id) {
    return Sql.text("(l.custom ->> ").bind(id).append(")");
  }

  /**
   * A custom date-time field's value. Stored as validated ISO text; the guard keeps a hand-edited
   * value from failing the whole export (it is written empty instead of aborting a million rows).
   */
  private static Sql customTime(String id) {
    return Sql.text("case when ")
        .append(customValue(id))
        .append(" ~ '^\\d{4}-\\d\\d-\\d\\dT' then ")
        .append(customValue(id))
        .append("::timestamptz end");
  }

  private static void text(List<ExportColumn> out, String header, String sql) {
    out.add(ExportColumn.of(header, ColumnKind.TEXT, sql));
  }

  private static List<ExportColumn> select(List<ExportColumn> all, @Nullable List<String> fields) {
    if (fields == null) {
      return all;
    }
    Map<String, ExportColumn> byName = new LinkedHashMap<>();
    all.forEach(c -> byName.put(c.header(), c));
    List<ExportColumn> out = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      ExportColumn c = byName.get(fields.get(i));
      if (c == null) {
        throw LeadportException.invalid(
            "fields[" + i + "]",
            "Unknown field "
                + fields.get(i)
                + " in fields["
                + i
                + "]; valid fields are "
                + String.join(", ", byName.keySet())
                + ".");
      }
      out.add(c);
    }
    return out;
  }
}
