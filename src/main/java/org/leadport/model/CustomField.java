package org.leadport.model;

import java.time.Instant;
import java.util.List;

/** A workspace's definition of a custom lead field. */
public record CustomField(
    String id, String name, Type type, List<String> choices, Instant createdAt, Instant updatedAt) {

  public CustomField {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /** What values the field holds. */
  public enum Type {
    TEXT,
    NUMBER,
    DATE,
    DATETIME,
    CHOICES,
    BOOLEAN;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
