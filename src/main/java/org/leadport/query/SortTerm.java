package org.leadport.query;

import java.util.Objects;

/** One ORDER BY term of a query: a lead field and its direction. Nulls always sort last. */
public record SortTerm(FieldRef field, boolean descending) {

  public SortTerm {
    Objects.requireNonNull(field, "field");
  }

  /** The ORDER BY term over the lead aliased {@code alias}. */
  public Sql sql(String alias) {
    return expression(alias).append(descending ? " desc nulls last" : " asc nulls last");
  }

  /** The sorted value over the lead aliased {@code alias}, without direction. */
  public Sql expression(String alias) {
    if (field.customFieldId() != null) {
      // Custom fields belong to the lead, whatever the root; typed so that numbers sort as numbers
      // (9 before 10).
      return Operand.typed(
          Sql.text("(l.custom ->> ").bind(field.customFieldId()).append(")"), field.type());
    }
    String column = field.requiredColumn().formatted(alias);
    // A multi-valued field sorts by its first value.
    return field.arrayKey() == null
        ? Sql.text(column)
        : Sql.text("(" + column + " -> 0 ->> ").bind(field.arrayKey()).append(")");
  }
}
