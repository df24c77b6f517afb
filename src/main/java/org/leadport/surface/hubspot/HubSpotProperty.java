package org.leadport.surface.hubspot;

import java.util.Objects;
import java.util.function.Function;
import org.leadport.query.FieldRef;
import org.leadport.query.Sql;
import org.leadport.query.ValueType;

/**
 * A HubSpot property of one object type: the Leadport field it filters and sorts on, and how its
 * value is rendered (as HubSpot renders every value: a string, or null).
 *
 * @param scale for number properties, the power of ten between HubSpot's value and the stored one
 *     ({@code amount} 12.34 is stored as {@code value} 1234: scale 2); 0 otherwise
 * @param render the value of a loaded row (a lead, contact row or opportunity row), or null
 */
record HubSpotProperty(String name, FieldRef field, int scale, Function<Object, String> render) {

  HubSpotProperty {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(render, "render");
  }

  ValueType type() {
    return field.type();
  }

  /** The SQL expression to order by, over the object's table aliased {@code alias}. */
  Sql sortSql(String alias) {
    if (field.customFieldId() != null) {
      Sql raw = Sql.text("(" + alias + ".custom ->> ").bind(field.customFieldId()).append(")");
      return switch (field.type()) {
        case TEXT -> raw;
        case NUMBER -> Sql.text("(").append(raw).append("::numeric)");
        case DATE -> Sql.text("(").append(raw).append("::date)");
        case DATETIME -> Sql.text("(").append(raw).append("::timestamptz)");
        case BOOLEAN -> Sql.text("(").append(raw).append("::boolean)");
      };
    }
    String column = field.column().formatted(alias);
    if (field.arrayKey() != null) {
      // A multi-valued field sorts by its first value.
      return Sql.text("(" + column + " -> 0 ->> ").bind(field.arrayKey()).append(")");
    }
    return Sql.text(column);
  }
}
