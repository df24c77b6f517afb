package org.leadport.store;

import java.util.Collection;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The writer's side of {@code lead_items} (migration V21, docs/export-projection.md): each lead's
 * items as the nested exports read them. The triggers on the item tables recompute a lead's row
 * after every statement that writes its items; a writer that writes whole collections of items (the
 * native API's inserts and updates, the synthetic seed) declares so ({@link #declareWritten}) and
 * writes the row once itself, after its items ({@link #write}), with the same SQL function the
 * triggers call, so both paths cannot differ. Stateless.
 */
public final class LeadItems {
  private LeadItems() {}

  /**
   * Tells the item triggers that this transaction of {@code h} writes the {@code lead_items} row of
   * every lead whose items it writes, so they skip it until the transaction ends. Only for leads
   * the transaction inserts or whose row it has locked before their items (as {@link
   * ExportProjection#declareWritten}), and only if it calls {@link #write} after its last item.
   */
  public static void declareWritten(Handle h) {
    h.execute("set local leadport.items_written = on");
  }

  /**
   * Writes the {@code lead_items} rows of the leads {@code ids} on {@code h}, computing the kinds
   * {@code kinds} from their tables (a lead without a row yet gets all four).
   */
  public static void write(Handle h, Collection<String> ids, Set<ItemKind<?>> kinds) {
    if (ids.isEmpty() || kinds.isEmpty()) {
      return;
    }
    h.createQuery("select 1 from (select lead_items_write(?, ?, ?, ?, ?)) w")
        .bind(0, ids.toArray(String[]::new))
        .bind(1, kinds.contains(ItemKind.CONTACTS))
        .bind(2, kinds.contains(ItemKind.OPPORTUNITIES))
        .bind(3, kinds.contains(ItemKind.ACTIVITIES))
        .bind(4, kinds.contains(ItemKind.ADDRESSES))
        .mapTo(Integer.class)
        .one();
  }
}
