package org.leadport.surface.jsonapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Query;
import org.leadport.store.Status;

/**
 * MPDX's {@code status} filter on Leadport's statuses: {@code active} is every status of type
 * active or won plus no status, {@code hidden} every status of type lost, {@code null} (or an empty
 * string) no status, and anything else a status label. The groups are resolved against the
 * workspace's statuses as they are now.
 */
final class StatusGroups {
  /** Status types MPDX's {@code active} group stands for (its {@code hidden} is the rest). */
  private static final Set<String> ACTIVE_TYPES = Set.of("active", "won");

  private static final String STATUS_TYPE_HIDDEN = "lost";

  private final Supplier<List<Status>> statuses;

  /**
   * @param statuses the workspace's statuses, read only when a filter names a status
   */
  StatusGroups(Supplier<List<Status>> statuses) {
    this.statuses = statuses;
  }

  /**
   * The leads in any of {@code values}' groups or labels; {@code statusId} and {@code statusLabel}
   * are the lead fields they are matched on.
   */
  Query query(List<String> values, FieldRef statusId, FieldRef statusLabel) {
    Set<String> ids = new LinkedHashSet<>();
    List<Object> labels = new ArrayList<>();
    boolean none = false;
    for (String v : values) {
      switch (v) {
        case "active" -> {
          none = true;
          statuses.get().stream()
              .filter(s -> ACTIVE_TYPES.contains(s.type()))
              .forEach(s -> ids.add(s.id()));
        }
        case "hidden" ->
            statuses.get().stream()
                .filter(s -> s.type().equals(STATUS_TYPE_HIDDEN))
                .forEach(s -> ids.add(s.id()));
        case "null", "" -> none = true;
        default -> labels.add(v);
      }
    }
    List<Query> any = new ArrayList<>();
    if (!ids.isEmpty()) {
      any.add(FilterValues.match(statusId, new ArrayList<>(ids)));
    }
    if (!labels.isEmpty()) {
      any.add(FilterValues.match(statusLabel, labels));
    }
    if (none) {
      any.add(new Query.Not(new Query.Match(statusId, new Condition.Exists())));
    }
    // A group with no status in it (no lost statuses for hidden) matches nothing.
    return any.size() == 1 ? any.get(0) : new Query.Or(any);
  }
}
