package org.leadport.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * The writer's side of {@code lead_items} (migrations V21, V23, docs/export-projection.md): each
 * lead's items as the nested exports read them. The triggers on the item tables recompute a lead's
 * row after every statement that writes its items; a writer that writes whole collections of items
 * (the native API's inserts and updates, the synthetic seed) declares so ({@link #declareWritten})
 * and writes the row once itself, after its items: from the values it wrote, rendered in Java
 * ({@link #render}, {@link LeadItemsText}: the server reads nothing back), or with the SQL function
 * the triggers call ({@link #write(Handle, Collection, Set)}) where Java cannot know the text.
 * LeadItemsIT checks both give the same bytes. Stateless.
 */
public final class LeadItems {
  private LeadItems() {}

  /**
   * Tells the item triggers that this transaction of {@code h} writes the {@code lead_items} row of
   * every lead whose items it writes, so they skip it until the transaction ends. Only for leads
   * the transaction inserts or whose row it has locked before their items (as {@link
   * ExportProjection#declareWritten}), and only if it calls {@link #write} or {@link #render} after
   * its last item.
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

  /**
   * Writes the columns {@code kinds} of the {@code lead_items} rows of {@code leads} from the items
   * they hold, which this transaction has just written as they are (whole collections), keeping the
   * other columns: the rows rendered in Java and upserted in one statement, a row left without
   * items deleted (as the function does). A lead without a row holds no items of the other kinds
   * (every writer keeps a row for each lead with items), so its new row is whole. A lead whose text
   * Java cannot know (see {@link #renderable}) goes to the function.
   */
  public static void render(Handle h, List<Lead> leads, Set<ItemKind<?>> kinds) {
    if (leads.isEmpty() || kinds.isEmpty()) {
      return;
    }
    List<ItemKind<?>> written = ItemKind.all().stream().filter(kinds::contains).toList();
    List<String> computed = new ArrayList<>();
    List<String> emptied = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<List<@Nullable String>> columns = new ArrayList<>();
    written.forEach(k -> columns.add(new ArrayList<>()));
    for (Lead lead : leads) {
      if (!written.stream().allMatch(k -> renderable(k, lead))) {
        computed.add(lead.id());
        continue;
      }
      List<@Nullable String> texts = new ArrayList<>(written.size());
      for (ItemKind<?> k : written) {
        texts.add(text(k, lead));
      }
      if (texts.stream().allMatch(t -> t == null)) {
        emptied.add(lead.id());
        continue;
      }
      ids.add(lead.id());
      for (int i = 0; i < written.size(); i++) {
        columns.get(i).add(texts.get(i));
      }
    }
    write(h, computed, kinds);
    upsert(h, written, ids, columns);
    empty(h, written, emptied);
  }

  /**
   * Whether Java knows the text the function would store for {@code kind} of {@code lead}: not for
   * activities two of which happened in the same microsecond (the function orders those by id in
   * the database's collation), nor for a date finer than PostgreSQL keeps, before 1583 (JDBC's
   * Timestamp binds those in the Julian calendar: the stored day differs from the Instant's) or
   * after 9999 (to_char's format differs there).
   */
  static boolean renderable(ItemKind<?> kind, Lead lead) {
    if (kind != ItemKind.ACTIVITIES) {
      return true;
    }
    List<Instant> dates = lead.activities().stream().map(Lead.Activity::date).sorted().toList();
    for (int i = 0; i < dates.size(); i++) {
      Instant d = dates.get(i);
      if (!d.truncatedTo(ChronoUnit.MICROS).equals(d)
          || d.isBefore(FIRST)
          || !d.isBefore(LAST)
          || (i > 0 && d.equals(dates.get(i - 1)))) {
        return false;
      }
    }
    return true;
  }

  private static final Instant FIRST = Instant.parse("1583-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("+10000-01-01T00:00:00Z");

  /** The text of {@code kind} of {@code lead}, its items in the kind's stored order. */
  @SuppressWarnings("unchecked") // the kind's items are its T, activities among them
  private static <T> @Nullable String text(ItemKind<T> kind, Lead lead) {
    List<T> items = kind.items(lead);
    if (kind == ItemKind.ACTIVITIES) {
      // The function's order: occurred_at (distinct here: renderable), then id.
      items =
          (List<T>)
              lead.activities().stream().sorted(Comparator.comparing(Lead.Activity::date)).toList();
    }
    return LeadItemsText.of(kind, items);
  }

  private static void upsert(
      Handle h, List<ItemKind<?>> written, List<String> ids, List<List<@Nullable String>> columns) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> names = written.stream().map(ItemKind::table).toList();
    StringBuilder sql = new StringBuilder("insert into lead_items as t (lead_id");
    names.forEach(n -> sql.append(", ").append(n));
    sql.append(") select u.id");
    for (int i = 0; i < names.size(); i++) {
      sql.append(", u.k").append(i).append("::text[]");
    }
    sql.append(" from unnest(?::text[]");
    names.forEach(n -> sql.append(", ?::text[]"));
    sql.append(") as u(id");
    for (int i = 0; i < names.size(); i++) {
      sql.append(", k").append(i);
    }
    sql.append(") on conflict (lead_id) do update set ");
    sql.append(String.join(", ", names.stream().map(n -> n + " = excluded." + n).toList()));
    sql.append(" where (").append(String.join(", ", names.stream().map(n -> "t." + n).toList()));
    sql.append(") is distinct from (");
    sql.append(String.join(", ", names.stream().map(n -> "excluded." + n).toList())).append(")");
    var update = h.createUpdate(sql.toString()).bind(0, ids.toArray(String[]::new));
    for (int i = 0; i < columns.size(); i++) {
      update.bind(i + 1, columns.get(i).toArray(String[]::new));
    }
    update.execute();
  }

  /**
   * The rows of leads that hold none of {@code written} any more: deleted when they hold no other
   * kind either, else those columns cleared.
   */
  private static void empty(Handle h, List<ItemKind<?>> written, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> others =
        ItemKind.all().stream().filter(k -> !written.contains(k)).map(ItemKind::table).toList();
    String[] array = ids.toArray(String[]::new);
    if (others.isEmpty()) {
      h.createUpdate("delete from lead_items where lead_id = any(?)").bind(0, array).execute();
      return;
    }
    h.createUpdate(
            "delete from lead_items where lead_id = any(?) and num_nonnulls("
                + String.join(", ", others)
                + ") = 0")
        .bind(0, array)
        .execute();
    h.createUpdate(
            "update lead_items set "
                + String.join(", ", written.stream().map(k -> k.table() + " = null").toList())
                + " where lead_id = any(?) and num_nonnulls("
                + String.join(", ", written.stream().map(ItemKind::table).toList())
                + ") > 0")
        .bind(0, array)
        .execute();
  }
}
