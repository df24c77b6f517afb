package org.leadport.store;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/**
 * Writes the lead rows themselves (not what they hold): the insert and update statements, both
 * derived from the {@link LeadField} catalogue. Stateless.
 */
final class LeadRows {
  private static final String INSERT = insert();

  /**
   * The update statements, indexed by which parts of the export projection they write: 1 the
   * contact's, 2 the address's ({@link #projected}).
   */
  private static final List<String> UPDATES = List.of(update(0), update(1), update(2), update(3));

  private LeadRows() {}

  /**
   * Inserts the rows of {@code leads} on {@code h}, each with its export projection computed from
   * the items it is inserted with ({@link ExportProjection}): the caller inserts those items in the
   * same transaction and declares it so ({@link ExportProjection#declareWritten}).
   */
  static void insert(Handle h, List<Lead> leads) {
    PreparedBatch batch = h.prepareBatch(INSERT);
    for (Lead l : leads) {
      bind(batch, l, LeadField.Write.ON_INSERT);
      List<@Nullable String> projection = ExportProjection.of(l).values();
      for (int i = 0; i < projection.size(); i++) {
        batch.bind(ExportProjection.COLUMNS.get(i), projection.get(i));
      }
      batch.add();
    }
    batch.execute();
  }

  /**
   * Writes a changed lead's row on {@code h}, with the export projection of the collections {@code
   * replaced} (the caller replaces them next in the same transaction and declares it so, {@link
   * ExportProjection#declareWritten}: the row written here is locked until it commits, and every
   * other writer of the lead's items waits for that lock, the API's on this row, the triggers' in
   * their {@code for update}). {@code updated_at} only ever moves forward, even when clocks of
   * several nodes disagree: keyset walks rely on a changed lead landing after its old position.
   */
  static void update(Handle h, Lead lead, Set<LeadRepository.Part> replaced) {
    int projected = projected(replaced);
    Update update =
        bind(h.createUpdate(UPDATES.get(projected)), lead, LeadField.Write.ALWAYS)
            .bind(LeadField.UPDATED_AT.label(), LeadField.UPDATED_AT.bound(lead))
            .bind(LeadField.WORKSPACE_ID.label(), lead.workspaceId())
            .bind(LeadField.ID.label(), lead.id());
    List<@Nullable String> projection = ExportProjection.of(lead).values();
    for (int i : projectedColumns(projected)) {
      update.bind(ExportProjection.COLUMNS.get(i), projection.get(i));
    }
    update.execute();
  }

  /**
   * Which parts of the export projection a lead's update writes with {@code replaced}: 1 the
   * contact's, 2 the address's, 3 both.
   */
  static int projected(Set<LeadRepository.Part> replaced) {
    return (replaced.contains(LeadRepository.Part.CONTACTS) ? 1 : 0)
        + (replaced.contains(LeadRepository.Part.ADDRESSES) ? 2 : 0);
  }

  /** The indexes into {@link ExportProjection#COLUMNS} of the parts {@code projected}. */
  private static List<Integer> projectedColumns(int projected) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < ExportProjection.COLUMNS.size(); i++) {
      boolean contact = i < ExportProjection.CONTACT_COLUMNS;
      if ((projected & (contact ? 1 : 2)) != 0) {
        out.add(i);
      }
    }
    return out;
  }

  /** Marks a live lead deleted at {@code at}; false when there is no such live lead. */
  static boolean softDelete(Handle h, String workspaceId, String id, java.time.Instant at) {
    return h.createUpdate(
                """
                update leads set deleted_at = :at, updated_at = greatest(:at, updated_at + interval '1 microsecond')
                where workspace_id = :ws and id = :id and deleted_at is null
                """)
            .bind("at", Timestamp.from(at))
            .bind("ws", workspaceId)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Binds the columns {@code written} (or written always, when that is asked) of {@code lead}. */
  private static <S extends SqlStatement<S>> S bind(
      S statement, Lead lead, LeadField.Write written) {
    for (LeadField f : written(written)) {
      statement.bind(f.label(), f.bound(lead));
    }
    return statement;
  }

  /** The fields whose columns a statement writing {@code written} columns sets. */
  private static List<LeadField> written(LeadField.Write written) {
    List<LeadField> out = new ArrayList<>();
    for (LeadField f : LeadField.values()) {
      if (f.write() == LeadField.Write.ALWAYS
          || (written == LeadField.Write.ON_INSERT && f.write() == written)) {
        out.add(f);
      }
    }
    return out;
  }

  /** The column of a field a statement writes: every written field has one. */
  private static String column(LeadField f) {
    return Objects.requireNonNull(f.column(), f.name());
  }

  private static String insert() {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (LeadField f : written(LeadField.Write.ON_INSERT)) {
      columns.add(column(f));
      values.add(f.placeholder());
    }
    for (String column : ExportProjection.COLUMNS) {
      columns.add(column);
      values.add(":" + column);
    }
    return "insert into leads ("
        + String.join(", ", columns)
        + ") values ("
        + String.join(", ", values)
        + ")";
  }

  private static String update(int projected) {
    List<String> sets = new ArrayList<>();
    for (LeadField f : written(LeadField.Write.ALWAYS)) {
      sets.add(column(f) + " = " + f.placeholder());
    }
    for (int i : projectedColumns(projected)) {
      String column = ExportProjection.COLUMNS.get(i);
      sets.add(column + " = :" + column);
    }
    return "update leads set "
        + String.join(", ", sets)
        + ", updated_at = greatest("
        + LeadField.UPDATED_AT.placeholder()
        + ", updated_at + interval '1 microsecond') where workspace_id = "
        + LeadField.WORKSPACE_ID.placeholder()
        + " and id = "
        + LeadField.ID.placeholder();
  }
}
