package org.leadport.store;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.leadport.LeadportException;
import org.leadport.model.Ids;

/** Stores workspaces. Thread-safe. */
public final class WorkspaceRepository {
  private static final RowMapper<Workspace> MAPPER =
      (rs, ctx) ->
          new Workspace(
              rs.getString("id"),
              rs.getString("name"),
              Workspace.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
              rs.getTimestamp("created_at").toInstant());

  private final Jdbi jdbi;
  private final Clock clock;

  public WorkspaceRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Creates an active workspace; a taken name is a 409. */
  public Workspace create(String name) {
    var now = java.sql.Timestamp.from(clock.instant());
    String id = Ids.workspace();
    int inserted =
        jdbi.withHandle(h ->
            h.createUpdate(
                    """
                    insert into workspaces (id, name, status, created_at, updated_at)
                    values (:id, :name, 'active', :now, :now)
                    on conflict (name) do nothing
                    """)
                .bind("id", id)
                .bind("name", name)
                .bind("now", now)
                .execute());
    if (inserted == 0) {
      throw LeadportException.conflict(
          "workspace_exists", "A workspace named " + name + " already exists.");
    }
    return find(id).orElseThrow();
  }

  public Optional<Workspace> find(String id) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from workspaces where id = :id")
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  public Optional<Workspace> findByName(String name) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from workspaces where name = :name")
            .bind("name", name)
            .map(MAPPER)
            .findOne());
  }

  public List<Workspace> list() {
    return jdbi.withHandle(
        h -> h.createQuery("select * from workspaces order by created_at, id").map(MAPPER).list());
  }

  /** Sets the status; an unknown id is a 404. */
  public Workspace setStatus(String id, Workspace.Status status) {
    int updated =
        jdbi.withHandle(h ->
            h.createUpdate(
                    "update workspaces set status = :status, updated_at = :now where id = :id")
                .bind("status", status.wireName())
                .bind("now", java.sql.Timestamp.from(clock.instant()))
                .bind("id", id)
                .execute());
    if (updated == 0) {
      throw LeadportException.notFound("Workspace", id);
    }
    return find(id).orElseThrow();
  }
}
