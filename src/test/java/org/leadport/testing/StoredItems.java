package org.leadport.testing;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.leadport.export.column.DateFormat;
import org.leadport.store.ItemField;
import org.leadport.store.ItemKind;

/**
 * Checks {@code lead_items} (migration V21) against the lookup the nested exports made before it:
 * for every kind, the item rows of a lead with the select list derived from the {@link ItemKind}
 * catalogue (as the export's item queries had it: text columns as they are, timestamps in the
 * documents' RFC 3339 format, everything else {@code ::text}) in the kind's order. The stored text
 * is compared as text, so a difference of quoting or order shows too.
 */
public final class StoredItems {
  private StoredItems() {}

  /** The ids of the leads of workspace {@code ws} whose stored items differ from the lookup. */
  public static List<String> different(Jdbi jdbi, String ws) {
    List<String> conditions = new ArrayList<>();
    for (ItemKind<?> kind : ItemKind.all()) {
      conditions.add(
          "(select array_agg(array["
              + String.join(", ", columns(kind))
              + "] order by "
              + prefixed(kind.order())
              + ")::text from "
              + kind.table()
              + " x where x.lead_id = l.id) is distinct from li."
              + kind.table()
              + "::text");
    }
    String sql =
        "select l.id from leads l left join lead_items li on li.lead_id = l.id"
            + " where l.workspace_id = :ws and ("
            + String.join(" or ", conditions)
            + ") order by l.id";
    return jdbi.withHandle(h -> h.createQuery(sql).bind("ws", ws).mapTo(String.class).list());
  }

  /** How many leads of {@code ws} have a stored row with items of {@code kind}. */
  public static long withItems(Jdbi jdbi, String ws, ItemKind<?> kind) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select count(*) from lead_items li join leads l on l.id = li.lead_id"
                    + " where l.workspace_id = :ws and li."
                    + kind.table()
                    + " is not null")
            .bind("ws", ws)
            .mapTo(Long.class)
            .one());
  }

  private static List<String> columns(ItemKind<?> kind) {
    List<String> columns = new ArrayList<>();
    for (ItemField<?> f : kind.fields()) {
      String column = "x." + f.column();
      columns.add(
          switch (f.type()) {
            case TEXT -> column;
            case TIME -> DateFormat.RFC3339_MICROS.sql(column);
            case INTEGER, DATE, CHANNELS -> column + "::text";
          });
    }
    return columns;
  }

  private static String prefixed(String order) {
    List<String> out = new ArrayList<>();
    for (String part : order.split(",")) {
      out.add("x." + part.strip());
    }
    return String.join(", ", out);
  }
}
