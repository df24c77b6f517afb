package org.leadport.export.column;

import java.util.Objects;
import org.leadport.query.Sql;

/**
 * One exported column: its header, its kind, and the SQL expression (over the lead table {@code l}
 * and the joins of the row source) that yields its value. Expressions are written by Leadport,
 * never by callers; values they need are bound inside the {@link Sql} value.
 */
public record ExportColumn(String header, ColumnKind kind, Sql sql) {

  public ExportColumn {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sql, "sql");
  }

  /** A column whose expression binds no values. */
  public static ExportColumn of(String header, ColumnKind kind, String sql) {
    return new ExportColumn(header, kind, Sql.text(sql));
  }
}
