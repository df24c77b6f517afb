package org.leadport.store;

import java.time.Instant;

/** A tenant: every other object belongs to exactly one workspace. */
public record Workspace(String id, String name, Status status, Instant createdAt) {

  /** Whether the workspace's keys may be used. */
  public enum Status {
    ACTIVE,
    SUSPENDED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
