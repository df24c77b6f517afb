package org.leadport.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.leadport.export.sink.Segment;
import org.leadport.query.ChangePosition;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.Sql;
import org.leadport.query.WalkPosition;
import org.leadport.store.Change;
import org.leadport.store.ChangeLog;

/**
 * Plans one segment of the sync export's walk (docs/guides/incremental-sync.md), in the segment's
 * snapshot, before its first row. The walk first pages through the {@code (updated_at, id)} keyset,
 * each segment in a snapshot of its own, carrying the change position of its first snapshot. A
 * write that committed after that snapshot may sit behind the walk in the keyset (updated_at is
 * stamped when its transaction began), so once the keyset is exhausted the walk catches up: the
 * leads changed after the first snapshot, read from the change log in feed order up to its horizon,
 * as they are now. The segment that reaches the horizon ends the walk and hands over the position
 * after it, from which the change feed continues with nothing lost. Stateless.
 */
final class SyncWalk {
  private SyncWalk() {}

  /**
   * What a segment holds: its keyset rows (when still in the keyset phase; up to {@code
   * keysetLast}, or to the end of the keyset when null) and then the catch-up rows of {@code
   * catchUp}'s leads, in that order.
   */
  record Plan(
      Segment segment, boolean keyset, @Nullable Position keysetLast, List<String> catchUp) {
    Plan {
      catchUp = List.copyOf(catchUp);
    }
  }

  static Plan plan(Handle h, ExportSpec spec, ChangeLog changes) {
    WalkPosition at = spec.after();
    int limit = Objects.requireNonNull(spec.segmentLimit(), "a segment's limit");
    if (at != null && at.catchingUp()) {
      return catchUp(h, spec, changes, Objects.requireNonNull(at.changes()), limit, false);
    }
    // A walk's first segment (or one continued from a cursor made before walks had a position)
    // takes the position of its own snapshot: the catch-up brings whatever it did not see.
    ChangePosition first =
        at == null || at.changes() == null ? ChangeLog.position(h) : at.changes();
    ExportStatement statement = new ExportStatement(spec);
    Sql.Bound boundary = statement.boundary().bound();
    List<Position> ends =
        h.createQuery(boundary.sql())
            .bindMap(boundary.binds())
            .map((rs, ctx) -> new Position(rs.getTimestamp(1).toInstant(), rs.getString(2)))
            .list();
    if (ends.size() == 2) {
      Position last = ends.get(0);
      return new Plan(new Segment(true, new WalkPosition(last, first)), true, last, List.of());
    }
    // The keyset ends in this segment (with its limit's last row, or before); the catch-up fills
    // what room it leaves.
    long keysetRows = ends.size() == 1 ? limit : RowSource.count(h, spec);
    return catchUp(h, spec, changes, first, limit - keysetRows, true);
  }

  /**
   * The catch-up part of a segment with {@code room} rows left: the leads of the changes after
   * {@code from} that still match the export, at most {@code room}, and where the walk continues
   * (more changes follow) or ends (the horizon is reached: the segment hands over its position).
   */
  private static Plan catchUp(
      Handle h,
      ExportSpec spec,
      ChangeLog changes,
      ChangePosition from,
      long room,
      boolean keyset) {
    Sql leads = new ExportStatement(spec).leadCondition();
    // One change more than there is room for: whether it exists decides if the walk goes on.
    ChangeLog.Page page = changes.page(h, spec.workspaceId(), from, leads, (int) room + 1);
    List<Change> found = page.changes();
    if (found.size() <= room) {
      return new Plan(new Segment(false, null, -1, page.next()), keyset, null, ids(found));
    }
    List<Change> taken = found.subList(0, (int) room);
    ChangePosition next = from;
    if (!taken.isEmpty()) {
      Change last = taken.get(taken.size() - 1);
      next = from.advance(last.xid(), last.leadId());
    }
    return new Plan(new Segment(true, WalkPosition.catchUp(next)), keyset, null, ids(taken));
  }

  /** The leads of the changes, each once, in the order of their first change. */
  private static List<String> ids(List<Change> changes) {
    Set<String> ids = new LinkedHashSet<>();
    for (Change c : changes) {
      ids.add(c.leadId());
    }
    return new ArrayList<>(ids);
  }
}
