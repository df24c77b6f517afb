package org.leadport.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.leadport.app.Settings;
import picocli.CommandLine.Option;

/** The options every server command shares; flags win over environment variables. */
public final class ServerOptions {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port (env LEADPORT_PORT, default 8080; 0 picks a free port).")
  @Nullable Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the embedded database, tokens and export files live"
              + " (env LEADPORT_DATA_DIR, default ./data).")
  @Nullable Path dataDir;

  Settings settings() {
    return Settings.load(System.getenv(), port, dataDir);
  }
}
