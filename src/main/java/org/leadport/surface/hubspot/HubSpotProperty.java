package org.leadport.surface.hubspot;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.query.FieldRef;
import org.leadport.query.ValueType;

/**
 * A HubSpot property of one object type: the Leadport field it filters and sorts on, and how its
 * value is rendered (as HubSpot renders every value: a string, or null).
 *
 * @param scale for number properties, the power of ten between HubSpot's value and the stored one
 *     ({@code amount} 12.34 is stored as {@code value} 1234: scale 2); 0 otherwise
 * @param render the value of a loaded row (a lead, contact row or opportunity row), or null
 */
record HubSpotProperty(
    String name, FieldRef field, int scale, Function<Object, @Nullable String> render) {

  HubSpotProperty {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(render, "render");
  }

  ValueType type() {
    return field.type();
  }
}
