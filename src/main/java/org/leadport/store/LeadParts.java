package org.leadport.store;

import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.leadport.store.LeadRepository.Part;

/**
 * Writes what leads hold: their contacts, opportunities, activities and addresses, each collection
 * as a whole, by the statements of their {@link ItemKind} ({@link ItemRows}). Stateless.
 */
final class LeadParts {
  private LeadParts() {}

  /** Replaces the collections {@code parts} of {@code lead} on {@code h}. */
  static void replace(Handle h, Lead lead, Set<Part> parts) {
    for (Part part : parts) {
      h.createUpdate("delete from " + part.kind().table() + " where lead_id = :id")
          .bind("id", lead.id())
          .execute();
    }
    insert(h, List.of(lead), parts);
  }

  /** Inserts the collections {@code parts} of {@code leads} on {@code h}. */
  static void insert(Handle h, List<Lead> leads, Set<Part> parts) {
    for (Part part : Part.values()) {
      if (parts.contains(part)) {
        insert(h, leads, part.kind());
      }
    }
  }

  private static <T> void insert(Handle h, List<Lead> leads, ItemKind<T> kind) {
    PreparedBatch batch = h.prepareBatch(ItemRows.insert(kind));
    for (Lead l : leads) {
      int position = 0;
      for (T item : kind.items(l)) {
        ItemRows.bind(kind, batch, l, item, position++).add();
      }
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }
}
