package org.leadport.export.column;

import java.util.Map;
import java.util.Objects;
import org.leadport.query.FieldRef;

/**
 * A column a surface asks for by field rather than from the documented column sets (HubSpot's
 * {@code objectProperties}): its header, the field, a power of ten to divide numbers by, and labels
 * to show instead of internal values (empty for none; labelled values are text).
 *
 * @param scale {@code amount} 12.34 is stored as 1234: scale 2; 0 otherwise
 */
public record ColumnSpec(String header, FieldRef field, int scale, Map<String, String> labels) {

  public ColumnSpec {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(field, "field");
    labels = Map.copyOf(labels);
    if (scale < 0 || scale > 9) {
      throw new IllegalArgumentException("scale must be 0 to 9, was " + scale);
    }
  }
}
