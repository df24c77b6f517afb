package org.leadport.jobs;

/**
 * Thrown into a running export when its worker no longer holds the job (canceled, or taken over
 * after the lease expired): the work stops and nothing is published.
 */
public final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String jobId) {
    super("lost the claim on job " + jobId);
  }
}
