package org.leadport.app;

import java.time.Clock;
import org.leadport.http.HttpServer;
import org.leadport.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Leadport server process: database, services and HTTP server, started together and
 * stopped in reverse order (HTTP first, then the pool, then an embedded PostgreSQL).
 */
public final class Leadport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadport.class);

  private final Database database;
  private final Services services;
  private final HttpServer http;
  private boolean closed;

  private Leadport(Database database, Services services, HttpServer http) {
    this.database = database;
    this.services = services;
    this.http = http;
  }

  /** Starts on the configured database: embedded unless {@code LEADPORT_DB_URL} is set. */
  public static Leadport start(Settings settings) {
    Database db =
        settings.embeddedDatabase()
            ? Database.embedded(settings.postgresDir())
            : Database.external(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    return start(settings, db, Clock.systemUTC());
  }

  /** Starts on an open database, which the returned server then owns and closes. */
  public static Leadport start(Settings settings, Database db, Clock clock) {
    try {
      Services services = Services.create(settings, db, clock);
      HttpServer http = HttpServer.start(services, settings.port());
      return new Leadport(db, services, http);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public Services services() {
    return services;
  }

  public int port() {
    return http.port();
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
    } finally {
      database.close();
    }
  }
}
