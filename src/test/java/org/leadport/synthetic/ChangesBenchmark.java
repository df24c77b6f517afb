package org.leadport.synthetic;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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
 * What the change log costs and gives (docs/changes.md), on one embedded PostgreSQL, side by side
 * in one run, each side in a fresh database: the seed of N leads with the change triggers disabled
 * and enabled, a loop of single-lead writes (a lead with two contacts inserted, then updated, each
 * its own transaction) both ways, and the change feed read from the start at N changes. A main, not
 * a test: it measures, it does not assert.
 */
public final class ChangesBenchmark {
  private static final String[] TABLES = {
    "leads", "contacts", "opportunities", "activities", "addresses", "list_members"
  };
  private static final int WRITES = 2_000;
  private static final int PAGE = 1_000;

  private ChangesBenchmark() {}

  public static void main(String[] args) throws IOException, SQLException {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path dir = Files.createTempDirectory("leadport-changes-bench");
    try (Database server = Database.embedded(dir.resolve("pg"), Duration.ofHours(1))) {
      String url = server.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
      for (int round = 1; round <= rounds; round++) {
        // Alternate the order, so that neither side always runs on a warmer server.
        boolean[] order =
            round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false};
        double[] seed = new double[2];
        double[] seedCpu = new double[2];
        double[] writes = new double[2];
        double[] writesCpu = new double[2];
        for (boolean triggers : order) {
          // Each side in a database of its own, fresh: the second seed must not pay for the
          // first one's rows (bigger indexes, less of them cached) and look like the triggers.
          String name = "bench_" + round + (triggers ? "_with" : "_without");
          server.jdbi().useHandle(h -> h.execute("create database " + name));
          try (Database db =
              Database.external(
                  url.replace("/postgres", "/" + name), "postgres", "", Duration.ofHours(1))) {
            Jdbi jdbi = db.jdbi();
            String ws = workspace(jdbi);
            triggers(jdbi, triggers);
            int side = triggers ? 1 : 0;
            double cpu = postgresCpu(dir.resolve("pg"));
            long started = System.nanoTime();
            // Through the triggers on both sides: replica mode would skip them on both.
            SyntheticData.seed(jdbi, ws, leads, 42L + round, SyntheticWriter.Mode.TRIGGERS);
            seed[side] = seconds(started);
            seedCpu[side] = postgresCpu(dir.resolve("pg")) - cpu;
            jdbi.useHandle(h -> h.execute("vacuum analyze"));
            cpu = postgresCpu(dir.resolve("pg"));
            started = System.nanoTime();
            singleWrites(jdbi, ws);
            writes[side] = seconds(started);
            writesCpu[side] = postgresCpu(dir.resolve("pg")) - cpu;
            if (triggers) {
              feed(jdbi, ws);
            }
          }
          server.jdbi().useHandle(h -> h.execute("drop database " + name));
        }
        System.out.printf(
            "round %d: seed of %d leads %.1f s without the change log, %.1f s with it (%+.1f %%),"
                + " PostgreSQL CPU %.1f s and %.1f s (%+.1f %%); %d single writes %.2f s without,"
                + " %.2f s with (%+.1f %%), PostgreSQL CPU %.2f s and %.2f s (%+.1f %%)%n",
            round,
            leads,
            seed[0],
            seed[1],
            100 * (seed[1] / seed[0] - 1),
            seedCpu[0],
            seedCpu[1],
            100 * (seedCpu[1] / seedCpu[0] - 1),
            2 * WRITES,
            writes[0],
            writes[1],
            100 * (writes[1] / writes[0] - 1),
            writesCpu[0],
            writesCpu[1],
            100 * (writesCpu[1] / writesCpu[0] - 1));
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

  /** A fresh workspace row, for a benchmark's leads. */
  static String workspace(Jdbi jdbi) {
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

  /**
   * CPU seconds (user and system) the embedded server in {@code pgDir} has used so far: its
   * postmaster's, including the children it has reaped, and its live children's. Steadier than wall
   * time on a machine that is not idle.
   */
  static double postgresCpu(Path pgDir) throws IOException {
    String postmaster = Files.readAllLines(pgDir.resolve("postmaster.pid")).get(0).trim();
    double ticks = 100; // USER_HZ, 100 on Linux
    double total = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String pid = p.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] f;
        try {
          String stat = Files.readString(p.resolve("stat"));
          f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
          continue; // the process ended meanwhile
        }
        // After "pid (comm) ": state, ppid, …; utime, stime, cutime, cstime are the 12th to 15th.
        boolean self = pid.equals(postmaster);
        if (self || f[1].equals(postmaster)) {
          total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          if (self) {
            total += Long.parseLong(f[13]) + Long.parseLong(f[14]);
          }
        }
      }
    }
    return total / ticks;
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
