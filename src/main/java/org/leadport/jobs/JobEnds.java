package org.leadport.jobs;

import org.jdbi.v3.core.Handle;

/**
 * Told that a job succeeded or failed, inside the transaction that records it, so that what it
 * writes (the webhook events of the job's end) commits with the job's state or not at all: a node
 * that dies right after finishing a job loses neither. Implementations write only through {@code
 * h}; a failure rolls the job's end back with it.
 */
@FunctionalInterface
public interface JobEnds {
  /** Writes nothing. */
  JobEnds NONE = (h, job) -> {};

  /** {@code job} as it was just recorded: state, rows, file or error. */
  void ended(Handle h, ExportJob job);
}
