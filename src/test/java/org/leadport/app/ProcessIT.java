package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Processes.cmdline;
import static org.leadport.testing.Processes.postgresUsing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.testing.ChildServer;

/**
 * Black-box tests of the real {@code leadport.jar} process: start, serve, stop on SIGTERM without
 * leaving PostgreSQL behind, keep data across restarts, and print honest help. The jar path comes
 * from the system property {@code leadport.jar} (set by failsafe); each child's stdout and stderr
 * go to {@code target/process-it/}.
 */
class ProcessIT {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;

  private final List<ChildServer> children = new ArrayList<>();

  @AfterEach
  void stopLeftovers() throws IOException {
    for (ChildServer child : children) {
      if (child.process().isAlive()) {
        child.process().destroyForcibly();
      }
    }
    // A failed test must not leave a PostgreSQL running on a data dir that is about to vanish.
    for (long pid : postgresUsing(dataDir.toRealPath())) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void servesStopsCleanlyOnSigtermAndKeepsDataAcrossRestarts() throws Exception {
    Path dir = dataDir.toRealPath();

    ChildServer first = serve(dir);
    String token = Files.readString(dir.resolve("admin-token")).trim();
    assertThat(Files.getPosixFilePermissions(dir.resolve("admin-token")))
        .as("mode of %s", dir.resolve("admin-token"))
        .isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(first.uri("/admin/v1/workspaces"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"proc\"}")));
    assertThat(created.statusCode())
        .as("POST /admin/v1/workspaces: %s", created.body())
        .isEqualTo(201);
    String id = JSON.readTree(created.body()).path("id").asText();
    assertThat(id).as("workspace id in %s", created.body()).isNotBlank();

    stop(first, dir);

    ChildServer second = serve(dir);
    HttpResponse<String> found =
        send(
            HttpRequest.newBuilder(second.uri("/admin/v1/workspaces?name=proc"))
                .header("Authorization", "Bearer " + token)
                .GET());
    assertThat(found.statusCode())
        .as("GET /admin/v1/workspaces?name=proc after restart: %s%s", found.body(), second.tail())
        .isEqualTo(200);
    JsonNode data = JSON.readTree(found.body()).path("data");
    assertThat(data.size())
        .as("workspaces named proc after restart: %s", found.body())
        .isEqualTo(1);
    assertThat(data.get(0).path("id").asText()).isEqualTo(id);
    assertThat(data.get(0).path("name").asText()).isEqualTo("proc");
    assertThat(data.get(0).path("status").asText()).isEqualTo("active");

    stop(second, dir);
  }

  @ParameterizedTest(name = "leadport {0} --help")
  @ValueSource(strings = {"", "serve", "demo", "seed", "export", "changes"})
  void helpIsComplete(String command) throws Exception {
    List<String> args = new ArrayList<>();
    if (!command.isEmpty()) {
      args.add(command);
    }
    args.add("--help");
    ChildServer child = launch("help-" + (command.isEmpty() ? "root" : command), args);
    assertThat(child.process().waitFor(60, TimeUnit.SECONDS))
        .as("--help finished within 60 s%s", child.tail())
        .isTrue();
    assertThat(child.process().exitValue()).as("exit code of --help%s", child.tail()).isZero();

    String usage = child.stdout();
    String expected = command.isEmpty() ? "Usage: leadport" : "Usage: leadport " + command;
    assertThat(usage).as("help output%s", child.tail()).contains(expected);
    assertThat(usage.toLowerCase(Locale.ROOT))
        .as("help output%s", child.tail())
        .doesNotContain("todo")
        .doesNotContain("placeholder");
    if (command.isEmpty()) {
      assertThat(usage).contains("serve", "demo", "seed", "export", "changes");
    }
  }

  /** Starts {@code serve} on a free port over {@code dir} and waits until it is healthy. */
  private ChildServer serve(Path dir) throws Exception {
    int port = freePort();
    ChildServer child =
        launch(
            "serve",
            List.of("serve", "--port", Integer.toString(port), "--data-dir", dir.toString()));
    child.awaitReady(READY_TIMEOUT);
    assertThat(child.port()).as("port it says it is ready on%s", child.tail()).isEqualTo(port);
    return child;
  }

  /** SIGTERM, then the process and every PostgreSQL process of {@code dir} must be gone. */
  private static void stop(ChildServer child, Path dir) throws Exception {
    child.process().destroy();
    assertThat(child.process().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("exit within %s after SIGTERM%s", STOP_TIMEOUT, child.tail())
        .isTrue();
    // The server stops PostgreSQL (pg_ctl stop -w) before the JVM exits; allow only a moment.
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    List<Long> left = postgresUsing(dir);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      left = postgresUsing(dir);
    }
    assertThat(left)
        .as(
            "postgres processes of %s left after the server exited (%d): %s%s",
            dir, child.process().exitValue(), describe(left), child.tail())
        .isEmpty();
  }

  private ChildServer launch(String name, List<String> args) throws IOException {
    // Only the flags configure the child.
    ChildServer child = ChildServer.start(name, args, Map.of());
    children.add(child);
    return child;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String describe(List<Long> pids) {
    return pids.stream()
        .map(pid -> pid + " " + cmdline(Path.of("/proc", Long.toString(pid))))
        .toList()
        .toString();
  }
}
