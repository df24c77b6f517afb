package org.leadport.export.column;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.query.FieldRef;

/**
 * A column a surface asks for by field rather than from the documented column sets (HubSpot's
 * {@code objectProperties}): its header, the field, a power of ten to divide numbers by, labels to
 * show instead of internal values (empty for none; labelled values are text), and what the column
 * holds in the export's language, as the surface words it.
 *
 * @param scale {@code amount} 12.34 is stored as 1234: scale 2; 0 otherwise
 * @param description the column's description in the export's language (docs/schema.md), chosen by
 *     the surface when it reads the request, as its header and labels are; null when the surface
 *     has none (a custom field is then described from its definition, anything else by its header)
 */
public record ColumnSpec(
    String header,
    FieldRef field,
    int scale,
    Map<String, String> labels,
    @Nullable String description) {

  public ColumnSpec {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(field, "field");
    labels = Map.copyOf(labels);
    if (scale < 0 || scale > 9) {
      throw new IllegalArgumentException("scale must be 0 to 9, was " + scale);
    }
    if (description != null && description.isBlank()) {
      throw new IllegalArgumentException("description must not be blank");
    }
  }

  /** A column without a description of the surface's own. */
  public ColumnSpec(String header, FieldRef field, int scale, Map<String, String> labels) {
    this(header, field, scale, labels, null);
  }
}
