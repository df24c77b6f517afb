package org.leadport.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.leadport.json.Json;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.LeadFilter;
import org.leadport.query.Sql;

/** Stores leads with their contacts, opportunities, activities and addresses. Thread-safe. */
public final class LeadRepository {
  /** The nested collections of a lead, which an update may replace as a whole. */
  public enum Part {
    CONTACTS,
    OPPORTUNITIES,
    ACTIVITIES,
    ADDRESSES
  }

  private final Jdbi jdbi;

  public LeadRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inserts leads with everything they hold, all or nothing. */
  public void insertAll(List<Lead> leads) {
    jdbi.useTransaction(h -> insertAll(h, leads));
  }

  private void insertAll(Handle h, List<Lead> leads) {
    PreparedBatch batch =
        h.prepareBatch(
            """
            insert into leads (id, workspace_id, name, display_name, status_id, url, description,
              source, medium, campaign, custom, search_text, created_at, updated_at, deleted_at)
            values (:id, :ws, :name, :display_name, :status_id, :url, :description, :source,
              :medium, :campaign, cast(:custom as jsonb), :search_text, :created_at, :updated_at, :deleted_at)
            """);
    for (Lead l : leads) {
      batch
          .bind("id", l.id())
          .bind("ws", l.workspaceId())
          .bind("name", l.name())
          .bind("display_name", l.displayName())
          .bind("status_id", l.statusId())
          .bind("url", l.url())
          .bind("description", l.description())
          .bind("source", l.source())
          .bind("medium", l.medium())
          .bind("campaign", l.campaign())
          .bind("custom", Json.text(l.custom()))
          .bind("search_text", LeadSearchText.of(l))
          .bind("created_at", Timestamp.from(l.createdAt()))
          .bind("updated_at", Timestamp.from(l.updatedAt()))
          .bind("deleted_at", l.deletedAt() == null ? null : Timestamp.from(l.deletedAt()))
          .add();
    }
    batch.execute();
    insertParts(h, leads, Set.of(Part.values()));
  }

  private void insertParts(Handle h, List<Lead> leads, Set<Part> parts) {
    if (parts.contains(Part.CONTACTS)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into contacts (id, workspace_id, lead_id, position, name, first_name,
                last_name, title, emails, phones, urls, created_at, updated_at)
              values (:id, :ws, :lead, :pos, :name, :first_name, :last_name, :title,
                cast(:emails as jsonb), cast(:phones as jsonb), cast(:urls as jsonb), :at, :at)
              """);
      for (Lead l : leads) {
        int pos = 0;
        for (Lead.Contact c : l.contacts()) {
          b.bind("id", c.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("pos", pos++)
              .bind("name", c.name())
              .bind("first_name", c.firstName())
              .bind("last_name", c.lastName())
              .bind("title", c.title())
              .bind("emails", channels(c.emails(), "email"))
              .bind("phones", channels(c.phones(), "phone"))
              .bind("urls", channels(c.urls(), "url"))
              .bind("at", Timestamp.from(l.updatedAt()))
              .add();
        }
      }
      executeIfAny(b);
    }
    if (parts.contains(Part.OPPORTUNITIES)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into opportunities (id, workspace_id, lead_id, position, status_type,
                status_label, value, value_currency, value_period, confidence, date_won, note,
                user_name, created_at, updated_at)
              values (:id, :ws, :lead, :pos, :status_type, :status_label, :value, :currency,
                :period, :confidence, :date_won, :note, :user_name, :at, :at)
              """);
      for (Lead l : leads) {
        int pos = 0;
        for (Lead.Opportunity o : l.opportunities()) {
          b.bind("id", o.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("pos", pos++)
              .bind("status_type", o.statusType())
              .bind("status_label", o.statusLabel())
              .bind("value", o.value())
              .bind("currency", o.valueCurrency())
              .bind("period", o.valuePeriod())
              .bind("confidence", o.confidence())
              .bind("date_won", o.dateWon())
              .bind("note", o.note())
              .bind("user_name", o.userName())
              .bind("at", Timestamp.from(l.updatedAt()))
              .add();
        }
      }
      executeIfAny(b);
    }
    if (parts.contains(Part.ACTIVITIES)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into activities (id, workspace_id, lead_id, type, occurred_at, direction,
                duration, subject, body, created_at)
              values (:id, :ws, :lead, :type, :date, :direction, :duration, :subject, :body, :at)
              """);
      for (Lead l : leads) {
        for (Lead.Activity a : l.activities()) {
          b.bind("id", a.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("type", a.type())
              .bind("date", Timestamp.from(a.date()))
              .bind("direction", a.direction())
              .bind("duration", a.duration())
              .bind("subject", a.subject())
              .bind("body", a.body())
              .bind("at", Timestamp.from(l.updatedAt()))
              .add();
        }
      }
      executeIfAny(b);
    }
    if (parts.contains(Part.ADDRESSES)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into addresses (id, workspace_id, lead_id, position, label, address_1,
                address_2, city, state, zipcode, country)
              values (:id, :ws, :lead, :pos, :label, :a1, :a2, :city, :state, :zip, :country)
              """);
      for (Lead l : leads) {
        int pos = 0;
        for (Lead.Address a : l.addresses()) {
          b.bind("id", a.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("pos", pos++)
              .bind("label", a.label())
              .bind("a1", a.address1())
              .bind("a2", a.address2())
              .bind("city", a.city())
              .bind("state", a.state())
              .bind("zip", a.zipcode())
              .bind("country", a.country())
              .add();
        }
      }
      executeIfAny(b);
    }
  }

  /**
   * Writes a changed lead: its own columns always, and the nested collections named in {@code
   * replaced} as a whole. {@code updated_at} only ever moves forward, even when clocks of several
   * nodes disagree: keyset walks rely on a changed lead landing after its old position.
   */
  public void update(Lead lead, Set<Part> replaced) {
    jdbi.useTransaction(h -> {
      h.createUpdate(
              """
              update leads set name = :name, display_name = :display_name,
                status_id = :status_id, url = :url, description = :description,
                source = :source, medium = :medium, campaign = :campaign,
                custom = cast(:custom as jsonb), search_text = :search_text,
                updated_at = greatest(:updated_at, updated_at + interval '1 microsecond')
              where workspace_id = :ws and id = :id
              """)
          .bind("name", lead.name())
          .bind("display_name", lead.displayName())
          .bind("status_id", lead.statusId())
          .bind("url", lead.url())
          .bind("description", lead.description())
          .bind("source", lead.source())
          .bind("medium", lead.medium())
          .bind("campaign", lead.campaign())
          .bind("custom", Json.text(lead.custom()))
          .bind("search_text", LeadSearchText.of(lead))
          .bind("updated_at", Timestamp.from(lead.updatedAt()))
          .bind("ws", lead.workspaceId())
          .bind("id", lead.id())
          .execute();
      for (Part part : replaced) {
        String table =
            switch (part) {
              case CONTACTS -> "contacts";
              case OPPORTUNITIES -> "opportunities";
              case ACTIVITIES -> "activities";
              case ADDRESSES -> "addresses";
            };
        h.createUpdate("delete from " + table + " where lead_id = :id")
            .bind("id", lead.id())
            .execute();
      }
      insertParts(h, List.of(lead), replaced);
    });
  }

  /** Marks a live lead deleted (a tombstone); false when there is no such live lead. */
  public boolean softDelete(String workspaceId, String id, java.time.Instant at) {
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update leads set deleted_at = :at, updated_at = greatest(:at, updated_at + interval '1 microsecond')
                where workspace_id = :ws and id = :id and deleted_at is null
                """)
            .bind("at", Timestamp.from(at))
            .bind("ws", workspaceId)
            .bind("id", id)
            .execute())
        == 1;
  }

  /** A live lead of the workspace with everything it holds. */
  public Optional<Lead> find(String workspaceId, String id) {
    return jdbi.withHandle(h -> {
      List<Lead> found =
          LeadReader.load(
              h,
              h.createQuery(
                      "select "
                          + LeadReader.COLUMNS
                          + " from leads l left join status_stages s on s.id = l.status_id"
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
  public List<Lead> page(String workspaceId, LeadFilter filter, Position after, int limit) {
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
        Sql.text(
                "select "
                    + LeadReader.COLUMNS
                    + " from leads l left join status_stages s on s.id = l.status_id where ")
            .append(where)
            .append(" order by l.updated_at, l.id limit ")
            .bind(limit)
            .bound();
    return jdbi.withHandle(h -> LeadReader.load(h, h.createQuery(sql.sql()).bindMap(sql.binds())));
  }

  /** An ORDER BY term of a search: an SQL expression over {@code l} written by Leadport. */
  public record SortKey(Sql sql, boolean descending) {}

  /**
   * Ids of live leads matching {@code condition} (an expression over {@code l}), in the given order
   * with the id as tie-break, {@code limit} after {@code offset}.
   */
  public List<String> searchIds(
      String workspaceId, Sql condition, List<SortKey> sort, long offset, int limit) {
    Sql sql = Sql.text("select l.id from leads l where ").append(live(workspaceId, condition));
    sql = sql.append(" order by ");
    for (SortKey k : sort) {
      sql = sql.append(k.sql()).append(k.descending() ? " desc nulls last, " : " asc nulls last, ");
    }
    Sql.Bound query = sql.append("l.id offset ").bind(offset).append(" limit ").bind(limit).bound();
    return jdbi.withHandle(
        h -> h.createQuery(query.sql()).bindMap(query.binds()).mapTo(String.class).list());
  }

  /** How many live leads match {@code condition}. */
  public long searchCount(String workspaceId, Sql condition) {
    Sql.Bound sql =
        Sql.text("select count(*) from leads l where ")
            .append(live(workspaceId, condition))
            .bound();
    return jdbi.withHandle(
        h -> h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(Long.class).one());
  }

  private static Sql live(String workspaceId, Sql condition) {
    return Sql.text("l.workspace_id = ")
        .bind(workspaceId)
        .append(" and l.deleted_at is null and ")
        .append(condition);
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
            h.createQuery(
                    "select "
                        + LeadReader.COLUMNS
                        + " from leads l left join status_stages s on s.id = l.status_id"
                        + " where l.workspace_id = :ws and l.id = any(:ids)")
                .bind("ws", workspaceId)
                .bindArray("ids", String.class, ids),
            activities);
    Map<String, Lead> byId = new HashMap<>();
    found.forEach(l -> byId.put(l.id(), l));
    List<Lead> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Lead l = byId.get(id);
      if (l != null) {
        out.add(l);
      }
    }
    return out;
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

  /** Channels are stored in Close's shape: {@code [{"email": "…", "type": "office"}]}. */
  static String channels(List<Lead.Channel> channels, String key) {
    ArrayNode array = Json.array();
    for (Lead.Channel c : channels) {
      ObjectNode o = array.addObject();
      o.put(key, c.value());
      o.put("type", c.type());
    }
    return Json.text(array);
  }

  private static void executeIfAny(PreparedBatch batch) {
    if (batch.size() > 0) {
      batch.execute();
    }
  }
}
