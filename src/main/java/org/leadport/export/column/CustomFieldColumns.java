package org.leadport.export.column;

import java.util.Comparator;
import java.util.List;
import org.leadport.model.CustomField;
import org.leadport.query.Sql;

/**
 * The columns of a workspace's custom fields, read from the lead's {@code custom} jsonb: {@code
 * custom.<name>} in name order, typed by their definition. Stateless.
 */
public final class CustomFieldColumns {
  private CustomFieldColumns() {}

  /** Adds a column for each of {@code customFields}, in name order. */
  static void add(List<ExportColumn> out, List<CustomField> customFields) {
    for (CustomField f :
        customFields.stream().sorted(Comparator.comparing(CustomField::name)).toList()) {
      String header = "custom." + f.name();
      out.add(
          f.type() == CustomField.Type.DATETIME
              ? new ExportColumn(header, ColumnKind.DATETIME, time(f.id()), header, value(f.id()))
              : new ExportColumn(header, kind(f.type()), value(f.id())));
    }
  }

  /**
   * The kind of a custom field's values, in columns and in the typed members of lead documents
   * alike.
   */
  public static ColumnKind kind(CustomField.Type type) {
    return switch (type) {
      case TEXT, CHOICES -> ColumnKind.TEXT;
      case NUMBER -> ColumnKind.NUMBER;
      case BOOLEAN -> ColumnKind.BOOLEAN;
      case DATE -> ColumnKind.DATE;
      case DATETIME -> ColumnKind.DATETIME;
    };
  }

  /** A custom field's value as text. */
  static Sql value(String id) {
    return Sql.text("(l.custom ->> ").bind(id).append(")");
  }

  /**
   * A custom date-time field's value. Stored as validated ISO text; the guard keeps a hand-edited
   * value from failing the whole export (it is written empty instead of aborting a million rows).
   */
  static Sql time(String id) {
    return Sql.text("case when ")
        .append(value(id))
        .append(" ~ '^\\d{4}-\\d\\d-\\d\\dT' then ")
        .append(value(id))
        .append("::timestamptz end");
  }
}
