package org.leadport.app;

import java.time.Duration;
import java.time.Instant;
import org.leadport.LeadportException;
import org.leadport.http.RateLimiter;
import org.leadport.query.ChangePosition;
import org.leadport.query.KeysetCursor;
import org.leadport.query.LeadFilter;
import org.leadport.query.WalkPosition;
import org.leadport.surface.roofkit.SyncExportRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fresh server would otherwise make its first sync export client pay, paid before the server
 * listens (issue 18: the walk's first segment was 130–180 ms to first byte on an idle machine
 * against 15 ms for the others, up to 1.4 s on a loaded one): the API key lookup, a rate-limit
 * bucket's first and second use ({@link RateLimiter#warmUp}), a segment's export budget reserved
 * and settled in a transaction rolled back ({@link org.leadport.jobs.ExportBudget#warmUp}), one
 * segment of the export path of a workspace without leads into nothing ({@link
 * org.leadport.export.Exporter#warmUp}) and a walk cursor signed and read back. Each loads its
 * classes, runs its code for the first time and gives the pooled connections their first
 * statements. Nothing is left in the database (the warm-up's bucket is deleted again) and no metric
 * but its own is counted.
 */
final class StartupWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(StartupWarmup.class);

  /** A workspace id no workspace has (real ones are {@code ws_} and 22 characters): no leads. */
  static final String NO_WORKSPACE = "ws_warmup";

  /** An API key secret of the right shape that no key has: its lookup finds nothing. */
  private static final String NO_KEY = "lp_warmup0000000000000000000000000000000000";

  private StartupWarmup() {}

  /**
   * Runs the warm-up on {@code services}' database and export pool.
   *
   * @return how long it took
   * @throws IllegalStateException when a part of it finds what it must not (a key, a lead)
   */
  static Duration run(Services services) {
    long started = System.nanoTime();
    if (services.apiKeys().authenticate(NO_KEY).isPresent()) {
      throw new IllegalStateException("the warm-up's unknown API key authenticated");
    }
    // A limiter of its own on the same pool: the same code and statements as the server's.
    new RateLimiter(
            services.database().dataSource(),
            services.clock(),
            services.settings().rateLimitPerMinute())
        .warmUp();
    services.exportJobs().budget().warmUp(NO_WORKSPACE);
    long rows = services.exporter().warmUp(NO_WORKSPACE, SyncExportRoutes.CAP);
    if (rows != 0) {
      throw new IllegalStateException("the warm-up's empty workspace exported " + rows + " rows");
    }
    cursorRoundTrip(services.settings().secret());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("Warmed up the sync export path in {} ms", took.toMillis());
    return took;
  }

  /** Signs a walk cursor as a segment's response does, and reads it back as the next request. */
  private static void cursorRoundTrip(byte[] secret) {
    // The same purpose as the route's (RouteTable), so the same classes and code run.
    KeysetCursor cursors = new KeysetCursor(secret, "leads.export");
    WalkPosition walk =
        new WalkPosition(
            new KeysetCursor.Position(Instant.EPOCH, "lead_warmup"),
            ChangePosition.ofSnapshot("1:1:"));
    String fingerprint = LeadFilter.NONE.fingerprint();
    String cursor = cursors.encodeWalk(walk, NO_WORKSPACE, fingerprint);
    WalkPosition back;
    try {
      back = cursors.decodeWalk(cursor, NO_WORKSPACE, fingerprint, "cursor");
    } catch (LeadportException e) {
      throw new IllegalStateException("the warm-up's walk cursor did not read back", e);
    }
    // Records compare their arrays by identity (a change position's running xids): the keyset.
    if (!java.util.Objects.equals(walk.keyset(), back.keyset())) {
      throw new IllegalStateException("the warm-up's walk cursor read back as " + back.keyset());
    }
  }
}
