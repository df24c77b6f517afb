package org.leadport.store;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * The statements of a lead's items, derived from their {@link ItemKind} catalogue: the insert of a
 * row and its bound values ({@link LeadParts}), the select of a batch of leads' items ({@link
 * LeadReader}) or of one item's columns in a wider statement ({@link ObjectSearchRepository}), and
 * the item read back from a row. Stateless.
 */
final class ItemRows {
  private ItemRows() {}

  /** The statement inserting one item row, bound by {@link #bind}. */
  static <T> String insert(ItemKind<T> kind) {
    List<String> values = new ArrayList<>();
    for (String column : kind.written()) {
      boolean json =
          kind.fields().stream()
              .anyMatch(f -> f.column().equals(column) && f.type() == ItemField.Type.CHANNELS);
      values.add(json ? "cast(:" + column + " as jsonb)" : ":" + column);
    }
    return "insert into " + kind.copyColumns() + " values (" + String.join(", ", values) + ")";
  }

  /**
   * Binds {@code item} of {@code lead}, at {@code position} among its kind, to {@code batch} of
   * {@link #insert}; its timestamps are the lead's last change.
   */
  static <T> PreparedBatch bind(
      ItemKind<T> kind, PreparedBatch batch, Lead lead, T item, int position) {
    batch.bind("workspace_id", lead.workspaceId()).bind("lead_id", lead.id());
    if (kind.positioned()) {
      batch.bind("position", position);
    }
    for (ItemField<T> f : kind.fields()) {
      Object v = f.of(item);
      batch.bind(
          f.column(),
          switch (f.type()) {
            case TIME -> v == null ? null : Timestamp.from((Instant) v);
            case CHANNELS -> Json.text(Channels.json(channels(v), f.channelKey()));
            case TEXT, INTEGER, DATE -> v;
          });
    }
    for (String stamp : kind.stamps()) {
      batch.bind(stamp, Timestamp.from(lead.updatedAt()));
    }
    return batch;
  }

  /**
   * The statement selecting the items of the leads bound as the array {@code :ids}, in their order
   * by lead, each row's lead id first ({@link #read}).
   */
  static String select(ItemKind<?> kind) {
    return "select lead_id, "
        + selectAs(kind, null, "")
        + " from "
        + kind.table()
        + " where lead_id = any(:ids) order by lead_id, "
        + kind.order();
  }

  /**
   * The fields' columns of {@code alias} (none: unqualified), each labelled {@code prefix} and its
   * column, for {@link #read}.
   */
  static String selectAs(ItemKind<?> kind, @Nullable String alias, String prefix) {
    List<String> out = new ArrayList<>();
    for (ItemField<?> f : kind.fields()) {
      String column = alias == null ? f.column() : alias + "." + f.column();
      out.add(prefix.isEmpty() ? column : column + " as " + prefix + f.column());
    }
    return String.join(", ", out);
  }

  /** The item of the current row, its columns labelled {@code prefix} and their names. */
  static <T> T read(ItemKind<T> kind, ResultSet rs, String prefix) throws SQLException {
    Values v = new Values();
    for (ItemField<T> f : kind.fields()) {
      String label = prefix + f.column();
      v.byKey.put(
          f.key(),
          switch (f.type()) {
            case TEXT -> rs.getString(label);
            case INTEGER -> rs.getObject(label);
            case DATE -> {
              Date d = rs.getDate(label);
              yield d == null ? null : d.toLocalDate();
            }
            case TIME -> {
              Timestamp t = rs.getTimestamp(label);
              yield t == null ? null : t.toInstant();
            }
            case CHANNELS -> Channels.parse(rs.getString(label), f.channelKey());
          });
    }
    return kind.make(v);
  }

  @SuppressWarnings("unchecked") // a CHANNELS field's value is a record component List<Channel>
  private static List<Lead.Channel> channels(@Nullable Object value) {
    return value == null ? List.of() : (List<Lead.Channel>) value;
  }

  /** One item's values by field key, for its record's constructor. */
  static final class Values {
    private final Map<String, @Nullable Object> byKey = new HashMap<>();

    String id() {
      return Objects.requireNonNull(text("id"), "id");
    }

    @Nullable String text(String key) {
      return nullable(key);
    }

    /** A value that is never null (a channel list, an activity's date). */
    @SuppressWarnings("TypeParameterUnusedInFormals") // the record component's type
    <V> V get(String key) {
      return Objects.requireNonNull(nullable(key), key);
    }

    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // as read by the field's type
    <V> @Nullable V nullable(String key) {
      if (!byKey.containsKey(key)) {
        throw new IllegalArgumentException("no field " + key);
      }
      return (V) byKey.get(key);
    }
  }
}
