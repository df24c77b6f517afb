package org.leadport.surface.close;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.ObjectKind;

/** Reading the members every part of a Close query shares: object types and required objects. */
final class CloseInput {
  /** Close's names of the object types of the query model. */
  static final Map<String, ObjectKind> OBJECT_TYPES =
      Map.of(
          "lead", ObjectKind.LEAD,
          "contact", ObjectKind.CONTACT,
          "opportunity", ObjectKind.OPPORTUNITY,
          "address", ObjectKind.ADDRESS,
          "activity", ObjectKind.ACTIVITY);

  private CloseInput() {}

  /** The object under {@code key}; a 400 when it is missing. */
  static JsonInput required(JsonInput in, String key) {
    JsonInput child = in.object(key);
    if (child == null) {
      throw LeadportException.invalid(in.pathOf(key), in.pathOf(key) + " is required.");
    }
    return child;
  }

  /** The choice under {@code key}; a 400 naming the choices when it is missing. */
  static ObjectKind oneOf(JsonInput in, String key, Map<String, ObjectKind> choices) {
    String v = in.oneOf(key, choices.keySet());
    if (v == null) {
      throw LeadportException.invalid(
          in.pathOf(key),
          in.pathOf(key) + " is required: one of " + new TreeSet<>(choices.keySet()) + ".");
    }
    // oneOf() answers only with one of the keys.
    return Objects.requireNonNull(choices.get(v));
  }

  /** A kind's name as Close writes it: {@code lead}, {@code contact}. */
  static String name(ObjectKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
