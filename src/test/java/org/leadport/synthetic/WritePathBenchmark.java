package org.leadport.synthetic;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.leadport.json.Json;
import org.leadport.model.Ids;
import org.leadport.store.Database;
import org.leadport.store.ExportProjection;
import org.leadport.store.Lead;
import org.leadport.store.LeadRepository;

/**
 * What the export projection costs the write path (issue 18: at most 25 % over the writes before
 * it), side by side in one run on one embedded PostgreSQL, each side in a fresh database: the
 * schema of migration V17 (before the projection; its nine columns added as plain columns, so that
 * today's {@link LeadRepository} can write there, but no triggers) against the current schema, both
 * written by the current {@link LeadRepository}: a bulk insert of 1,000 leads, single creates,
 * single updates (the lead and its contacts replaced) and activities appended one by one (the
 * lead's activities replaced by one more, as the API writes them). With a fifth argument 20 the
 * "before" side is V20's schema instead (the projection, no {@code lead_items}): what V21 costs.
 * Each lead has two contacts (two emails, one phone each) and one address, on a background of
 * synthetic leads. Prints median wall times and PostgreSQL CPU per side. A main, not a test: it
 * measures, it does not assert.
 */
public final class WritePathBenchmark {
  private static final int BULK = 1_000;

  /** Activities appended to one lead, one by one, before the next lead's. */
  private static final int ACTIVITIES = 10;

  private WritePathBenchmark() {}

  /**
   * Timings of one side: milliseconds per operation (median), PostgreSQL CPU seconds of the bulks
   * and of the single writes.
   */
  private record Side(
      double bulkMs,
      double createMs,
      double updateMs,
      double appendMs,
      double bulkCpuS,
      double singleCpuS,
      double appendCpuS) {}

  public static void main(String[] args) throws IOException, SQLException {
    int singles = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int bulks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int background = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    // The schema of the "before" side: 17 (before the export projection) or 20 (before lead_items,
    // V21); the current code writes both (see below).
    int base = args.length > 4 ? Integer.parseInt(args[4]) : 17;
    Path dir = Files.createTempDirectory("leadport-write-bench");
    Path pgDir = dir.resolve("pg");
    try (Database server = Database.embedded(pgDir, Duration.ofHours(1))) {
      String url =
          server.dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getJdbcUrl();
      for (int round = 1; round <= rounds; round++) {
        // Alternate the order, so that neither side always runs on a warmer server.
        boolean[] order =
            round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false};
        Side[] sides = new Side[2];
        for (boolean head : order) {
          String name = "write_" + round + (head ? "_head" : "_v" + base);
          server.jdbi().useHandle(h -> h.execute("create database " + name));
          // A pool, as the server has: a connection per write would time PostgreSQL's backend
          // start-up, not the write.
          HikariConfig config = new HikariConfig();
          config.setJdbcUrl(url.replace("/postgres", "/" + name));
          config.setUsername("postgres");
          config.setMaximumPoolSize(2);
          config.addDataSourceProperty("reWriteBatchedInserts", "true"); // as Database's pool
          // The commits' WAL flushes are the disk's latency (hundreds of ms on a shared machine),
          // the same on both sides: without them the figures are the writes' own work.
          server
              .jdbi()
              .useHandle(
                  h -> h.execute("alter database " + name + " set synchronous_commit = off"));
          HikariDataSource ds = new HikariDataSource(config);
          Flyway.configure()
              .dataSource(ds)
              .locations("classpath:db/migration")
              .target(head ? "latest" : Integer.toString(base))
              .load()
              .migrate();
          Jdbi jdbi = Jdbi.create(ds);
          if (!head && base < 19) {
            jdbi.useHandle(h -> {
              for (String column : ExportProjection.COLUMNS) {
                h.execute("alter table leads add column " + column + " text");
              }
            });
          }
          if (!head) {
            // Before V21 there are no lead_items to write: the current code's call does nothing,
            // and the rows the seed and the API's writers render themselves are discarded before
            // they are stored (a trigger returning null), so "before" pays for none of it.
            jdbi.useHandle(h -> {
              h.execute(
                  "create function lead_items_write(text[], boolean, boolean, boolean,"
                      + " boolean) returns void language sql as ''");
              h.execute(
                  "create table lead_items (lead_id text primary key, contacts text[],"
                      + " opportunities text[], activities text[], addresses text[])");
              h.execute(
                  "create function lead_items_discard() returns trigger language plpgsql"
                      + " as 'begin return null; end'");
              h.execute(
                  "create trigger lead_items_discard before insert or update on lead_items"
                      + " for each row execute function lead_items_discard()");
            });
          }
          String ws = ChangesBenchmark.workspace(jdbi);
          SyntheticData.seed(jdbi, ws, background, 42L);
          jdbi.useHandle(h -> h.execute("vacuum analyze"));
          sides[head ? 1 : 0] = measure(new LeadRepository(jdbi), ws, singles, bulks, pgDir);
          ds.close();
          server.jdbi().useHandle(h -> h.execute("drop database " + name));
        }
        System.out.printf(
            "round %d (%s first): bulk of %d %.1f / %.1f ms (%+.0f %%), create %.2f / %.2f ms"
                + " (%+.0f %%), update %.2f / %.2f ms (%+.0f %%), activity appended %.2f / %.2f ms"
                + " (%+.0f %%); PostgreSQL CPU of the bulks %.2f / %.2f s (%+.0f %%), of the"
                + " single writes %.2f / %.2f s (%+.0f %%), of the appends %.2f / %.2f s (%+.0f %%)"
                + "  [V%d / head]%n",
            round,
            order[0] ? "head" : "V" + base,
            BULK,
            sides[0].bulkMs,
            sides[1].bulkMs,
            pct(sides[0].bulkMs, sides[1].bulkMs),
            sides[0].createMs,
            sides[1].createMs,
            pct(sides[0].createMs, sides[1].createMs),
            sides[0].updateMs,
            sides[1].updateMs,
            pct(sides[0].updateMs, sides[1].updateMs),
            sides[0].appendMs,
            sides[1].appendMs,
            pct(sides[0].appendMs, sides[1].appendMs),
            sides[0].bulkCpuS,
            sides[1].bulkCpuS,
            pct(sides[0].bulkCpuS, sides[1].bulkCpuS),
            sides[0].singleCpuS,
            sides[1].singleCpuS,
            pct(sides[0].singleCpuS, sides[1].singleCpuS),
            sides[0].appendCpuS,
            sides[1].appendCpuS,
            pct(sides[0].appendCpuS, sides[1].appendCpuS),
            base);
        System.out.printf(
            "write_path base=V%d bulk_pct=%.0f create_pct=%.0f update_pct=%.0f append_pct=%.0f"
                + " bulk_cpu_pct=%.0f single_cpu_pct=%.0f append_cpu_pct=%.0f%n",
            base,
            pct(sides[0].bulkMs, sides[1].bulkMs),
            pct(sides[0].createMs, sides[1].createMs),
            pct(sides[0].updateMs, sides[1].updateMs),
            pct(sides[0].appendMs, sides[1].appendMs),
            pct(sides[0].bulkCpuS, sides[1].bulkCpuS),
            pct(sides[0].singleCpuS, sides[1].singleCpuS),
            pct(sides[0].appendCpuS, sides[1].appendCpuS));
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Side measure(LeadRepository repo, String ws, int singles, int bulks, Path pgDir)
      throws IOException {
    double cpu = ChangesBenchmark.postgresCpu(pgDir);
    double[] bulk = new double[bulks];
    for (int i = 0; i < bulks; i++) {
      List<Lead> leads = new ArrayList<>(BULK);
      for (int j = 0; j < BULK; j++) {
        leads.add(lead(ws, Ids.lead(), i * BULK + j));
      }
      long started = System.nanoTime();
      repo.insertAll(leads);
      bulk[i] = millis(started);
    }
    double bulkCpu = ChangesBenchmark.postgresCpu(pgDir) - cpu;
    cpu = ChangesBenchmark.postgresCpu(pgDir);
    double[] create = new double[singles];
    List<String> created = new ArrayList<>(singles);
    for (int i = 0; i < singles; i++) {
      Lead lead = lead(ws, Ids.lead(), i);
      long started = System.nanoTime();
      repo.insertAll(List.of(lead));
      create[i] = millis(started);
      created.add(lead.id());
    }
    double[] update = new double[singles];
    for (int i = 0; i < singles; i++) {
      Lead lead = lead(ws, created.get(i), i + 1);
      long started = System.nanoTime();
      repo.update(lead, Set.of(LeadRepository.Part.CONTACTS));
      update[i] = millis(started);
    }
    double singleCpu = ChangesBenchmark.postgresCpu(pgDir) - cpu;
    // An activity appended, as the API does it: the lead's activities replaced by the old ones
    // and one more (the lead grows to ACTIVITIES of them over the round).
    cpu = ChangesBenchmark.postgresCpu(pgDir);
    double[] append = new double[singles];
    List<Lead.Activity> activities = new ArrayList<>();
    for (int i = 0; i < singles; i++) {
      if (i % ACTIVITIES == 0) {
        activities.clear();
      }
      activities.add(
          new Lead.Activity(
              Ids.activity(),
              "call",
              Instant.now(),
              "outbound",
              60,
              "Call " + i,
              "Talked about the offer, " + i));
      Lead lead = lead(ws, created.get(i / ACTIVITIES), i, List.copyOf(activities));
      long started = System.nanoTime();
      repo.update(lead, Set.of(LeadRepository.Part.ACTIVITIES));
      append[i] = millis(started);
    }
    return new Side(
        median(bulk),
        median(create),
        median(update),
        median(append),
        bulkCpu,
        singleCpu,
        ChangesBenchmark.postgresCpu(pgDir) - cpu);
  }

  /** A lead as the native API writes one: two contacts, one address, {@code n} varies them. */
  private static Lead lead(String ws, String id, int n) {
    return lead(ws, id, n, List.of());
  }

  private static Lead lead(String ws, String id, int n, List<Lead.Activity> activities) {
    Instant now = Instant.now();
    List<Lead.Contact> contacts = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      String name = "Person " + n + "-" + c;
      contacts.add(
          new Lead.Contact(
              Ids.contact(),
              name,
              null,
              null,
              "Buyer",
              List.of(
                  new Lead.Channel("p" + n + "-" + c + "@example.com", "office"),
                  new Lead.Channel("q" + n + "-" + c + "@example.com", "home")),
              List.of(new Lead.Channel("+1 555 " + n, "mobile")),
              List.of()));
    }
    Lead.Address address =
        new Lead.Address(
            Ids.address(), "business", n + " Main St", null, "Springfield", "IL", "62701", "US");
    return new Lead(
        id,
        ws,
        "Company " + n,
        "Company " + n,
        null,
        null,
        "https://example.com/" + n,
        null,
        null,
        null,
        null,
        Json.object(),
        contacts,
        List.of(),
        activities,
        List.of(address),
        now,
        now,
        null);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double pct(double before, double after) {
    return 100 * (after / before - 1);
  }

  private static double millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e6;
  }
}
