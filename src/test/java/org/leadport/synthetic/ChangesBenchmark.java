package org.leadport.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.leadport.model.Ids;
import org.leadport.query.ChangePosition;
import org.leadport.store.ChangeLog;
import org.leadport.store.Database;

/**
 * What the change log costs and gives (docs/changes.md), on a fresh embedded PostgreSQL, side by
 * side in one run: the seed of N leads with the change triggers disabled and enabled, a loop of
 * single-lead writes (a lead with two contacts inserted, then updated, each its own transaction)
 * both ways, and the change feed read from the start at N changes. A main, not a test: it measures,
 * it does not assert.
 */
public final class ChangesBenchmark {
  private static final String[] TABLES = {
    "leads", "contacts", "opportunities", "activities", "addresses", "list_members"
  };
  private static final int WRITES = 2_000;
  private static final int PAGE = 1_000;

  private ChangesBenchmark() {}

  public static void main(String[] args) throws IOException {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path dir = Files.createTempDirectory("leadport-changes-bench");
    try (Database db = Database.embedded(dir.resolve("pg"), Duration.ofHours(1))) {
      Jdbi jdbi = db.jdbi();
      for (int round = 1; round <= rounds; round++) {
        // Alternate the order, so that neither side always runs on a warmer (or fuller) server.
        boolean[] order =
            round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false};
        double[] seed = new double[2];
        double[] writes = new double[2];
        String withChanges = null;
        for (boolean triggers : order) {
          String ws = workspace(jdbi);
          triggers(jdbi, triggers);
          long started = System.nanoTime();
          SyntheticData.seed(jdbi, ws, leads, 42L + round);
          seed[triggers ? 1 : 0] = seconds(started);
          started = System.nanoTime();
          singleWrites(jdbi, ws);
          writes[triggers ? 1 : 0] = seconds(started);
          if (triggers) {
            withChanges = ws;
          }
          jdbi.useHandle(h -> h.execute("vacuum analyze"));
        }
        triggers(jdbi, true);
        System.out.printf(
            "round %d: seed of %d leads %.1f s without the change log, %.1f s with it (+%.1f %%);"
                + " %d single writes %.2f s without, %.2f s with (+%.1f %%)%n",
            round,
            leads,
            seed[0],
            seed[1],
            100 * (seed[1] / seed[0] - 1),
            2 * WRITES,
            writes[0],
            writes[1],
            100 * (writes[1] / writes[0] - 1));
        feed(jdbi, withChanges == null ? "" : withChanges);
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Reads the whole feed of {@code ws} from its start, a page of 1,000 at a time. */
  private static void feed(Jdbi jdbi, String ws) {
    ChangeLog log = new ChangeLog(jdbi, Duration.ofDays(90));
    ChangePosition at = log.earliest(ws);
    long read = 0;
    long started = System.nanoTime();
    while (true) {
      ChangeLog.Page page = log.page(ws, at, ChangeLog.ALL_LEADS, PAGE);
      read += page.changes().size();
      at = page.next();
      if (page.changes().size() < PAGE) {
        break;
      }
    }
    double s = seconds(started);
    System.out.printf(
        "feed: %d changes in %.2f s: %.0f changes/s (pages of %d)%n", read, s, read / s, PAGE);
    System.out.printf("changes_feed changes_per_s=%.0f changes=%d%n", read / s, read);
  }

  /**
   * A lead with two contacts inserted, then its name updated: two transactions, {@link #WRITES}
   * times.
   */
  private static void singleWrites(Jdbi jdbi, String ws) {
    try (Handle h = jdbi.open()) {
      for (int i = 0; i < WRITES; i++) {
        String lead = Ids.lead();
        Timestamp now = Timestamp.from(Instant.now());
        h.useTransaction(t -> {
          t.execute(
              "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
                  + " values (?, ?, 'Bench', ?, ?)",
              lead,
              ws,
              now,
              now);
          for (String contact : List.of(Ids.contact(), Ids.contact())) {
            t.execute(
                "insert into contacts (id, workspace_id, lead_id, position, created_at,"
                    + " updated_at) values (?, ?, ?, 0, ?, ?)",
                contact,
                ws,
                lead,
                now,
                now);
          }
        });
        h.useTransaction(t ->
            t.execute("update leads set name = 'Renamed', updated_at = ? where id = ?", now, lead));
      }
    }
  }

  private static void triggers(Jdbi jdbi, boolean enabled) {
    jdbi.useHandle(h -> {
      for (String table : TABLES) {
        h.execute("alter table " + table + (enabled ? " enable" : " disable") + " trigger user");
      }
    });
  }

  private static String workspace(Jdbi jdbi) {
    String ws = Ids.workspace();
    Timestamp now = Timestamp.from(Instant.now());
    jdbi.useHandle(h ->
        h.execute(
            "insert into workspaces (id, name, status, created_at, updated_at)"
                + " values (?, ?, 'active', ?, ?)",
            ws,
            "bench-" + ws,
            now,
            now));
    return ws;
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
