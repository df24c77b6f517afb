package org.leadport.export.column;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.query.Sql;

/**
 * One exported column: its header, its kind, and the SQL expression (over the lead table {@code l}
 * and the joins of the row source) that yields its value. Expressions are written by Leadport,
 * never by callers; values they need are bound inside the {@link Sql} value.
 *
 * @param field the column's own name in Leadport's naming ({@code created_at}, {@code
 *     custom.Industry}), which a surface's naming or translated headers never change: what the
 *     column is, and what {@link ExportSchema} describes it by
 * @param iso for a {@link ColumnKind#DATETIME} stored as Leadport's ISO text (a custom date-time:
 *     {@code 2026-02-18T13:04:05.123456Z}), that text, which the export writes without parsing it
 *     when it has that exact shape ({@link DateFormat#stored}); null for every other column
 */
public record ExportColumn(
    String header, ColumnKind kind, Sql sql, String field, @Nullable Sql iso) {

  public ExportColumn {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(field, "field");
    if (iso != null && kind != ColumnKind.DATETIME) {
      throw new IllegalArgumentException("only a date-time column has an ISO text");
    }
  }

  /** A column of no stored ISO text. */
  public ExportColumn(String header, ColumnKind kind, Sql sql, String field) {
    this(header, kind, sql, field, null);
  }

  /** A column whose header is its own name. */
  public ExportColumn(String header, ColumnKind kind, Sql sql) {
    this(header, kind, sql, header);
  }

  /** A column whose expression binds no values. */
  public static ExportColumn of(String header, ColumnKind kind, String sql) {
    return new ExportColumn(header, kind, Sql.text(sql));
  }

  /** The same column under another header; it stays the same field. */
  public ExportColumn renamed(String newHeader) {
    return new ExportColumn(newHeader, kind, sql, field, iso);
  }
}
