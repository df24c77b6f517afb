package org.leadport.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Seeds N synthetic leads (default 1,000,000) into a fresh embedded PostgreSQL and prints the
 * throughput. A main rather than a test: it takes minutes and measures, it does not assert.
 */
public final class SeedBenchmark {
  private SeedBenchmark() {}

  public static void main(String[] args) throws IOException {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("leadport-seed-bench");
    try (Database db = Database.embedded(dir.resolve("pg"))) {
      String ws = Ids.workspace();
      Timestamp now = Timestamp.from(Instant.now());
      db.jdbi()
          .useHandle(h ->
              h.createUpdate(
                      "insert into workspaces (id, name, status, created_at, updated_at)"
                          + " values (:id, :name, 'active', :now, :now)")
                  .bind("id", ws)
                  .bind("name", "bench-" + ws)
                  .bind("now", now)
                  .execute());
      String collation =
          db.jdbi()
              .withHandle(h ->
                  h.createQuery(
                          "select datcollate from pg_database"
                              + " where datname = current_database()")
                      .mapTo(String.class)
                      .one());
      System.out.println("database collation: " + collation);
      Path pgDir = dir.resolve("pg");
      double pgBefore = postgresCpuSeconds(pgDir);
      double jvmBefore = jvmCpuSeconds();
      SyntheticData.Result r = SyntheticData.seed(db.jdbi(), ws, leads, 42L);
      SyntheticData.XP.forEach((k, v) -> System.out.printf("%s %.1f s%n", k, v / 1e9));
      double pgCpu = postgresCpuSeconds(pgDir) - pgBefore;
      double jvmCpu = jvmCpuSeconds() - jvmBefore;
      long rows = r.leads() + r.contacts() + r.opportunities() + r.activities() + r.addresses();
      double seconds = r.millis() / 1000.0;
      System.out.printf(
          "%s%n%d rows in %.1f s: %.0f rows/s, %.0f leads/s; CPU: PostgreSQL %.1f s, JVM %.1f s"
              + " (other load on the machine inflates the wall time, not the CPU)%n",
          r.toJson(), rows, seconds, rows / seconds, r.leads() / seconds, pgCpu, jvmCpu);
      db.jdbi()
          .useHandle(h -> {
            System.out.println(
                "WAL: "
                    + h.createQuery(
                            "select wal_records, wal_fpi, pg_size_pretty(wal_bytes)"
                                + " from pg_stat_wal")
                        .mapToMap()
                        .one());
            System.out.println(
                "checkpoints: "
                    + h.createQuery(
                            "select num_timed, num_requested, buffers_written"
                                + " from pg_stat_checkpointer")
                        .mapToMap()
                        .one());
            System.out.println(
                "database size: "
                    + h.createQuery("select pg_size_pretty(pg_database_size(current_database()))")
                        .mapTo(String.class)
                        .one());
          });
    } finally {
      deleteTree(dir);
    }
  }

  private static double jvmCpuSeconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime() / 1e9
        : Double.NaN;
  }

  /**
   * CPU time of the postmaster's children (the backends and background processes) still alive, read
   * from /proc; NaN where that is not available. Clock ticks are assumed to be 100 Hz.
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
        } catch (IOException gone) {
          continue; // The process exited between listing and reading.
        }
        // Fields after the parenthesised command name: state ppid ... utime(12) stime(13).
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
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
