package org.leadport.synthetic;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.leadport.store.Database;

/**
 * The seed's ways of writing side by side (issue 18): on one embedded PostgreSQL with autovacuum
 * off, per variant named on the command line a fresh database, migrated, seeded with N leads
 * ({@code base}: triggers and foreign-key checks as any writer; {@code replica}: {@code
 * session_replication_role = replica}; {@code collc} in a name: the database's collation {@code C}
 * with ctype {@code C.UTF-8}), printing wall time and the server's CPU. A main, not a test. Usage:
 * {@code SeedVariantsBenchmark N variant...}, e.g. {@code 200000 base replica base replica}.
 */
public final class SeedVariantsBenchmark {
  private SeedVariantsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int leads = Integer.parseInt(args[0]);
    Path dir = Files.createTempDirectory("leadport-seed-variants");
    Path pgDir = dir.resolve("pg");
    try (Database server = Database.embedded(pgDir, Duration.ofHours(1))) {
      String url = server.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
      server
          .jdbi()
          .useHandle(h -> {
            h.execute("alter system set autovacuum = off");
            h.execute("select pg_reload_conf()");
          });
      int n = 0;
      for (int a = 1; a < args.length; a++) {
        String v = args[a];
        String name = "variant_" + n;
        n++;
        boolean collC = v.contains("collc");
        server
            .jdbi()
            .useHandle(h ->
                h.execute(
                    "create database "
                        + name
                        + (collC ? " template template0 lc_collate 'C' lc_ctype 'C.UTF-8'" : "")));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.replace("/postgres", "/" + name));
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        HikariDataSource ds = new HikariDataSource(config);
        Database.migrate(ds);
        Jdbi jdbi = Jdbi.create(ds);
        String ws = ChangesBenchmark.workspace(jdbi);
        server.jdbi().useHandle(h -> h.execute("checkpoint"));
        SyntheticWriter.Mode mode =
            v.contains("replica") ? SyntheticWriter.Mode.REPLICA : SyntheticWriter.Mode.TRIGGERS;
        double cpu0 = ChangesBenchmark.postgresCpu(pgDir);
        long t0 = System.nanoTime();
        SyntheticData.Result r = SyntheticData.seed(jdbi, ws, leads, 42L, mode);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = ChangesBenchmark.postgresCpu(pgDir) - cpu0;
        long changes =
            jdbi.withHandle(
                h -> h.createQuery("select count(*) from lead_changes").mapTo(Long.class).one());
        System.out.printf(
            "%-24s wall %.1f s, PostgreSQL CPU %.1f s; %s changes=%d; load %.1f%n",
            v,
            wall,
            cpu,
            r.toJson(),
            changes,
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        ds.close();
        server.jdbi().useHandle(h -> h.execute("drop database " + name));
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
