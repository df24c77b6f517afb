package org.leadport.leads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.query.ChangeCursors;
import org.leadport.query.ChangePosition;
import org.leadport.query.LeadFilter;
import org.leadport.query.QueryCompiler;
import org.leadport.query.Sql;
import org.leadport.store.Change;
import org.leadport.store.ChangeLog;
import org.leadport.store.ChangeOp;
import org.leadport.store.Lead;
import org.leadport.store.LeadRepository;

/**
 * Reads pages of the change feed ({@code GET /api/v1/changes}, docs/guides/change-feed.md): the
 * changes after a signed cursor, each with its lead as it stands now, the lead read in the same
 * repeatable-read snapshot as the page, so an item and its lead never disagree. Thread-safe.
 */
public final class ChangeFeed {
  /** The cursor parameter whose errors (400, 410) name it. */
  public static final String CURSOR = "cursor";

  private final Jdbi jdbi;
  private final ChangeLog log;
  private final ChangeCursors cursors;

  /**
   * @param jdbi the primary's pool, whose horizon the change log's positions are made of (never a
   *     replica's)
   */
  public ChangeFeed(Jdbi jdbi, ChangeLog log, ChangeCursors cursors) {
    this.jdbi = jdbi;
    this.log = log;
    this.cursors = cursors;
  }

  /**
   * One item: a change, told as the lead's latest state.
   *
   * @param op {@code deleted} when the lead is deleted by the time of the read, whatever the change
   *     did; a live lead's change keeps its op, and a delete undone since reads as an update
   * @param lead the lead as it stands in the page's snapshot; null for a deletion
   */
  public record Item(Change change, ChangeOp op, @Nullable Lead lead) {
    public Item {
      Objects.requireNonNull(change, "change");
      Objects.requireNonNull(op, "op");
      if ((op == ChangeOp.DELETED) != (lead == null)) {
        throw new IllegalArgumentException("a deletion, and only it, carries no lead: " + op);
      }
    }
  }

  /**
   * A page of items and the cursor to continue from.
   *
   * @param nextCursor where the next read starts; present even after an empty page, where it is the
   *     position to poll from
   * @param hasMore whether more changes were already waiting behind this page
   */
  public record Page(List<Item> items, String nextCursor, boolean hasMore) {
    public Page {
      items = List.copyOf(items);
      Objects.requireNonNull(nextCursor, "nextCursor");
    }
  }

  /**
   * Up to {@code limit} items after {@code cursor} (null: from the oldest change still kept) of
   * leads matching {@code filter}, whose lead-attribute filters the cursor is bound to.
   *
   * @throws org.leadport.LeadportException 400 {@code invalid_cursor} for a cursor not made for
   *     this workspace and these filters; 410 {@code cursor_expired} once retention passed it
   */
  public Page read(String workspaceId, LeadFilter filter, @Nullable String cursor, int limit) {
    String fingerprint = filter.changesFingerprint();
    if (cursor != null) {
      return read(
          workspaceId, filter, cursors.decode(cursor, workspaceId, fingerprint, CURSOR), limit);
    }
    try {
      return read(workspaceId, filter, log.earliest(workspaceId), limit);
    } catch (LeadportException e) {
      if (e.status() != 410) {
        throw e;
      }
      // A purge ran between finding the start and reading from it: the start has moved on.
      return read(workspaceId, filter, log.earliest(workspaceId), limit);
    }
  }

  private Page read(String workspaceId, LeadFilter filter, ChangePosition from, int limit) {
    String fingerprint = filter.changesFingerprint();
    // Deletes must pass the filter: the lead condition alone, without the tombstone rule.
    Sql leads = QueryCompiler.lead(filter.toQuery(), "l");
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          h.execute("set transaction read only");
          // One more than asked tells whether more is waiting without an empty page to find out.
          ChangeLog.Page page = log.page(h, workspaceId, from, leads, limit + 1);
          List<Change> changes = page.changes();
          boolean more = changes.size() > limit;
          ChangePosition next = page.next();
          if (more) {
            changes = changes.subList(0, limit);
            Change last = changes.get(limit - 1);
            next = from.advance(last.xid(), last.leadId());
          }
          Map<String, Lead> byId = new HashMap<>();
          List<String> ids = changes.stream().map(Change::leadId).distinct().toList();
          for (Lead l : LeadRepository.load(h, workspaceId, ids)) {
            byId.put(l.id(), l);
          }
          List<Item> items = new ArrayList<>(changes.size());
          for (Change c : changes) {
            items.add(item(c, byId.get(c.leadId())));
          }
          return new Page(items, cursors.encode(next, workspaceId, fingerprint), more);
        });
  }

  /** The item of {@code change}, told by its lead's state now (null: the lead is gone). */
  private static Item item(Change change, @Nullable Lead lead) {
    if (lead == null || lead.deletedAt() != null) {
      return new Item(change, ChangeOp.DELETED, null);
    }
    ChangeOp op = change.op() == ChangeOp.DELETED ? ChangeOp.UPDATED : change.op();
    return new Item(change, op, lead);
  }
}
