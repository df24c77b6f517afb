package org.leadport.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events an endpoint can subscribe to, by their wire names ({@code export.completed}). */
public enum EventType {
  EXPORT_COMPLETED("export.completed"),
  EXPORT_FAILED("export.failed"),
  LEAD_CREATED("lead.created"),
  LEAD_UPDATED("lead.updated"),
  LEAD_DELETED("lead.deleted");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in payloads and in an endpoint's {@code events}. */
  public String wireName() {
    return wireName;
  }

  /** Whether this is one of the {@code lead.*} events, which come from the change feed. */
  public boolean lead() {
    return wireName.startsWith("lead.");
  }

  /** The event of a wire name, empty when there is none. */
  public static Optional<EventType> fromWire(String name) {
    return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
  }

  /** Every wire name, in declaration order (for error messages and docs). */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(EventType::wireName).toList();
  }
}
