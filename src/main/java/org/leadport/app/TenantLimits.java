package org.leadport.app;

import java.time.Duration;

/**
 * What one workspace may hold and spend at once, so that no tenant starves another (part of {@link
 * ExportSettings}; described in {@code docs/operations.md}). Immutable.
 *
 * @param streamsPerWorkspace streamed exports (sync segments, JSON:API renders) one workspace may
 *     have open at once on one node ({@code LEADPORT_STREAMS_PER_WORKSPACE}); one more is a 429
 * @param exportConnections connections of the pool that exports read through, apart from the pool
 *     that serves every other request ({@code LEADPORT_EXPORT_CONNECTIONS})
 * @param stallTimeout how long a response write may make no progress before the connection is cut
 *     ({@code LEADPORT_STALL_TIMEOUT})
 * @param exportRowsQuota rows one workspace may export per rolling 24 h, over every surface ({@code
 *     LEADPORT_EXPORT_ROWS_QUOTA})
 */
public record TenantLimits(
    int streamsPerWorkspace, int exportConnections, Duration stallTimeout, long exportRowsQuota) {

  public TenantLimits {
    if (streamsPerWorkspace < 1) {
      throw new IllegalArgumentException("LEADPORT_STREAMS_PER_WORKSPACE must be at least 1");
    }
    if (exportConnections < 2) {
      // Set when a nested JSON export read on two connections sharing one snapshot (until V21's
      // lead_items); kept, as lowering the minimum is a change of configuration of its own.
      throw new IllegalArgumentException("LEADPORT_EXPORT_CONNECTIONS must be at least 2");
    }
    if (stallTimeout == null || stallTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("LEADPORT_STALL_TIMEOUT must be a positive duration");
    }
    if (exportRowsQuota < 1) {
      throw new IllegalArgumentException("LEADPORT_EXPORT_ROWS_QUOTA must be at least 1");
    }
  }

  /** The defaults: 4 streams a workspace, 10 export connections, 30 s, 10 million rows a day. */
  public static TenantLimits defaults() {
    return new TenantLimits(4, 10, Duration.ofSeconds(30), 10_000_000L);
  }

  public TenantLimits withStreamsPerWorkspace(int n) {
    return new TenantLimits(n, exportConnections, stallTimeout, exportRowsQuota);
  }

  public TenantLimits withExportConnections(int n) {
    return new TenantLimits(streamsPerWorkspace, n, stallTimeout, exportRowsQuota);
  }

  public TenantLimits withStallTimeout(Duration d) {
    return new TenantLimits(streamsPerWorkspace, exportConnections, d, exportRowsQuota);
  }

  public TenantLimits withExportRowsQuota(long rows) {
    return new TenantLimits(streamsPerWorkspace, exportConnections, stallTimeout, rows);
  }
}
