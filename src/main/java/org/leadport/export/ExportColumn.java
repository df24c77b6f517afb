package org.leadport.export;

import java.util.Objects;

/**
 * One exported column: its header, its kind, and the SQL expression (over the lead table {@code l}
 * and the joins of the row source) that yields its value as text. Expressions are written by
 * Leadport, never by callers; values they need are bound through {@code binds}.
 */
public record ExportColumn(
    String header, ColumnKind kind, String sql, java.util.List<Object> binds) {

  public ExportColumn {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sql, "sql");
    binds = java.util.List.copyOf(binds);
  }

  public static ExportColumn of(String header, ColumnKind kind, String sql) {
    return new ExportColumn(header, kind, sql, java.util.List.of());
  }
}
