package org.leadport.surface.close;

import static org.leadport.surface.close.CloseInput.OBJECT_TYPES;
import static org.leadport.surface.close.CloseInput.name;
import static org.leadport.surface.close.CloseInput.oneOf;

import java.util.Set;
import java.util.TreeSet;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;

/**
 * Resolves a field named the Close way ({@code {"type":"regular_field","object_type":…,
 * "field_name":…}} or {@code {"type":"custom_field","custom_field_id":…}}) to a field of the query
 * model, naming the valid fields when it is unknown. Immutable.
 */
final class CloseFieldParser {
  private final Fields fields;

  CloseFieldParser(Fields fields) {
    this.fields = fields;
  }

  /** The field of a {@code kind} object that {@code in} names. */
  FieldRef field(JsonInput in, ObjectKind kind) {
    String type = in.oneOf("type", Set.of("regular_field", "custom_field"));
    if ("custom_field".equals(type)) {
      in.allowOnly(Set.of("type", "custom_field_id"));
      String id = in.requiredString("custom_field_id", 200);
      if (kind != ObjectKind.LEAD) {
        throw LeadportException.invalid(
            in.pathOf("custom_field_id"),
            "Custom fields belong to leads, not " + name(kind) + "s.");
      }
      return fields
          .custom(id)
          .orElseThrow(() ->
              LeadportException.invalid(
                  in.pathOf("custom_field_id"), "No custom field " + id + " in this workspace."));
    }
    if (!"regular_field".equals(type)) {
      throw LeadportException.invalid(
          in.pathOf("type"), in.pathOf("type") + " must be regular_field or custom_field.");
    }
    in.allowOnly(Set.of("type", "object_type", "field_name"));
    ObjectKind object = oneOf(in, "object_type", OBJECT_TYPES);
    if (object != kind) {
      throw LeadportException.invalid(
          in.pathOf("object_type"),
          in.pathOf("object_type") + " must be " + name(kind) + " in this part of the query.");
    }
    String name = in.requiredString("field_name", 200);
    return fields
        .regular(kind, name)
        .orElseThrow(() ->
            LeadportException.invalid(
                in.pathOf("field_name"),
                "Unknown "
                    + name(kind)
                    + " field "
                    + name
                    + "; valid fields are "
                    + new TreeSet<>(fields.regularNames(kind))
                    + "."));
  }
}
