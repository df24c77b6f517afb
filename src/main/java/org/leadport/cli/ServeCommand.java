package org.leadport.cli;

import java.util.concurrent.CountDownLatch;
import org.leadport.app.Leadport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code leadport serve}: the server alone, until the process is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Leadport server until it is stopped (SIGTERM or Ctrl-C).",
      "Without LEADPORT_DB_URL it starts an embedded PostgreSQL under <data-dir>/postgres."
    })
final class ServeCommand implements Runnable {
  @Mixin ServerOptions options;

  @Override
  public void run() {
    Leadport server = Leadport.start(options.settings()).closeOnShutdown();
    System.out.println("Leadport is ready on http://localhost:" + server.port());
    awaitShutdown();
  }

  /** Parks the main thread; the shutdown hook stops the server. */
  static void awaitShutdown() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
