package org.leadport.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.Ids;

/** Stores lead status stages. Thread-safe. */
public final class StatusRepository {
  static final RowMapper<Status> MAPPER =
      (rs, ctx) ->
          new Status(
              rs.getString("id"),
              rs.getString("label"),
              rs.getString("type"),
              rs.getInt("position"),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant());

  private final Jdbi jdbi;
  private final Clock clock;

  public StatusRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public List<Status> list(String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from status_stages where workspace_id = :ws order by position, id")
            .bind("ws", workspaceId)
            .map(MAPPER)
            .list());
  }

  public Optional<Status> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from status_stages where workspace_id = :ws and id = :id")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  /** Creates a status at the end of the order; a taken label is a 409. */
  public Status create(String workspaceId, String label, String type) {
    String id = Ids.status();
    Timestamp now = Timestamp.from(clock.instant());
    int inserted =
        jdbi.withHandle(h ->
            h.createUpdate(
                    """
                    insert into status_stages
                      (id, workspace_id, label, type, position, created_at, updated_at)
                    select :id, :ws, :label, :type,
                           coalesce(max(position) + 1, 0), :now, :now
                    from status_stages where workspace_id = :ws
                    having not exists (select 1 from status_stages o
                      where o.workspace_id = :ws and lower(o.label) = lower(:label))
                    on conflict (workspace_id, label) do nothing
                    """)
                .bind("id", id)
                .bind("ws", workspaceId)
                .bind("label", label)
                .bind("type", type)
                .bind("now", now)
                .execute());
    if (inserted == 0) {
      throw labelTaken(label);
    }
    return find(workspaceId, id).orElseThrow();
  }

  /** Changes label, type or position (null keeps the old value). */
  public Status update(
      String workspaceId,
      String id,
      @Nullable String label,
      @Nullable String type,
      @Nullable Integer position) {
    Status old = find(workspaceId, id).orElseThrow(() -> LeadportException.notFound("Status", id));
    try {
      // Labels are matched without regard to case (Catalog.statusByLabel), so they must differ so.
      int updated =
          jdbi.withHandle(h ->
              h.createUpdate(
                      """
                      update status_stages set label = :label, type = :type,
                        position = :position, updated_at = :now
                      where workspace_id = :ws and id = :id
                      and (cast(:renamed as text) is null or not exists (select 1
                        from status_stages o where o.workspace_id = :ws and o.id <> :id
                        and lower(o.label) = lower(:renamed)))
                      """)
                  .bind("renamed", label)
                  .bind("label", label != null ? label : old.label())
                  .bind("type", type != null ? type : old.type())
                  .bind("position", position != null ? position : old.position())
                  .bind("now", Timestamp.from(clock.instant()))
                  .bind("ws", workspaceId)
                  .bind("id", id)
                  .execute());
      if (updated == 0) {
        throw labelTaken(label != null ? label : old.label());
      }
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      if (Sql.isUniqueViolation(e)) {
        throw labelTaken(label != null ? label : old.label());
      }
      throw e;
    }
    return find(workspaceId, id).orElseThrow();
  }

  /** Deletes an unused status; one that leads still have is a 409. */
  public void delete(String workspaceId, String id) {
    if (find(workspaceId, id).isEmpty()) {
      throw LeadportException.notFound("Status", id);
    }
    int deleted =
        jdbi.withHandle(h ->
            h.createUpdate(
                    """
                    delete from status_stages s where s.workspace_id = :ws and s.id = :id
                    and not exists (select 1 from leads l where l.status_id = s.id)
                    """)
                .bind("ws", workspaceId)
                .bind("id", id)
                .execute());
    if (deleted == 0) {
      throw LeadportException.conflict(
          "status_in_use", "Status " + id + " is still used by leads; move them first.");
    }
  }

  private static LeadportException labelTaken(String label) {
    return LeadportException.conflict(
        "status_exists", "A status labelled " + label + " already exists.");
  }
}
