package org.leadport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.leadport.app.Leadport;
import org.leadport.app.Services;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.Scope;
import org.leadport.store.Workspace;
import org.leadport.synthetic.SyntheticData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leadport demo}: the server with a ready workspace {@code demo}, a key with every scope and
 * synthetic leads, plus curl lines to paste.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the server with a ready 'demo' workspace, key and synthetic leads.",
      "The key (every scope) is written to <data-dir>/demo-api-key; curl lines to try are printed."
    })
final class DemoCommand implements Runnable {
  static final String WORKSPACE = "demo";

  @Mixin ServerOptions options;

  @Option(
      names = "--leads",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Synthetic leads to seed when the workspace is empty (default ${DEFAULT-VALUE}).")
  int leads;

  @Override
  public void run() {
    long started = System.nanoTime();
    Leadport server = Leadport.start(options.settings()).closeOnShutdown();
    Services s = server.services();
    Workspace ws =
        s.workspaces().findByName(WORKSPACE).orElseGet(() -> s.workspaces().create(WORKSPACE));
    String key = demoKey(s, ws);
    long existing = s.leads().count(ws.id());
    if (existing == 0 && leads > 0) {
      System.out.println("Seeding " + leads + " synthetic leads…");
      SyntheticData.seed(s.database().jdbi(), ws.id(), leads, 42L);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    String base = "http://localhost:" + server.port();
    System.out.printf(
        """

        Leadport demo is ready on %s (in %.1f s).
        Workspace: %s (%s), %d leads
        API key:   %s   (saved in %s)

        Try:
          curl -s -u %s: '%s/api/v1/leads?limit=2'
          curl -s -u %s: '%s/api/v1/leads?search=acme&limit=5'
          curl -s -H 'Authorization: Bearer %s' '%s/api/v1/statuses'
          curl -s -u %s: '%s/api/v1/leads/export?limit=100' -o leads.csv
          curl -s -u %s: -H 'Content-Type: application/json' '%s/api/v1/export/lead/' \\
            -d '{"type":"leads","format":"json","include_activities":true}'
          curl -s -u %s: '%s/api/v1/export/'      # then: curl -s --compressed -o leads.json '<download_url>'
          ./leadport export --async --url %s --key %s --format csv -o leads.csv

        Stop with Ctrl-C.
        """,
        base,
        millis / 1000.0,
        ws.name(),
        ws.id(),
        s.leads().count(ws.id()),
        key,
        keyFile(s),
        key,
        base,
        key,
        base,
        key,
        base,
        key,
        base,
        key,
        base,
        key,
        base,
        base,
        key);
    ServeCommand.awaitShutdown();
  }

  /** Reuses the key saved by an earlier run while it still works, else makes a new one. */
  private static String demoKey(Services s, Workspace ws) {
    Path file = keyFile(s);
    try {
      if (Files.exists(file)) {
        String saved = Files.readString(file).trim();
        var principal = s.apiKeys().authenticate(saved);
        if (principal.isPresent() && principal.get().workspaceId().equals(ws.id())) {
          return saved;
        }
        Files.delete(file);
      }
      ApiKeyRepository.CreatedKey created =
          s.apiKeys().create(ws.id(), "demo", EnumSet.allOf(Scope.class), null);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, created.secret() + "\n");
      return created.secret();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the demo key in " + file, e);
    }
  }

  private static Path keyFile(Services s) {
    return s.settings().dataDir().resolve("demo-api-key");
  }
}
