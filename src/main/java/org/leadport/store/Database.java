package org.leadport.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL Leadport runs on: either an embedded server it starts itself (data kept under a
 * directory across restarts) or an external one named by a JDBC URL. Migrated with Flyway on open.
 * Thread-safe; close it once on shutdown.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** The default longest run of one statement (LEADPORT_STATEMENT_TIMEOUT). */
  public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long a caller waits for a pooled connection: while PostgreSQL is down (or every connection
   * busy) a request fails after this with a 503, instead of hanging for Hikari's default 30 s.
   */
  static final Duration CONNECTION_WAIT = Duration.ofSeconds(5);

  private final @Nullable EmbeddedPostgres embedded;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(@Nullable EmbeddedPostgres embedded, HikariDataSource dataSource) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Starts an embedded PostgreSQL with its data in {@code dataDir} (created on first use, reused
   * afterwards) and connects to it.
   */
  public static Database embedded(Path dataDir) {
    return embedded(dataDir, STATEMENT_TIMEOUT);
  }

  /** {@link #embedded(Path)} with statements cut after {@code statementTimeout}. */
  public static Database embedded(Path dataDir, Duration statementTimeout) {
    EmbeddedPostgres pg = startEmbedded(dataDir);
    try {
      String url = pg.getJdbcUrl("postgres", "postgres");
      return open(pg, url, "postgres", "", statementTimeout);
    } catch (RuntimeException e) {
      closeQuietlyAfterFailure(pg, e);
      throw e;
    }
  }

  /** Connects to an external PostgreSQL server. */
  public static Database external(String jdbcUrl, String user, String password) {
    return external(jdbcUrl, user, password, STATEMENT_TIMEOUT);
  }

  /**
   * {@link #external(String, String, String)} with statements cut after {@code statementTimeout}.
   */
  public static Database external(
      String jdbcUrl, String user, String password, Duration statementTimeout) {
    return open(null, jdbcUrl, user, password, statementTimeout);
  }

  /**
   * Connects read-only to a streaming replica of the primary, for exports: no migration (a replica
   * takes the primary's schema), every connection read-only, at most {@code size} of them.
   */
  public static Database replica(
      String jdbcUrl, String user, String password, Duration statementTimeout, int size) {
    HikariConfig config = config(jdbcUrl, user, password, "leadport-read", statementTimeout);
    config.setReadOnly(true);
    config.setMaximumPoolSize(size);
    return new Database(null, new HikariDataSource(config));
  }

  /**
   * A pool of its own on the same server, of at most {@code size} connections, that exports read
   * through: however many exports run, and however slowly their clients read, they never take the
   * connections every other request (and {@code /healthz}) is served with. Kept open like the main
   * pool's, so an export does not wait for new PostgreSQL backends to start; its statements have
   * the main pool's timeout.
   */
  public Database exportPool(int size) {
    HikariConfig config =
        config(
            dataSource.getJdbcUrl(),
            dataSource.getUsername(),
            dataSource.getPassword(),
            "leadport-export",
            STATEMENT_TIMEOUT);
    config.setConnectionInitSql(dataSource.getConnectionInitSql());
    config.setMaximumPoolSize(size);
    return new Database(null, new HikariDataSource(config));
  }

  /**
   * Starts an embedded server without connecting to it (tests create databases inside it).
   *
   * @throws EmbeddedPostgresHost.Unsupported when this jar has no binaries for the host
   */
  public static EmbeddedPostgres startEmbedded(Path dataDir) {
    EmbeddedPostgresHost.requireSupported();
    try {
      Files.createDirectories(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
      LOG.info("{} embedded PostgreSQL in {}", fresh ? "Creating" : "Starting", dataDir);
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          // Our own shutdown sequence stops it after the HTTP server and the pool.
          .setRegisterShutdownHook(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("max_connections", "200")
          // A bulk load's random B-tree inserts (every index of five tables keyed by random ids)
          // miss the cache once the indexes outgrow it: at 256 MB a seed of 300,000 leads read
          // 620,000 pages back from the OS and cost PostgreSQL 8 % more CPU than at 1 GB, which
          // holds them (bench/log, issue 18). Reserved, not allocated: an idle server touches few.
          .setServerConfig("shared_buffers", "1GB")
          .setServerConfig("fsync", "on")
          // Bulk loads (seeding a million leads) otherwise checkpoint every few seconds and write
          // most pages to the WAL twice.
          .setServerConfig("max_wal_size", "4GB")
          .setServerConfig("checkpoint_timeout", "15min")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
    }
  }

  private static Database open(
      @Nullable EmbeddedPostgres embedded,
      String jdbcUrl,
      String user,
      String password,
      Duration statementTimeout) {
    HikariDataSource ds =
        new HikariDataSource(config(jdbcUrl, user, password, "leadport", statementTimeout));
    try {
      migrate(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(embedded, ds);
  }

  private static HikariConfig config(
      String jdbcUrl, String user, String password, String name, Duration statementTimeout) {
    HikariConfig config = new HikariConfig();
    // Every statement on every connection is cut after the request timeout; the long kinds (an
    // export segment, a whole export) raise it for their own transaction (set local).
    config.setConnectionInitSql("set statement_timeout = " + statementTimeout.toMillis());
    config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(20);
    config.setPoolName(name);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", name);
    return config;
  }

  /** Brings the schema of {@code dataSource} up to date. */
  public static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** True when the database answers a trivial query. */
  public boolean healthy() {
    try {
      return jdbi.withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      LOG.warn("database health check failed", e);
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
      }
    }
  }

  private static void closeQuietlyAfterFailure(EmbeddedPostgres pg, RuntimeException cause) {
    try {
      pg.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
