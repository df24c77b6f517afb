package org.leadport.jobs;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code export_job_parts} table: the parts an export was published as (docs/parts.md), written
 * with the job's success and read by its status. Thread-safe.
 */
public final class JobParts {
  private final Jdbi jdbi;

  public JobParts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The job's parts in order; empty for an export published as one file. */
  public List<JobPart> of(String jobId) {
    return jdbi.withHandle(h -> list(h, jobId));
  }

  /** Forgets the job's parts and returns them, so their files can be deleted. */
  public List<JobPart> forget(String jobId) {
    return jdbi.inTransaction(h -> {
      List<JobPart> parts = list(h, jobId);
      h.createUpdate("delete from export_job_parts where job_id = :id").bind("id", jobId).execute();
      h.createUpdate("update export_jobs set parts = 0 where id = :id").bind("id", jobId).execute();
      return parts;
    });
  }

  /** In the transaction that ends the job: its parts become {@code parts}, whatever was before. */
  static void replace(Handle h, String jobId, List<JobPart> parts) {
    h.createUpdate("delete from export_job_parts where job_id = :id").bind("id", jobId).execute();
    var batch =
        h.prepareBatch(
            """
            insert into export_job_parts (job_id, n, rows, bytes, sha256, file_key, file_name)
            values (:job, :n, :rows, :bytes, :sha, :key, :name)
            """);
    for (JobPart p : parts) {
      batch
          .bind("job", jobId)
          .bind("n", p.n())
          .bind("rows", p.rows())
          .bind("bytes", p.bytes())
          .bind("sha", p.sha256())
          .bind("key", p.fileKey())
          .bind("name", p.fileName())
          .add();
    }
    if (!parts.isEmpty()) {
      batch.execute();
    }
  }

  /**
   * The job's parts as {@code h} sees them: inside the transaction that ends the job, the parts it
   * just recorded (what its webhook events list).
   */
  public static List<JobPart> list(Handle h, String jobId) {
    return h.createQuery(
            "select n, rows, bytes, sha256, file_key, file_name from export_job_parts"
                + " where job_id = :id order by n")
        .bind("id", jobId)
        .map((rs, ctx) ->
            new JobPart(
                rs.getInt(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)))
        .list();
  }
}
