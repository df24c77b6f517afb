package org.leadport.store;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.LeadFilter;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;
import org.leadport.query.Sql;

/** Stores leads with their contacts, opportunities, activities and addresses. Thread-safe. */
public final class LeadRepository {
  /** The nested collections of a lead, which an update may replace as a whole. */
  public enum Part {
    CONTACTS(ItemKind.CONTACTS),
    OPPORTUNITIES(ItemKind.OPPORTUNITIES),
    ACTIVITIES(ItemKind.ACTIVITIES),
    ADDRESSES(ItemKind.ADDRESSES);

    // ItemKind is immutable (final fields, unmodifiable lists, stateless method references), but
    // holds functions, which Error Prone cannot prove so.
    @SuppressWarnings("ImmutableEnumChecker")
    private final ItemKind<?> kind;

    Part(ItemKind<?> kind) {
      this.kind = kind;
    }

    /** The kind of the items this collection holds. */
    public ItemKind<?> kind() {
      return kind;
    }
  }

  private final Jdbi jdbi;

  public LeadRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Inserts leads with everything they hold, all or nothing. The lead rows carry their export
   * projection from the start, so the projection triggers on contacts and addresses are told to
   * skip: the leads are new, no other writer can reach them before this commits.
   */
  public void insertAll(List<Lead> leads) {
    jdbi.useTransaction(h -> {
      ExportProjection.declareWritten(h);
      LeadItems.declareWritten(h);
      LeadRows.insert(h, leads);
      LeadParts.insert(h, leads, Set.of(Part.values()));
      // Once for all the leads' items, where the triggers would have written each lead's row
      // once per item statement; rendered from the items written, not read back.
      LeadItems.render(h, leads, Set.copyOf(ItemKind.all()));
    });
  }

  /**
   * Writes a changed lead: its own columns always, and the nested collections named in {@code
   * replaced} as a whole. {@code updated_at} only ever moves forward, even when clocks of several
   * nodes disagree: keyset walks rely on a changed lead landing after its old position.
   */
  public void update(Lead lead, Set<Part> replaced) {
    jdbi.useTransaction(h -> {
      // The lead row carries the projection of the contacts or addresses replaced (LeadRows), and
      // its lock keeps every other writer of its items waiting until this commits.
      if (LeadRows.projected(replaced) != 0) {
        ExportProjection.declareWritten(h);
      }
      if (!replaced.isEmpty()) {
        LeadItems.declareWritten(h);
      }
      LeadRows.update(h, lead, replaced);
      LeadParts.replace(h, lead, replaced);
      // Only the kinds replaced, from the lead's collections: the others are kept as stored.
      LeadItems.render(
          h, List.of(lead), replaced.stream().map(Part::kind).collect(Collectors.toSet()));
    });
  }

  /** Marks a live lead deleted (a tombstone); false when there is no such live lead. */
  public boolean softDelete(String workspaceId, String id, java.time.Instant at) {
    return jdbi.withHandle(h -> LeadRows.softDelete(h, workspaceId, id, at));
  }

  /** A live lead of the workspace with everything it holds. */
  public Optional<Lead> find(String workspaceId, String id) {
    return jdbi.withHandle(h -> {
      List<Lead> found =
          LeadReader.load(
              h,
              h.createQuery(
                      LeadReader.SELECT
                          + " where l.workspace_id = :ws and l.id = :id"
                          + " and l.deleted_at is null")
                  .bind("ws", workspaceId)
                  .bind("id", id));
      return found.stream().findFirst();
    });
  }

  /**
   * Up to {@code limit} leads matching {@code filter} after {@code after} (null: from the start) in
   * {@code (updated_at, id)} order.
   */
  public List<Lead> page(
      String workspaceId, LeadFilter filter, @Nullable Position after, int limit) {
    Sql where =
        Sql.text("l.workspace_id = ").bind(workspaceId).append(" and ").append(filter.condition());
    if (after != null) {
      where =
          where
              .append(" and (l.updated_at, l.id) > (")
              .bind(Timestamp.from(after.updatedAt()))
              .append(", ")
              .bind(after.id())
              .append(")");
    }
    Sql.Bound sql =
        Sql.text(LeadReader.SELECT + " where ")
            .append(where)
            .append(" order by l.updated_at, l.id limit ")
            .bind(limit)
            .bound();
    return jdbi.withHandle(h -> LeadReader.load(h, h.createQuery(sql.sql()).bindMap(sql.binds())));
  }

  /**
   * Ids of live leads matching {@code query}, in the order of {@code sort} (nulls last) with the id
   * as tie-break, {@code limit} after {@code offset}.
   */
  public List<String> searchIds(
      String workspaceId, Query query, List<SortTerm> sort, long offset, int limit) {
    return SearchSql.ids(jdbi, workspaceId, ObjectKind.LEAD, query, sort, offset, limit);
  }

  /** How many live leads match {@code query}. */
  public long searchCount(String workspaceId, Query query) {
    return SearchSql.count(jdbi, workspaceId, ObjectKind.LEAD, query);
  }

  /** Live leads by id, in the order of {@code ids}. */
  public List<Lead> findAll(String workspaceId, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Lead> found = jdbi.withHandle(h -> load(h, workspaceId, ids));
    List<Lead> out = new ArrayList<>(found.size());
    for (Lead l : found) {
      if (l.deletedAt() == null) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * Leads by id with everything they hold, tombstones included, in the order of {@code ids}, read
   * on {@code h} so that an export's snapshot covers them.
   */
  public static List<Lead> load(Handle h, String workspaceId, List<String> ids) {
    return load(h, workspaceId, ids, true);
  }

  /** As {@link #load(Handle, String, List)}, reading activities only when asked. */
  public static List<Lead> load(
      Handle h, String workspaceId, List<String> ids, boolean activities) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Lead> found =
        LeadReader.load(
            h,
            h.createQuery(LeadReader.SELECT + " where l.workspace_id = :ws and l.id = any(:ids)")
                .bind("ws", workspaceId)
                .bindArray("ids", String.class, ids),
            activities);
    return LeadReader.inOrderOf(ids, found, Lead::id);
  }

  /** How many leads the workspace holds, tombstones included. */
  public long count(String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery("select count(*) from leads where workspace_id = :ws")
            .bind("ws", workspaceId)
            .mapTo(Long.class)
            .one());
  }

  /** Which of {@code ids} are live leads of the workspace. */
  public Set<String> existing(String workspaceId, List<String> ids) {
    return jdbi.withHandle(h ->
        Set.copyOf(
            h.createQuery(
                    """
                    select id from leads
                    where workspace_id = :ws and id = any(:ids) and deleted_at is null
                    """)
                .bind("ws", workspaceId)
                .bindArray("ids", String.class, ids)
                .mapTo(String.class)
                .list()));
  }
}
