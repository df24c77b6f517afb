package org.leadport.jobs;

import java.util.Locale;

/** The one stored life cycle of an export job; each surface speaks it in its own words. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** True once the job will never change again. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }
}
