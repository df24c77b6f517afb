package org.leadport.export.column;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.leadport.query.FieldRef;
import org.leadport.query.Sql;

/**
 * Columns a surface asks for by field rather than from the documented column sets (HubSpot's {@code
 * objectProperties}, as {@link ColumnSpec}s). Stateless.
 */
public final class FieldColumns {
  private FieldColumns() {}

  /**
   * Columns asked for by field: each field's expression over its object's alias ({@code l}, {@code
   * c} or {@code o}), custom fields from the lead, numbers scaled, labelled values shown by their
   * labels.
   */
  public static ExportColumns.Set of(List<ColumnSpec> specs) {
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
      out.add(new ExportColumn(c.header(), ColumnKind.TEXT, sql, base.field()));
    }
    return new ExportColumns.Set(out, "");
  }

  private static ExportColumn column(ColumnSpec c) {
    FieldRef f = c.field();
    ColumnKind kind =
        switch (f.type()) {
          case TEXT -> ColumnKind.TEXT;
          case NUMBER -> ColumnKind.NUMBER;
          case DATE -> ColumnKind.DATE;
          case DATETIME -> ColumnKind.DATETIME;
          case BOOLEAN -> ColumnKind.BOOLEAN;
        };
    if (f.customFieldId() != null) {
      // The custom field's own field, as the documented sets name it, so that the schema
      // describes it from its definition whatever header the surface gives it.
      String field = ExportSchema.CUSTOM + f.name();
      if (kind == ColumnKind.DATETIME) {
        return new ExportColumn(
            c.header(),
            kind,
            CustomFieldColumns.time(f.customFieldId()),
            field,
            CustomFieldColumns.value(f.customFieldId()));
      }
      return new ExportColumn(c.header(), kind, CustomFieldColumns.value(f.customFieldId()), field);
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
      // Cents shown as money: exact where a format has decimals (Parquet), a number elsewhere.
      if (kind == ColumnKind.NUMBER && c.scale() == ColumnKind.DECIMAL_SCALE) {
        kind = ColumnKind.DECIMAL;
      }
    }
    return ExportColumn.of(c.header(), kind, expr);
  }
}
