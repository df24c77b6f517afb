package org.leadport.surface.hubspot;

import java.util.List;
import java.util.Optional;
import org.leadport.query.ObjectKind;

/** The HubSpot object types Leadport answers for, and the Leadport objects they are. */
enum HubSpotObject {
  /** Companies are Leadport's leads. */
  COMPANIES(
      "companies",
      "0-2",
      ObjectKind.LEAD,
      "hs_lastmodifieddate",
      List.of("name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id")),
  /** Contacts are the contacts of leads. */
  CONTACTS(
      "contacts",
      "0-1",
      ObjectKind.CONTACT,
      "lastmodifieddate",
      List.of("name", "email", "createdate", "lastmodifieddate", "hs_object_id")),
  /** Deals are the opportunities of leads. */
  DEALS(
      "deals",
      "0-3",
      ObjectKind.OPPORTUNITY,
      "hs_lastmodifieddate",
      List.of(
          "dealname",
          "amount",
          "closedate",
          "dealstage",
          "createdate",
          "hs_lastmodifieddate",
          "hs_object_id"));

  private final String pathName;
  private final String typeId;
  private final ObjectKind kind;
  private final String modifiedProperty;

  @SuppressWarnings("ImmutableEnumChecker") // always a List.of, which is unmodifiable
  private final List<String> defaults;

  HubSpotObject(
      String pathName,
      String typeId,
      ObjectKind kind,
      String modifiedProperty,
      List<String> defaults) {
    this.pathName = pathName;
    this.typeId = typeId;
    this.kind = kind;
    this.modifiedProperty = modifiedProperty;
    this.defaults = defaults;
  }

  /** The object type named in a path: {@code companies} or its type id {@code 0-2}, … */
  static Optional<HubSpotObject> fromPath(String name) {
    for (HubSpotObject o : values()) {
      if (o.pathName.equals(name) || o.typeId.equals(name)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  String pathName() {
    return pathName;
  }

  ObjectKind kind() {
    return kind;
  }

  /**
   * The last-modified property of the type: {@code hs_lastmodifieddate}, or for contacts {@code
   * lastmodifieddate}.
   */
  String modifiedProperty() {
    return modifiedProperty;
  }

  /** The properties returned when the request names none. */
  List<String> defaults() {
    return defaults;
  }
}
