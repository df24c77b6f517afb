package org.leadport.query;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The field a {@link Condition} is put on, as the compiler hands it over: the field's value as SQL
 * over its row's alias, its type, and the two shapes a field gives any condition on it (a
 * multi-valued field matches when some value does; a lead's names are pre-filtered through the
 * index on its {@code search_text}). A condition renders itself from these alone, so a new operator
 * is a new {@link Condition} and nothing else. Immutable.
 */
public final class Operand {
  /** The lead fields whose values {@code search_text} holds. */
  private static final Set<FieldRef> NAME_FIELDS =
      Set.of(
          Fields.STANDARD.regular(ObjectKind.LEAD, "display_name").orElseThrow(),
          Fields.STANDARD.regular(ObjectKind.LEAD, "name").orElseThrow());

  private final FieldRef field;
  private final String alias;

  Operand(FieldRef field, String alias) {
    this.field = field;
    this.alias = alias;
  }

  /** The type of the field's values. */
  public ValueType type() {
    return field.type();
  }

  /**
   * One value of the field as text: the column, a custom field's value, or, for a multi-valued
   * field, the element {@link #some} ranges over. Bare (no coalesce), so that the planner can use
   * indexes on the column.
   */
  public Sql text() {
    if (field.arrayKey() != null) {
      return Sql.text("(e.value ->> ").bind(field.arrayKey()).append(")");
    }
    if (field.customFieldId() != null) {
      return Sql.text("(" + alias + ".custom ->> ").bind(field.customFieldId()).append(")");
    }
    return Sql.text(field.requiredColumn().formatted(alias));
  }

  /** {@link #text()} as a value of the field's type, so that numbers compare as numbers. */
  public Sql typed() {
    return typed(text(), field.type());
  }

  /**
   * The JSON array column of a multi-valued field (a contact's emails), or null for a field of one
   * value.
   */
  public @Nullable String arrayColumn() {
    return field.arrayKey() == null ? null : field.requiredColumn().formatted(alias);
  }

  /**
   * {@code predicate} (over {@link #text()} or {@link #typed()}) as a condition on the field: for a
   * multi-valued field, some element satisfies it; otherwise the predicate itself.
   */
  public Sql some(Sql predicate) {
    String array = arrayColumn();
    if (array == null) {
      return predicate;
    }
    return Sql.text("exists (select 1 from jsonb_array_elements(" + array + ") e where ")
        .append(predicate)
        .append(")");
  }

  /**
   * A lead's names are inside its {@code search_text}, so each literal piece a text condition on
   * them needs must occur there too: an index-served filter in front of the exact {@code
   * predicate}. Any other field gets the predicate as it is.
   */
  public Sql narrowed(List<String> pieces, Sql predicate) {
    if (!NAME_FIELDS.contains(field)) {
      return predicate;
    }
    Sql out = Sql.empty();
    for (String piece : pieces) {
      if (!piece.isEmpty()) {
        out =
            out.append(alias + ".search_text ilike ")
                .bind("%" + Patterns.likeEscape(piece) + "%")
                .append(" and ");
      }
    }
    return parenthesized(out.append(predicate));
  }

  /** {@code (sql)}. */
  public static Sql parenthesized(Sql sql) {
    return Sql.text("(").append(sql).append(")");
  }

  /** {@code text} as a value of {@code type}, so that numbers compare as numbers (9 before 10). */
  static Sql typed(Sql text, ValueType type) {
    return switch (type) {
      case TEXT -> text;
      case NUMBER -> parenthesized(text).append("::numeric");
      case DATE -> parenthesized(text).append("::date");
      case DATETIME -> parenthesized(text).append("::timestamptz");
      case BOOLEAN -> parenthesized(text).append("::boolean");
    };
  }
}
