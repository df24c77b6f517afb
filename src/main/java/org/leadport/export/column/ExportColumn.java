package org.leadport.export.column;

import java.util.Objects;
import org.leadport.query.Sql;

/**
 * One exported column: its header, its kind, and the SQL expression (over the lead table {@code l}
 * and the joins of the row source) that yields its value. Expressions are written by Leadport,
 * never by callers; values they need are bound inside the {@link Sql} value.
 *
 * @param field the column's own name in Leadport's naming ({@code created_at}, {@code
 *     custom.Industry}), which a surface's naming or translated headers never change: what the
 *     column is, and what {@link ExportSchema} describes it by
 */
public record ExportColumn(String header, ColumnKind kind, Sql sql, String field) {

  public ExportColumn {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(field, "field");
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
    return new ExportColumn(newHeader, kind, sql, field);
  }
}
