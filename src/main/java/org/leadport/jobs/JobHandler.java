package org.leadport.jobs;

import java.io.OutputStream;

/** Produces a job's file. Called on a worker thread; must honour {@link Progress#rows}. */
@FunctionalInterface
public interface JobHandler {

  /** Reports progress; throws {@link LeaseLostException} once the job is no longer ours. */
  interface Progress {
    void rows(long done);
  }

  /** Writes the job's file to {@code out} and returns the number of rows written. */
  long run(ExportJob job, OutputStream out, Progress progress) throws Exception;
}
