package org.leadport.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.leadport.store.Database;

/**
 * One PostgreSQL per test JVM: embedded by default, or the server named by {@code
 * LEADPORT_TEST_DB_URL} (with {@code LEADPORT_TEST_DB_USER} / {@code LEADPORT_TEST_DB_PASSWORD}).
 * Tests isolate themselves with a fresh database each, never by restarting the server.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres embedded;

  private TestDatabase() {}

  /** True when the tests run against an external server. */
  public static boolean external() {
    String url = System.getenv("LEADPORT_TEST_DB_URL");
    return url != null && !url.isBlank();
  }

  /** A new, migrated, empty database; the caller closes it. */
  public static Database fresh() {
    String name = "lp_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return Database.external(jdbcUrl(name), user(), password());
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
