package org.leadport.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jspecify.annotations.Nullable;
import org.leadport.files.FileStore;
import org.leadport.files.FileStores;
import org.leadport.files.MonitoredFileStore;
import org.leadport.jobs.ExportJobHandler;
import org.leadport.jobs.JobSweeper;
import org.leadport.jobs.JobWorker;
import org.leadport.store.Database;
import org.leadport.store.StatementScope;
import org.leadport.webhooks.LeadEventDispatcher;
import org.leadport.webhooks.WebhookWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Leadport server process: database, services and HTTP server, started together and
 * stopped in reverse order (HTTP first, then the pool, then an embedded PostgreSQL).
 */
public final class Leadport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadport.class);

  private final Database database;

  /** The pool exports read through: of the replica, or a second pool of {@link #database}. */
  private final Database reads;

  private final Services services;
  private final HttpServer http;
  private final @Nullable JobWorker worker;
  private final JobSweeper sweeper;
  private final ChangeRetention retention;
  private final @Nullable WebhookWorker webhooks;
  private final @Nullable LeadEventDispatcher leadEvents;
  private boolean closed;

  private Leadport(
      Database database,
      Database reads,
      Services services,
      HttpServer http,
      @Nullable JobWorker worker,
      JobSweeper sweeper,
      ChangeRetention retention,
      @Nullable WebhookWorker webhooks,
      @Nullable LeadEventDispatcher leadEvents) {
    this.database = database;
    this.reads = reads;
    this.services = services;
    this.http = http;
    this.worker = worker;
    this.sweeper = sweeper;
    this.retention = retention;
    this.webhooks = webhooks;
    this.leadEvents = leadEvents;
  }

  /** Starts on the configured database: embedded unless {@code LEADPORT_DB_URL} is set. */
  public static Leadport start(Settings settings) {
    Resilience timeouts = settings.exports().resilience();
    Database db =
        settings.embeddedDatabase()
            ? Database.embedded(settings.postgresDir(), timeouts.statementTimeout())
            : Database.external(
                // Not embedded: a URL is set.
                Objects.requireNonNull(settings.dbUrl()),
                settings.dbUser(),
                settings.dbPassword(),
                timeouts.statementTimeout());
    return start(settings, db, Clock.systemUTC());
  }

  /**
   * Starts on an open database, which the returned server then owns and closes; exports read
   * through a pool of their own ({@code LEADPORT_EXPORT_CONNECTIONS}), of the replica when {@code
   * LEADPORT_DB_READ_URL} is set.
   */
  public static Leadport start(Settings settings, Database db, Clock clock) {
    Database reads = null;
    try {
      ExportSettings exports = settings.exports();
      FileStore files = files(settings);
      int exportConnections = exports.limits().exportConnections();
      if (settings.dbReadUrl() != null) {
        reads =
            Database.replica(
                settings.dbReadUrl(),
                settings.dbUser(),
                settings.dbPassword(),
                exports.resilience().statementTimeout(),
                exportConnections);
        LOG.info("Exports read from the replica at LEADPORT_DB_READ_URL");
      } else {
        // A pool of their own, so exports never take the connections other requests need.
        reads = db.exportPool(exportConnections);
      }
      // A request's statements on the main pool end when its client goes away (ClientDisconnects).
      db.jdbi().getConfig(SqlStatements.class).addCustomizer(StatementScope.CUSTOMIZER);
      Services services = Services.create(settings, db, reads, clock, files);
      // Before the server listens, so that it is ready (its port open, /healthz answering) only
      // once a first sync export segment costs no more than the next (issue 18).
      Duration warmUp = StartupWarmup.run(services);
      io.micrometer.core.instrument.TimeGauge.builder(
              "leadport.startup.warmup",
              warmUp,
              java.util.concurrent.TimeUnit.SECONDS,
              d -> d.toNanos() / 1e9)
          .description("How long the start-up warm-up of the sync export path took")
          .register(services.metrics());
      HttpServer http = HttpServer.start(services, settings.port());
      Consumer<String> emails = services.doneEmails(http.port());
      // Before any worker runs: every job end from here on queues its webhook events.
      services
          .jobs()
          .announceEnds(
              new ExportEvents(
                  services.webhooks().events(),
                  services.downloadLinks(),
                  services.exporter(),
                  "http://localhost:" + http.port()));
      JobWorker worker = null;
      if (exports.workers() > 0) {
        worker =
            new JobWorker(
                    services.jobs(),
                    files,
                    new ExportJobHandler(
                        services.exporter(), services.exportJobs().budget(), exports.parts()),
                    owner(),
                    exports.lease(),
                    Duration.ofMillis(500),
                    exports.workers(),
                    emails)
                .metrics(services.exportMetrics())
                .retries(exports.resilience().jobAttempts(), exports.resilience().retryBackoff())
                .start();
      }
      JobSweeper sweeper =
          new JobSweeper(services.housekeeping(), files, exports.retention(), clock, emails)
              .start(Duration.ofMinutes(1));
      ChangeRetention retention =
          new ChangeRetention(services.changes(), clock).start(Duration.ofMinutes(10));
      WebhookWorker webhooks = webhookWorker(settings, services, clock);
      // Nodes that deliver webhooks also turn the change feed into lead.* deliveries.
      LeadEventDispatcher leadEvents =
          webhooks == null
              ? null
              : new LeadEventDispatcher(
                      db.jdbi(), services.changes(), services.webhooks().events(), clock)
                  .start(Duration.ofSeconds(1));
      return new Leadport(
          db, reads, services, http, worker, sweeper, retention, webhooks, leadEvents);
    } catch (IOException e) {
      closeBoth(db, reads);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeBoth(db, reads);
      throw e;
    }
  }

  /** This node's webhook delivery threads, or null with {@code LEADPORT_WEBHOOK_WORKERS=0}. */
  private static @Nullable WebhookWorker webhookWorker(
      Settings settings, Services services, Clock clock) {
    WebhookSettings config = settings.webhooks();
    if (config.workers() == 0) {
      return null;
    }
    Services.Webhooks parts = services.webhooks();
    return new WebhookWorker(
            parts.queue(),
            parts.destinations(),
            config.schedule(),
            services.webhookNotice(),
            clock,
            new WebhookWorker.Config(
                owner(), config.lease(), Duration.ofMillis(500), config.workers()))
        .start();
  }

  private static void closeBoth(Database db, @Nullable Database reads) {
    try {
      if (reads != null) {
        reads.close();
      }
    } finally {
      db.close();
    }
  }

  /** An S3 store holds an HTTP client; a local one holds nothing. */
  private void closeFiles() {
    if (services.files() instanceof AutoCloseable store) {
      try {
        store.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close the export file store", e);
      }
    }
  }

  /** The configured store, watched so that jobs and {@code /healthz} can tell storage failures. */
  private static FileStore files(Settings settings) throws IOException {
    return new MonitoredFileStore(
        FileStores.open(
            settings.exports().storage(), settings.dataDir(), settings.exports().storageEnv()));
  }

  /** Names this process in job leases, so an operator can tell which node holds a job. */
  private static String owner() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  public Services services() {
    return services;
  }

  public int port() {
    return http.port();
  }

  /** Every HTTP route the server registered, as {@code "GET /healthz"}. */
  public java.util.List<String> routes() {
    return http.routes();
  }

  /** Stops the process's server cleanly when the JVM is asked to exit (SIGTERM, Ctrl-C). */
  public Leadport closeOnShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "leadport-shutdown"));
    return this;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("Stopping Leadport");
    try {
      http.close();
      sweeper.close();
      retention.close();
      if (leadEvents != null) {
        leadEvents.close();
      }
      if (webhooks != null) {
        // A delivery in an attempt is claimed again, here or elsewhere, once its lease expires.
        webhooks.close();
      }
      if (worker != null) {
        // Running jobs go back to the queue for this or another node.
        worker.close();
      }
      closeFiles();
      services.metrics().close();
    } finally {
      closeBoth(database, reads);
    }
  }
}
