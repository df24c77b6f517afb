package org.leadport.jobs;

import org.jspecify.annotations.Nullable;
import org.leadport.export.ExportProgress;
import org.leadport.query.ChangePosition;

/**
 * Produces a job's file, or its parts (docs/parts.md). Called on a worker thread; must report
 * progress as it goes.
 */
@FunctionalInterface
public interface JobHandler {

  /**
   * Writes the job's file to {@code out} (and any further parts through {@link JobOutput#part}) and
   * returns the number of rows written. {@code progress} throws {@link LeaseLostException} once the
   * job is no longer ours.
   */
  Result run(ExportJob job, JobOutput out, ExportProgress progress) throws Exception;

  /**
   * What a run wrote: its rows, how the file is served and the change position of its snapshot.
   *
   * @param file the download name, media type and encoding, or null for the surface's default; of
   *     each part too, whose name is derived from it ({@link DownloadLinks#partName})
   * @param changes the change feed position of the export's snapshot (docs/changes.md), or null
   */
  record Result(long rows, FileInfo file, @Nullable ChangePosition changes) {
    public Result {
      if (changes != null && changes.afterXid() != 0) {
        throw new IllegalArgumentException("a snapshot's position, not " + changes);
      }
    }

    /** A result without a change position. */
    public Result(long rows, FileInfo file) {
      this(rows, file, null);
    }
  }

  /** How a published file is served: its name, media type and content encoding (or null). */
  record FileInfo(String name, String contentType, @Nullable String contentEncoding) {}
}
