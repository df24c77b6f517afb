package org.leadport.query;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A resolved field of an object: a regular column, a value inside a JSON array of the row (a
 * contact's emails), or a custom field.
 *
 * @param column the SQL expression over the object's alias ({@code %s}), written by Leadport
 * @param arrayKey for multi-valued fields kept as JSON arrays of objects, the key of the value
 *     inside each element; null otherwise
 * @param customFieldId the custom field's id, bound as a value, or null for regular fields
 */
public record FieldRef(
    ObjectKind object,
    String name,
    ValueType type,
    @Nullable String column,
    @Nullable String arrayKey,
    @Nullable String customFieldId) {

  public FieldRef {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** The column of a field that has one (every field but a custom one), as a format string. */
  public String requiredColumn() {
    return Objects.requireNonNull(column, () -> name + " is a custom field, without a column");
  }

  public static FieldRef column(ObjectKind object, String name, ValueType type, String column) {
    return new FieldRef(object, name, type, column, null, null);
  }

  public static FieldRef array(ObjectKind object, String name, String column, String key) {
    return new FieldRef(object, name, ValueType.TEXT, column, key, null);
  }

  public static FieldRef custom(String name, ValueType type, @Nullable String customFieldId) {
    return new FieldRef(ObjectKind.LEAD, name, type, null, null, customFieldId);
  }
}
