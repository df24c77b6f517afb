package org.leadport.jobs;

import java.io.OutputStream;
import org.leadport.export.ExportProgress;

/** Produces a job's file. Called on a worker thread; must report progress as it goes. */
@FunctionalInterface
public interface JobHandler {

  /**
   * Writes the job's file to {@code out} and returns the number of rows written. {@code progress}
   * throws {@link LeaseLostException} once the job is no longer ours.
   */
  long run(ExportJob job, OutputStream out, ExportProgress progress) throws Exception;
}
