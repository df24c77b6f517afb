package org.leadport.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * {@code leadport.jar} started as a child process by a test, the way a user starts it: the jar
 * comes from the system property {@code leadport.jar} (set by failsafe), stdout and stderr go to
 * {@code target/process-it/}, and only the environment the test names configures it (no {@code
 * LEADPORT_*} or {@code AWS_*} variable of the test's own environment leaks in). Used by one test
 * thread at a time.
 */
public final class ChildServer {
  private static final Pattern READY =
      Pattern.compile("Leadport is ready on http://localhost:(\\d+)");
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;
  private int port;

  private ChildServer(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code java -jar leadport.jar args…} with {@code env} added to a scrubbed environment;
   * its logs are named after {@code name} and a run number.
   */
  public static ChildServer start(String name, List<String> args, Map<String, String> env)
      throws IOException {
    String jar = System.getProperty("leadport.jar");
    if (jar == null || jar.isBlank()) {
      fail(
          "System property leadport.jar is not set: run this test through failsafe"
              + " (./mvnw verify), which points it at target/leadport.jar");
    }
    Path jarPath = Path.of(jar).toAbsolutePath();
    if (!Files.isRegularFile(jarPath)) {
      fail("leadport.jar=%s does not exist: run ./mvnw verify (package comes first)", jarPath);
    }
    Path logs = Files.createDirectories(jarPath.getParent().resolve("process-it"));
    String base =
        String.format("%d-%02d-%s", ProcessHandle.current().pid(), RUNS.incrementAndGet(), name);
    Path out = logs.resolve(base + ".out.log");
    Path err = logs.resolve(base + ".err.log");
    List<String> command =
        new ArrayList<>(List.of(Processes.javaCommand(), "-jar", jarPath.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("LEADPORT_") || k.startsWith("AWS_"));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.redirectOutput(out.toFile());
    builder.redirectError(err.toFile());
    return new ChildServer(name, builder.start(), out, err);
  }

  /**
   * Waits for the port the server prints once ready, then for {@code GET /healthz} to answer 200;
   * fails with the logs' tails when the process exits first or {@code timeout} passes.
   */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        fail("%s exited with %d before it was ready%s", this, process.exitValue(), tail());
      }
      if (port == 0) {
        Matcher m = READY.matcher(stdout());
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      if (port != 0 && healthy()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("%s was not ready within %s%s", this, timeout, tail());
      }
      Thread.sleep(100);
    }
  }

  private boolean healthy() throws InterruptedException {
    try {
      HttpRequest health =
          HttpRequest.newBuilder(uri("/healthz")).timeout(Duration.ofSeconds(10)).GET().build();
      return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // Not listening yet.
    }
  }

  /** Kills the process if it still runs and waits for it, so no child outlives its test. */
  public void kill() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  public String name() {
    return name;
  }

  public Process process() {
    return process;
  }

  /** The port it listens on, 0 until {@link #awaitReady} saw it. */
  public int port() {
    return port;
  }

  /** {@code http://localhost:<port>}. */
  public String base() {
    return "http://localhost:" + port;
  }

  public URI uri(String path) {
    return URI.create(base() + path);
  }

  /**
   * Calls {@code path} on this server, with {@code token} as a bearer token and {@code body} as
   * JSON when given, waiting up to 60 s for the answer.
   */
  public HttpResponse<String> send(
      String method, String path, @Nullable String token, @Nullable String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The body of {@code r} as JSON, after asserting its status. */
  public static JsonNode json(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode())
        .as("%s %s: %s", r.request().method(), r.request().uri(), r.body())
        .isEqualTo(status);
    return Json.parse(r.body());
  }

  /** Its two log files, stdout first. */
  public List<Path> logs() {
    return List.of(out, err);
  }

  /** What it printed on stdout so far. */
  public String stdout() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last lines of both logs, for assertion messages. */
  public String tail() {
    return "\n--- tail of " + out + "\n" + tail(out) + "\n--- tail of " + err + "\n" + tail(err);
  }

  private static String tail(Path file) {
    try {
      List<String> lines =
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", port " + port + ")";
  }
}
