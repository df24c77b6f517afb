package org.leadport.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * An embedded PostgreSQL of one test's own, on a fixed port and data directory, which the test
 * stops and starts again (a restart, as an operator's or a crash's) and whose backends it can
 * terminate: the shared {@link TestDatabase} must never be restarted. Not thread-safe.
 */
public final class ControlledPostgres implements AutoCloseable {
  private final Path dir;
  private final int port;
  private EmbeddedPostgres pg;

  private ControlledPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** A new cluster on a free port, started. */
  public static ControlledPostgres start() {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ControlledPostgres c =
          new ControlledPostgres(Files.createTempDirectory("controlled-pg"), port);
      c.up();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the stopped server again on the same port and data. */
  public void up() {
    try {
      pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("max_connections", "100")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
    }
  }

  /** Stops the server (fast shutdown: every backend is terminated) and keeps its data. */
  public void down() {
    try {
      pg.close();
      pg = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), "postgres", "");
  }

  /**
   * Terminates the backends of Leadport's statements waiting for a lock (as a restart would end
   * them, with the same error); returns how many.
   */
  public int terminateLeadportWaiting() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where application_name like 'leadport%' and wait_event_type = 'Lock'")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Waits until a Leadport statement waits for a lock (a table a test holds locked). */
  public void awaitLeadportWaitingForLock(Duration within) throws SQLException {
    Instant until = Instant.now().plus(within);
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from pg_stat_activity where application_name like 'leadport%'"
                    + " and wait_event_type = 'Lock'")) {
      while (Instant.now().isBefore(until)) {
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        sleep(20);
      }
    }
    throw new AssertionError("no Leadport statement waited for a lock within " + within);
  }

  /** How many of Leadport's backends are running a statement now. */
  public int activeLeadportStatements() throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*) from pg_stat_activity where application_name like 'leadport%'"
                    + " and state = 'active' and pid <> pg_backend_pid()")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (pg != null) {
        pg.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temp directory is no test failure.
      }
    }
  }
}
