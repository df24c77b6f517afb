package org.leadport.jobs;

import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.Ids;
import org.leadport.query.ChangeCursors;
import org.leadport.query.ChangePosition;
import org.leadport.query.Condition;
import org.leadport.query.Fields;
import org.leadport.query.LeadFilter;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;

/**
 * Hands an async export's snapshot over to the change feed and back (docs/changes.md): the {@code
 * changes_cursor} each surface shows on a job (the position of its export's snapshot, for the
 * unfiltered feed, as a job's query is not a feed filter), and the {@code since} of a delta export,
 * a changes cursor or the id of an earlier export whose cursor it means. Thread-safe.
 */
public final class ChangeHandoff {
  /** The feed filters a job's cursor is bound to: none, as a job's query is not one of them. */
  public static final String FINGERPRINT = LeadFilter.NONE.changesFingerprint();

  private final ExportJobs jobs;
  private final ChangeCursors cursors;

  public ChangeHandoff(ExportJobs jobs, ChangeCursors cursors) {
    this.jobs = jobs;
    this.cursors = cursors;
  }

  /** The job's changes cursor, or null until it succeeded (or when it finished before cursors). */
  public @Nullable String cursor(ExportJob job) {
    ChangePosition changes = job.changes();
    return changes == null ? null : cursors.encode(changes, job.workspaceId(), FINGERPRINT);
  }

  /**
   * The position a delta export's {@code since} means: an export id of the workspace ({@code
   * expo_…}) for the changes cursor of that export, else a changes cursor.
   *
   * @param param the request member's name, for the 400s
   * @throws LeadportException 400 when it is neither a cursor made for this workspace and the
   *     unfiltered feed, nor a done export of the workspace with a cursor
   */
  public ChangePosition since(String workspaceId, String since, String param) {
    if (!Ids.looksLike("expo_", since)) {
      return cursors.decode(since, workspaceId, FINGERPRINT, param);
    }
    ExportJob job =
        jobs.find(workspaceId, since)
            .orElseThrow(() ->
                LeadportException.invalid(
                    param, param + " names no export of this workspace: " + since + "."));
    if (job.state() != JobState.SUCCEEDED) {
      throw LeadportException.invalid(
          param,
          param
              + " names export "
              + since
              + ", which is "
              + job.state().wireName()
              + "; a delta starts from a done export.");
    }
    ChangePosition changes = job.changes();
    if (changes == null) {
      throw LeadportException.invalid(
          param,
          param
              + " names export "
              + since
              + ", which has no changes cursor (it finished before exports recorded one);"
              + " export everything once more and start from that export.");
    }
    return changes;
  }

  /**
   * The query of a delta export: {@code query}'s leads that changed after {@code since} in the
   * export's snapshot.
   */
  public static Query delta(String workspaceId, Query query, ChangePosition since) {
    Query changed =
        new Query.Match(
            Fields.STANDARD.regular(ObjectKind.LEAD, "id").orElseThrow(),
            Condition.ChangedSince.of(workspaceId, since));
    return query instanceof Query.All ? changed : new Query.And(java.util.List.of(query, changed));
  }
}
