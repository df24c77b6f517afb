package org.leadport.jobs;

import java.io.OutputStream;
import org.jspecify.annotations.Nullable;
import org.leadport.export.ExportProgress;

/** Produces a job's file. Called on a worker thread; must report progress as it goes. */
@FunctionalInterface
public interface JobHandler {

  /**
   * Writes the job's file to {@code out} and returns the number of rows written. {@code progress}
   * throws {@link LeaseLostException} once the job is no longer ours.
   */
  Result run(ExportJob job, OutputStream out, ExportProgress progress) throws Exception;

  /**
   * What a run wrote: its rows and how the file is served.
   *
   * @param file the download name, media type and encoding, or null for the surface's default
   */
  record Result(long rows, FileInfo file) {}

  /** How a published file is served: its name, media type and content encoding (or null). */
  record FileInfo(String name, String contentType, @Nullable String contentEncoding) {}
}
