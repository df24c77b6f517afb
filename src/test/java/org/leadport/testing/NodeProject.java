package org.leadport.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leadport.json.Json;

/**
 * An npm project among the test resources ({@code src/test/resources/<name>/}: a package.json with
 * exact versions, its package-lock.json and scripts), copied to {@code target/<name>} and installed
 * there with {@code npm ci}, so that a test can run a vendor's own client from npm. Without {@code
 * node} and {@code npm} on the PATH, with a Node older than 18, or when npm cannot reach its
 * registry, the calling test is skipped with the reason; any other failure fails it. An install is
 * kept while package.json, the lockfile and the Node version stay the same.
 */
public final class NodeProject {
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  static final String STAMP = ".leadport-install-stamp";

  private final String name;
  private final String what;
  private final Path work;
  private final String node;

  private NodeProject(String name, String what, Path work, String node) {
    this.name = name;
    this.what = what;
    this.work = work;
    this.node = node;
  }

  /**
   * The project {@code name} with its {@code files} copied and {@code npm ci} run; {@code what}
   * names the test in skip messages. Skips the calling test when Node or npm is unavailable.
   */
  public static NodeProject install(String name, String what, List<String> files) throws Exception {
    String node = Processes.onPath("node");
    String npm = Processes.onPath("npm");
    assumeTrue(
        node != null && npm != null,
        what
            + " skipped: `node` and `npm` must both be on the PATH (node: "
            + (node == null ? "missing" : node)
            + ", npm: "
            + (npm == null ? "missing" : npm)
            + "). Install Node.js 18 or newer to run it.");
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path work = base.resolve("target").resolve(name);
    Files.createDirectories(work);
    NodeProject p = new NodeProject(name, what, work, node);
    for (String file : files) {
      Path target = work.resolve(file);
      byte[] content = p.resource(file).getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
        Path tmp = work.resolve(file + ".tmp");
        Files.write(tmp, content);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    p.npmCi(npm, p.nodeVersion());
    return p;
  }

  /** The folder the project is installed in. */
  public Path folder() {
    return work;
  }

  /** The test resource {@code file} of this project. */
  public String resource(String file) throws IOException {
    String at = "/" + name + "/" + file;
    try (InputStream in = NodeProject.class.getResourceAsStream(at)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + at);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The exact version package.json pins for {@code dependency}. */
  public String pinned(String dependency) throws IOException {
    String version =
        Json.parse(resource("package.json")).path("dependencies").path(dependency).asText();
    assertThat(version)
        .as("package.json pins an exact %s version", dependency)
        .matches("\\d+\\.\\d+\\.\\d+");
    return version;
  }

  /** Runs {@code node script args…} in the project folder. */
  public Run node(String script, List<String> args, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(node);
    command.add(script);
    command.addAll(args);
    return run(script, command, env, timeout);
  }

  private String nodeVersion() throws Exception {
    Run v = run("node-version", List.of(node, "--version"), Map.of(), Duration.ofSeconds(30));
    String out = v.finished() && v.exit() == 0 ? Files.readString(v.stdout()).trim() : "";
    Matcher m = Pattern.compile("v(\\d+)\\.").matcher(out);
    assumeTrue(
        m.lookingAt() && Integer.parseInt(m.group(1)) >= 18,
        what + " skipped: it needs Node.js 18 or newer; `node --version` said \"" + out + "\"");
    return out;
  }

  private void npmCi(String npm, String nodeVersion) throws Exception {
    String stamp = stamp(nodeVersion);
    Path stampFile = work.resolve(STAMP);
    if (Files.exists(stampFile)
        && Files.readString(stampFile).equals(stamp)
        && Files.isDirectory(work.resolve("node_modules"))) {
      return;
    }
    Files.deleteIfExists(stampFile);
    Run ci =
        run(
            "npm-ci",
            List.of(npm, "ci", "--no-audit", "--no-fund", "--no-progress", "--no-update-notifier"),
            Map.of(),
            INSTALL_TIMEOUT);
    assumeTrue(
        ci.finished(),
        what
            + " skipped: `npm ci` did not finish within "
            + INSTALL_TIMEOUT.toSeconds()
            + " s (is the npm registry reachable?)"
            + ci.describe());
    if (ci.exit() != 0) {
      Matcher network = Processes.NPM_NETWORK_ERROR.matcher(ci.output());
      assumeTrue(
          !network.find(),
          () -> what + " skipped: npm could not reach its registry" + ci.describe());
      throw new AssertionError("npm ci failed (exit " + ci.exit() + ")" + ci.describe());
    }
    Files.writeString(stampFile, stamp);
  }

  private String stamp(String nodeVersion) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(resource("package.json").getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(resource("package-lock.json").getBytes(StandardCharsets.UTF_8));
      return "node " + nodeVersion + "\nsha256 " + HexFormat.of().formatHex(sha.digest()) + "\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Run run(String label, List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    return run(work, label, command, env, timeout);
  }

  /**
   * Runs {@code command} in {@code dir} with stdin closed and its outputs in {@code
   * <label>.out.log} and {@code <label>.err.log}, killing it (and its children) at {@code timeout}.
   */
  public static Run run(
      Path dir, String label, List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path out = dir.resolve(label + ".out.log");
    Path err = dir.resolve(label + ".err.log");
    ProcessBuilder pb =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    pb.environment().put("npm_config_update_notifier", "false");
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new Run(label, finished, finished ? p.exitValue() : -1, out, err, took);
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win")
        ? "NUL"
        : "/dev/null";
  }

  /** A finished (or timed-out and killed) child process with its output in files. */
  public record Run(
      String name, boolean finished, int exit, Path stdout, Path stderr, Duration took) {
    /** Both outputs. */
    public String output() {
      return read(stdout) + "\n" + read(stderr);
    }

    /** For assertion messages: how it ended and the tails of both outputs. */
    public String describe() {
      return "\n--- "
          + name
          + (finished ? " exited " + exit : " timed out")
          + " after "
          + took.toMillis()
          + " ms; stdout:\n"
          + tail(read(stdout))
          + "\n--- stderr:\n"
          + tail(read(stderr));
    }

    /** The last non-blank line of stdout as a JSON object (the scripts' summary). */
    public JsonNode summary() throws IOException {
      List<String> lines =
          Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList();
      assertThat(lines).as("summary on stdout%s", describe()).isNotEmpty();
      JsonNode summary = Json.parse(lines.get(lines.size() - 1));
      assertThat(summary.isObject()).as("summary is a JSON object%s", describe()).isTrue();
      return summary;
    }

    private static String read(Path p) {
      try {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String tail(String s) {
      return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
    }
  }
}
