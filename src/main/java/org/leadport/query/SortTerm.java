package org.leadport.query;

import java.util.Objects;

/** One ORDER BY term of a query: a lead field and its direction. Nulls always sort last. */
public record SortTerm(FieldRef field, boolean descending) {

  public SortTerm {
    Objects.requireNonNull(field, "field");
  }

  /** The ORDER BY term over the lead aliased {@code alias}; values go into {@code binds}. */
  public String sql(SqlFragment binds, String alias) {
    return expression(binds, alias) + (descending ? " desc nulls last" : " asc nulls last");
  }

  /** The sorted value over the lead aliased {@code alias}, without direction. */
  public String expression(SqlFragment binds, String alias) {
    if (field.customFieldId() != null) {
      // Custom fields belong to the lead, whatever the root.
      return typed("(l.custom ->> " + binds.bind(field.customFieldId()) + ")");
    }
    String column = field.requiredColumn().formatted(alias);
    // A multi-valued field sorts by its first value.
    return field.arrayKey() == null
        ? column
        : "(" + column + " -> 0 ->> " + binds.bind(field.arrayKey()) + ")";
  }

  /** A custom field's JSON text as its type, so that numbers sort as numbers (9 before 10). */
  private String typed(String text) {
    return switch (field.type()) {
      case NUMBER -> "(" + text + ")::numeric";
      case DATE -> "(" + text + ")::date";
      case DATETIME -> "(" + text + ")::timestamptz";
      case BOOLEAN -> "(" + text + ")::boolean";
      case TEXT -> text;
    };
  }
}
