package org.leadport.store;

import java.time.Instant;

/** A lead status stage such as "Potential" or "Qualified". */
public record Status(
    String id, String label, String type, int position, Instant createdAt, Instant updatedAt) {}
