package org.leadport.export;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.leadport.store.ItemField;
import org.leadport.store.ItemKind;

/**
 * Loads the items of a batch of lead documents: one query per kind the documents show, on the
 * export's snapshot, each row as text the document writer copies ({@link LeadDocuments}): the lead
 * id, then the kind's fields in the order of its {@link ItemKind} catalogue, numbers and dates as
 * PostgreSQL's text of them, timestamps in the documents' format, channels as stored JSON.
 * Immutable.
 */
final class LeadItemRows {
  /** The column of a row holding the kind's first field; the lead id comes before it. */
  static final int FIRST_FIELD = 1;

  private final Map<ItemKind<?>, String> selects = new LinkedHashMap<>();

  LeadItemRows(List<ItemKind<?>> kinds) {
    kinds.forEach(k -> selects.put(k, select(k)));
  }

  /** The rows of the leads {@code ids} of each kind, by lead id in each lead's order. */
  Map<ItemKind<?>, Map<String, List<String[]>>> load(Handle h, String[] ids) {
    Map<ItemKind<?>, Map<String, List<String[]>>> out = new HashMap<>();
    selects.forEach((kind, sql) -> out.put(kind, rows(h, sql, ids)));
    return out;
  }

  private static String select(ItemKind<?> kind) {
    List<String> columns = new ArrayList<>();
    columns.add("lead_id");
    for (ItemField<?> f : kind.fields()) {
      columns.add(
          switch (f.type()) {
            case TEXT -> f.column();
            case TIME -> LeadDocuments.time(f.column());
            case INTEGER, DATE, CHANNELS -> f.column() + "::text";
          });
    }
    return "select "
        + String.join(", ", columns)
        + " from "
        + kind.table()
        + " where lead_id = any(?) order by lead_id, "
        + kind.order();
  }

  /** The batch's rows of one item table by lead id, in the table's order. */
  private static Map<String, List<String[]>> rows(Handle h, String sql, String[] ids) {
    Map<String, List<String[]>> byLead = new HashMap<>();
    // Closed at once: the handle would otherwise keep every batch's statement and rows until the
    // export ends.
    try (Query query = h.createQuery(sql)) {
      query
          .bind(0, ids)
          .scanResultSet((supplier, ctx) -> {
            ResultSet rs = supplier.get();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              String[] row = new String[n];
              for (int i = 0; i < n; i++) {
                row[i] = rs.getString(i + 1);
              }
              byLead.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
            }
            return null;
          });
    }
    return byLead;
  }
}
