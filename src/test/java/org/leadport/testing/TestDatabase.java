package org.leadport.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.leadport.store.Database;

/**
 * One PostgreSQL per test JVM: embedded by default, or the server named by {@code
 * LEADPORT_TEST_DB_URL} (with {@code LEADPORT_TEST_DB_USER} / {@code LEADPORT_TEST_DB_PASSWORD}).
 * Tests isolate themselves with a fresh database each, never by restarting the server.
 *
 * <p>On an external server, which outlives every test JVM, each JVM drops the databases it created
 * when it exits, and at its first database drops those that earlier JVMs left (killed before their
 * exit ran) once they are stale: older than {@link #STALE} by the time in their name, or of the
 * name before times were in it whose JVM is gone, and never one that has a connection.
 */
public final class TestDatabase {
  /** How old a database left by another JVM must be before it is dropped. */
  static final Duration STALE = Duration.ofDays(1);

  /** {@code lp_test_<pid>_<epoch second>_<n>}, or {@code lp_test_<pid>_<n>} of before. */
  static final Pattern NAME = Pattern.compile("lp_test_(\\d+)_(?:(\\d{10})_)?\\d+");

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final long STARTED = System.currentTimeMillis() / 1000;
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
  private static boolean swept;
  private static EmbeddedPostgres embedded;

  private TestDatabase() {}

  /** True when the tests run against an external server. */
  public static boolean external() {
    String url = System.getenv("LEADPORT_TEST_DB_URL");
    return url != null && !url.isBlank();
  }

  /** A new, migrated, empty database; the caller closes it. */
  public static Database fresh() {
    if (external()) {
      sweepOnce();
    }
    String name =
        "lp_test_"
            + ProcessHandle.current().pid()
            + "_"
            + STARTED
            + "_"
            + COUNTER.incrementAndGet();
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    CREATED.add(name);
    return Database.external(jdbcUrl(name), user(), password());
  }

  /**
   * Whether database {@code name}, which no one is connected to, was left by a test JVM and may go:
   * its time is older than {@link #STALE}, or (a name without a time) its JVM is no longer running
   * on this host. A name of another shape is never a test's.
   */
  static boolean stale(String name, long nowSecond, boolean pidAlive) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return false;
    }
    if (m.group(2) == null) {
      return !pidAlive;
    }
    return nowSecond - Long.parseLong(m.group(2)) > STALE.toSeconds();
  }

  /**
   * Once per JVM, before its first database: starts dropping what killed test JVMs left on the
   * external server, and from then on drops this JVM's own databases when it exits.
   */
  private static synchronized void sweepOnce() {
    if (swept) {
      return;
    }
    swept = true;
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropCreated, "lp-test-db-drop"));
    // In the background: hundreds of leftovers take minutes to drop, which no test should wait for.
    Thread.ofPlatform().daemon().name("lp-test-db-sweep").start(TestDatabase::dropStale);
  }

  /** Drops the stale databases of killed test JVMs that no one is connected to. */
  private static void dropStale() {
    long now = System.currentTimeMillis() / 1000;
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      List<String> stale = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select datname from pg_database d where datname like 'lp\\_test\\_%'"
                  + " and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)")) {
        while (rs.next()) {
          String name = rs.getString(1);
          Matcher m = NAME.matcher(name);
          boolean alive = m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isPresent();
          if (stale(name, now, alive)) {
            stale.add(name);
          }
        }
      }
      for (String name : stale) {
        try {
          // Without force: a JVM that connected since the check keeps its database.
          s.execute("drop database if exists " + name);
        } catch (SQLException e) {
          System.err.println("test databases: " + name + " kept: " + e.getMessage());
        }
      }
    } catch (SQLException e) {
      // Housekeeping only: the tests run whether or not old databases could be dropped.
      System.err.println("test databases: stale ones not dropped: " + e.getMessage());
    }
  }

  /** At exit: drops the databases this JVM created, closing whatever is still connected. */
  private static void dropCreated() {
    if (CREATED.isEmpty()) {
      return;
    }
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      for (String name : CREATED) {
        s.execute("drop database if exists " + name + " with (force)");
      }
    } catch (SQLException e) {
      System.err.println("test databases: not all dropped at exit: " + e.getMessage());
    }
  }

  /**
   * A data source for {@code db} whose connections wait for the WAL flush at commit ({@code
   * synchronous_commit = on}), where the test cluster by default does not (zonky's): a write made
   * under {@code off} by the code tested can then be told apart by a trigger recording the setting.
   */
  public static org.postgresql.ds.PGSimpleDataSource flushWaiting(Database db) {
    String name =
        db.jdbi()
            .withHandle(h -> h.createQuery("select current_database()").mapTo(String.class).one());
    org.postgresql.ds.PGSimpleDataSource waiting = new org.postgresql.ds.PGSimpleDataSource();
    waiting.setURL(jdbcUrl(name));
    waiting.setUser(user());
    waiting.setPassword(password());
    waiting.setOptions("-c synchronous_commit=on");
    return waiting;
  }

  /**
   * Makes {@code h}'s database count the export budget's writes: every insert or update of {@code
   * export_usage} draws from the sequence {@code budget_writes}. A sequence is not rolled back, so
   * the writes of a transaction that was (the budget's warm-up) still show in it.
   */
  public static void countBudgetWrites(Handle h) {
    h.execute(
        """
        create sequence budget_writes;
        create function budget_writes() returns trigger language plpgsql as $$
        begin
          perform nextval('budget_writes');
          return new;
        end $$;
        create trigger budget_writes before insert or update on export_usage
          for each row execute function budget_writes();
        """);
  }

  /**
   * Waits (up to 10 s, then fails) until {@code n} sessions of {@code jdbi}'s database wait on a
   * lock: a test of two writers lets the first commit only once the second is blocked on it.
   */
  public static void awaitLockWaiters(org.jdbi.v3.core.Jdbi jdbi, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (jdbi.withHandle(
            h ->
                h.createQuery(
                        "select count(*) from pg_stat_activity where datname = current_database()"
                            + " and wait_event_type = 'Lock'")
                    .mapTo(Long.class)
                    .one())
        < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(n + " sessions did not wait on a lock within 10 s");
      }
      Thread.sleep(10);
    }
  }

  /** The JDBC URL of database {@code name} on the test server. */
  public static String jdbcUrl(String name) {
    if (external()) {
      return System.getenv("LEADPORT_TEST_DB_URL").replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
    }
    return embedded().getJdbcUrl("postgres", name);
  }

  public static String user() {
    return external()
        ? System.getenv().getOrDefault("LEADPORT_TEST_DB_USER", "postgres")
        : "postgres";
  }

  public static String password() {
    return external() ? System.getenv().getOrDefault("LEADPORT_TEST_DB_PASSWORD", "") : "";
  }

  private static Connection adminConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
  }

  private static synchronized EmbeddedPostgres embedded() {
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL for tests", e);
      }
    }
    return embedded;
  }
}
