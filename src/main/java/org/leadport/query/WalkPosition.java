package org.leadport.query;

import org.jspecify.annotations.Nullable;

/**
 * Where a sync export walk continues (docs/guides/incremental-sync.md): in its keyset phase, after
 * a lead row of the {@code (updated_at, id)} keyset, remembering the change position of the walk's
 * first snapshot; in its catch-up phase, at a position of the change feed, from which the leads
 * changed since that first snapshot follow.
 *
 * @param keyset the last lead row delivered in the keyset phase; null in the catch-up phase
 * @param changes in the keyset phase the position of the walk's first snapshot (null for a cursor
 *     made before walks had one: its segment takes its own); in the catch-up phase the feed
 *     position the catch-up continues from
 */
public record WalkPosition(
    KeysetCursor.@Nullable Position keyset, @Nullable ChangePosition changes) {

  public WalkPosition {
    if (keyset == null && changes == null) {
      throw new IllegalArgumentException("a walk position needs a keyset or a change position");
    }
  }

  /** A position of the catch-up phase. */
  public static WalkPosition catchUp(ChangePosition changes) {
    return new WalkPosition(null, changes);
  }

  /** Whether the walk is past its keyset phase. */
  public boolean catchingUp() {
    return keyset == null;
  }
}
