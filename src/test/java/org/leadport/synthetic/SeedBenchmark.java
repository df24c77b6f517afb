package org.leadport.synthetic;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import org.jdbi.v3.core.Jdbi;
import org.leadport.model.Ids;
import org.leadport.store.Database;

/**
 * Seeds N synthetic leads (default 1,000,000) into a fresh embedded PostgreSQL and prints the
 * throughput. A main rather than a test: it takes minutes and measures, it does not assert.
 *
 * <p>Besides wall time it prints the CPU time of the JVM and of PostgreSQL, because on a shared
 * machine other processes inflate the wall time but hardly the CPU time.
 */
public final class SeedBenchmark {
  private SeedBenchmark() {}

  public static void main(String[] args) throws IOException {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("leadport-seed-bench");
    Path pgDir = dir.resolve("pg");
    try (Database db = Database.embedded(pgDir)) {
      Jdbi jdbi = db.jdbi();
      String ws = Ids.workspace();
      Timestamp now = Timestamp.from(Instant.now());
      jdbi.useHandle(h ->
          h.createUpdate(
                  "insert into workspaces (id, name, status, created_at, updated_at)"
                      + " values (:id, :name, 'active', :now, :now)")
              .bind("id", ws)
              .bind("name", "bench-" + ws)
              .bind("now", now)
              .execute());
      double pgBefore = postgresCpuSeconds(pgDir);
      double jvmBefore = jvmCpuSeconds();
      SyntheticData.Result r = SyntheticData.seed(jdbi, ws, leads, 42L);
      double pgCpu = postgresCpuSeconds(pgDir) - pgBefore;
      double jvmCpu = jvmCpuSeconds() - jvmBefore;
      long rows = r.leads() + r.contacts() + r.opportunities() + r.activities() + r.addresses();
      double seconds = r.millis() / 1000.0;
      System.out.printf(
          "%s%n%d rows in %.1f s: %.0f rows/s, %.0f leads/s%n"
              + "CPU: PostgreSQL %.1f s, JVM %.1f s; load average now %.1f%n",
          r.toJson(),
          rows,
          seconds,
          rows / seconds,
          r.leads() / seconds,
          pgCpu,
          jvmCpu,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.println("server: " + query(jdbi, SERVER_STATS));
    } finally {
      deleteTree(dir);
    }
  }

  private static final String SERVER_STATS =
      """
      select pg_size_pretty(pg_database_size(current_database())) as database_size,
             (select datcollate from pg_database where datname = current_database()) as collation,
             pg_size_pretty(w.wal_bytes) as wal, w.wal_fpi as full_page_images,
             c.num_timed + c.num_requested as checkpoints
      from pg_stat_wal w, pg_stat_checkpointer c
      """;

  private static Object query(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapToMap().one());
  }

  private static double jvmCpuSeconds() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1e9
        : Double.NaN;
  }

  /**
   * CPU time of the postmaster and its live children (backends and background processes), read from
   * /proc; NaN where there is no /proc. Clock ticks are taken to be 100 Hz, Linux's USER_HZ.
   */
  private static double postgresCpuSeconds(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile) || !Files.isDirectory(Path.of("/proc"))) {
      return Double.NaN;
    }
    String postmaster = Files.readAllLines(pidFile).get(0).trim();
    long ticks = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String stat;
        try {
          stat = Files.readString(p.resolve("stat"));
        } catch (NoSuchFileException exited) {
          // Gone between listing and reading: it was not one of ours still running anyway.
          continue;
        }
        // Fields after the parenthesised command name: state ppid ... utime (12) stime (13).
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f[1].equals(postmaster) || p.getFileName().toString().equals(postmaster)) {
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    }
    return ticks / 100.0;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
