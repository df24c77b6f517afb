package org.leadport.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.docs.Guide.Step;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Processes;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Runs every guide in {@code docs/guides} as written against a live server, so that the guides stay
 * true: a fresh workspace seeded like {@code ./leadport demo} (10,000 leads, seed 42), a key with
 * every scope in {@code LEADPORT_KEY}, the server in {@code LEADPORT_URL}, and in the working
 * folder a {@code ./leadport} that runs the CLI from the classes under test. Each guide's {@code
 * ```sh} blocks run in order in one bash; a block that fails, or that does not print what its
 * {@code ```text} block says, fails the test (rules in {@link Guide}). Then the files the guide
 * made are checked against the server's data.
 *
 * <p>Where the {@code duckdb} command-line tool is not installed, the guides' {@code duckdb} runs
 * DuckDB's JDBC driver from the test class path instead ({@link DuckDbCli}, its {@code -csv} mode
 * only). Blocks marked {@code requires=zstd} run only when {@code zstd} is on the PATH, as {@code
 * requires=node} blocks below.
 *
 * <p>Blocks marked {@code requires=node} run only when {@code node} (18 or newer) and {@code npm}
 * are on the PATH and npm reaches its registry; otherwise the rest of the guide still runs and the
 * test is then reported as skipped, with the reason.
 */
class GuidesIT {
  /** What {@code ./leadport demo} seeds; the guides' outputs are for this data. */
  static final int LEADS = 10_000;

  static final long SEED = 42;
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** Every guide, each with the check of what it leaves in its folder. */
  static final Map<String, Check> GUIDES =
      Map.of(
          "export-all-leads-csv.md", GuidesIT::checkExportAll,
          "incremental-sync.md", GuidesIT::checkIncrementalSync,
          "close-client.md", GuidesIT::checkCloseClient,
          "hubspot-client.md", GuidesIT::checkHubSpotClient,
          "jsonapi-client.md", GuidesIT::checkJsonApiClient,
          "change-feed.md", GuidesIT::checkChangeFeed,
          "load-into-duckdb-bigquery.md", GuidesIT::checkLoadIntoDuckDb);

  static TestServer server;

  /** Checks the files a guide left in {@code dir} against the server's data. */
  @FunctionalInterface
  interface Check {
    void check(Path dir, Tenant tenant, JsonNode seeded) throws Exception;
  }

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<String> guideNames() {
    return GUIDES.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("guideNames")
  void guideRunsAsWritten(String name, @TempDir Path temp) throws Exception {
    Guide guide = Guide.parse(name, Files.readString(guides().resolve(name)));
    String ws = server.createWorkspace("guide-" + name.replace(".md", ""));
    Reply seeded =
        server.admin(
            "POST",
            "/admin/v1/workspaces/" + ws + "/seed",
            Json.object().put("leads", LEADS).put("seed", SEED));
    assertThat(seeded.status()).as("seed: %s", seeded).isEqualTo(200);
    Tenant tenant =
        new Tenant(ws, server.createKey(ws, "leads.read", "leads.write", "leads.export"));

    String nodeMissing = nodeMissing();
    boolean zstd = Processes.onPath("zstd") != null;
    Predicate<Step> runnable =
        s -> (nodeMissing == null || !s.requires("node")) && (zstd || !s.requires("zstd"));
    GuideRunner.Result result = run(guide, temp, tenant, runnable);
    List<String> problems = result.problems();
    if (!problems.isEmpty() && nodeMissing == null) {
      skipWhenNpmIsOffline(result);
    }
    assertThat(problems).as("guide %s", name).isEmpty();

    GUIDES.get(name).check(temp.resolve("work"), tenant, seeded.json());
    assumeTrue(
        result.skipped().isEmpty(),
        name
            + ": every other block passed, but "
            + result.skipped().size()
            + " block(s) marked requires=node or requires=zstd were skipped: "
            + (nodeMissing != null ? nodeMissing : "")
            + (zstd ? "" : " `zstd` is not on the PATH"));
  }

  @Test
  void everyGuideIsRunAndLinkedFromTheReadme() throws IOException {
    try (Stream<Path> files = Files.list(guides())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("every guide in docs/guides has a check here")
          .containsExactlyInAnyOrderElementsOf(GUIDES.keySet());
    }
    String readme = Files.readString(guides().resolve("../../README.md"));
    for (String name : GUIDES.keySet()) {
      assertThat(readme).as("README links " + name).contains("(docs/guides/" + name + ")");
      Guide guide = Guide.parse(name, Files.readString(guides().resolve(name)));
      assertThat(guide.steps()).as(name).isNotEmpty();
    }
  }

  @Test
  void aGuideEditedToAWrongCommandFails(@TempDir Path temp) throws Exception {
    String text = Files.readString(guides().resolve("export-all-leads-csv.md"));
    String wrong = text.replace("/api/v1/leads/export\"", "/api/v1/lead/export\"");
    assertThat(wrong).isNotEqualTo(text);
    Guide guide = Guide.parse("wrong-command.md", wrong).firstSteps(1);
    GuideRunner.Result result = run(guide, temp, server.tenant("wrong-command"), s -> true);
    assertThat(result.exit()).isNotZero();
    assertThat(result.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("exit 22 in step 1 (wrong-command.md:")
        .contains("404");
  }

  @Test
  void aGuideEditedToAWrongOutputFails(@TempDir Path temp) throws Exception {
    String text = Files.readString(guides().resolve("export-all-leads-csv.md"));
    String wrong = text.replace("X-Export-Truncated: false\n", "X-Export-Truncated: true\n");
    assertThat(wrong).isNotEqualTo(text);
    Guide guide = Guide.parse("wrong-output.md", wrong).firstSteps(1);
    GuideRunner.Result result = run(guide, temp, server.tenant("wrong-output"), s -> true);
    assertThat(result.exit()).isZero();
    assertThat(result.problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("step 1 (wrong-output.md:")
        .contains("did not print, in this order:\n  X-Export-Truncated: true\n")
        .contains("X-Export-Truncated: false");
  }

  // ---- running ----

  static GuideRunner.Result run(Guide guide, Path temp, Tenant tenant, Predicate<Step> runnable)
      throws IOException, InterruptedException {
    Path work = Files.createDirectories(temp.resolve("work"));
    launcher(work.resolve("leadport"));
    Map<String, String> env = new HashMap<>();
    if (Processes.onPath("duckdb") == null) {
      Path bin = Files.createDirectories(temp.resolve("bin"));
      duckdb(bin.resolve("duckdb"));
      env.put("PATH", bin + ":" + System.getenv("PATH"));
    }
    env.put("LEADPORT_URL", server.url(""));
    env.put("LEADPORT_KEY", tenant.key());
    env.put("npm_config_cache", target().resolve("guides-npm-cache").toString());
    env.put("npm_config_update_notifier", "false");
    return GuideRunner.run(guide, work, env, runnable, TIMEOUT);
  }

  /**
   * A stand-in for the repository's {@code ./leadport}: the same {@code Main}, from the classes
   * under test rather than {@code target/leadport.jar}, which this test's build need not have made.
   */
  static void launcher(Path file) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Processes.javaCommand();
    assertThat(classpath + java).as("paths the launcher quotes").doesNotContain("'");
    Files.writeString(
        file,
        "#!/usr/bin/env bash\n"
            + "exec '"
            + java
            + "' -Xmx512m -cp '"
            + classpath
            + "' org.leadport.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A {@code duckdb} that runs {@link DuckDbCli} from the classes under test. */
  static void duckdb(Path file) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Files.writeString(
        file,
        "#!/usr/bin/env bash\nexec '"
            + Processes.javaCommand()
            + "' -Xmx256m -cp '"
            + classpath
            + "' "
            + DuckDbCli.class.getName()
            + " \"$@\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Why {@code requires=node} blocks cannot run here, or null when they can. */
  static String nodeMissing() throws IOException, InterruptedException {
    String node = Processes.onPath("node");
    String npm = Processes.onPath("npm");
    if (node == null || npm == null) {
      return "`node` and `npm` must both be on the PATH (node: "
          + (node == null ? "missing" : node)
          + ", npm: "
          + (npm == null ? "missing" : npm)
          + ")";
    }
    Process p =
        new ProcessBuilder(node, "--version")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(30, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("v(\\d+)\\.").matcher(version);
    if (!m.lookingAt() || Integer.parseInt(m.group(1)) < 18) {
      return "Node.js 18 or newer is needed; `node --version` said \"" + version + "\"";
    }
    return null;
  }

  /** Skips the test when the step that failed is an npm one that could not reach its registry. */
  static void skipWhenNpmIsOffline(GuideRunner.Result result) {
    if (!result.finished() || result.exit() == 0 || result.outputs().isEmpty()) {
      return;
    }
    Step failed = result.ran().get(result.outputs().size() - 1);
    String output = result.outputs().getLast();
    Matcher offline = Processes.NPM_NETWORK_ERROR.matcher(output);
    assumeTrue(
        !(failed.requires("node") && failed.script().contains("npm ") && offline.find()),
        () -> "npm could not reach its registry (" + offline.group() + "):\n" + output);
  }

  static Path guides() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
        .resolve("docs")
        .resolve("guides");
  }

  static Path target() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("target");
  }

  // ---- what the guides leave behind, checked against the server ----

  static void checkExportAll(Path dir, Tenant t, JsonNode seeded) throws IOException {
    List<String> ids = ids(direct(t, ""), "id");
    assertThat(ids).hasSize(LEADS).doesNotHaveDuplicates();
    for (String file : List.of("leads.csv", "all-leads.csv", "cli-leads.csv")) {
      assertThat(ids(Files.readAllBytes(dir.resolve(file)), "id")).as(file).isEqualTo(ids);
    }
  }

  static void checkIncrementalSync(Path dir, Tenant t, JsonNode seeded) throws IOException {
    List<CsvRecord> all = csv(direct(t, "include_deleted=true"));
    int updatedAt = all.get(0).getFields().indexOf("updated_at");
    int deletedAt = all.get(0).getFields().indexOf("deleted_at");
    int name = all.get(0).getFields().indexOf("display_name");
    List<CsvRecord> rows = all.subList(1, all.size());
    assertThat(rows).hasSize(LEADS);
    List<CsvRecord> tombstones =
        rows.stream().filter(r -> !r.getField(deletedAt).isEmpty()).toList();
    assertThat(tombstones).as("the guide deleted one lead").hasSize(1);
    assertThat(rows.stream().filter(r -> r.getField(name).equals("Renamed Lead Inc.")))
        .as("the guide renamed one lead")
        .hasSize(1);
    String newest = rows.stream().map(r -> r.getField(updatedAt)).max(String::compareTo).get();
    assertThat(Files.readString(dir.resolve("since.txt"))).isEqualTo(newest);
    assertThat(ids(Files.readAllBytes(dir.resolve("changes.csv")), "id"))
        .as("the last run fetched only the tombstone")
        .containsExactly(tombstones.get(0).getField(0));
  }

  static void checkCloseClient(Path dir, Tenant t, JsonNode seeded) throws IOException {
    List<CsvRecord> contacts = csv(Files.readAllBytes(dir.resolve("contacts.csv")));
    assertThat(contacts).hasSize(seeded.path("contacts").asInt() + 1);
    assertThat(contacts.stream().skip(1).map(r -> r.getField(0)).distinct().count())
        .isEqualTo(seeded.path("contacts").asLong());

    // The leads with a won opportunity, found without the guide's s_query.
    JsonNode job =
        AsyncExports.run(
            server, t.key(), Json.object().put("type", "leads").put("format", "jsonl"));
    Set<String> won = new HashSet<>();
    for (String line : new String(AsyncExports.file(job), StandardCharsets.UTF_8).split("\n")) {
      JsonNode lead = TestServer.parse(line);
      for (JsonNode opp : lead.path("opportunities")) {
        if (opp.path("status_type").asText().equals("won")) {
          won.add(lead.path("id").asText());
        }
      }
    }
    Set<String> exported = new HashSet<>();
    for (String line : Files.readAllLines(dir.resolve("won.jsonl"), StandardCharsets.UTF_8)) {
      JsonNode lead = TestServer.parse(line);
      exported.add(lead.path("id").asText());
      assertThat(lead.has("num_won_opportunities")).as("smart fields in %s", line).isTrue();
    }
    assertThat(won).hasSizeGreaterThan(100);
    assertThat(exported).isEqualTo(won);
  }

  static void checkHubSpotClient(Path dir, Tenant t, JsonNode seeded)
      throws IOException, InterruptedException {
    List<String> leadIds = ids(direct(t, ""), "id");
    List<String> companies = ids(Files.readAllBytes(dir.resolve("companies.csv")), "Record ID");
    assertThat(companies).hasSize(LEADS).containsExactlyInAnyOrderElementsOf(leadIds);
    Path contacts = dir.resolve("hubspot-export").resolve("contacts.csv");
    if (nodeMissing() == null) {
      Reply search =
          server.call(
              "POST",
              "/crm/v3/objects/contacts/search",
              t.key(),
              "{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"HAS_PROPERTY\"}],\"limit\":1}");
      assertThat(search.status()).as("%s", search).isEqualTo(200);
      assertThat(ids(Files.readAllBytes(contacts), "Record ID"))
          .doesNotHaveDuplicates()
          .hasSize(search.json().path("total").asInt());
    }
  }

  static void checkJsonApiClient(Path dir, Tenant t, JsonNode seeded)
      throws IOException, InterruptedException {
    assertThat(Files.readAllBytes(dir.resolve("by-token.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("contacts.csv")));
    assertThat(new TreeSet<>(ids(Files.readAllBytes(dir.resolve("contacts.csv")), "id")))
        .isEqualTo(contactIdsByStatusType(t, "s.type in ('active', 'won') or l.status_id is null"))
        .hasSizeGreaterThan(1000);
    if (nodeMissing() == null) {
      Path hidden = dir.resolve("devour-export").resolve("hidden.csv");
      assertThat(new TreeSet<>(ids(Files.readAllBytes(hidden), "id")))
          .isEqualTo(contactIdsByStatusType(t, "s.type = 'lost'"))
          .hasSizeGreaterThan(100);
    }
  }

  /**
   * The CLI's NDJSON, applied in order (an item with a lead kept, a deleted one dropped), is
   * exactly the workspace's live leads, the renamed one with its new name.
   */
  static void checkChangeFeed(Path dir, Tenant t, JsonNode seeded) throws IOException {
    Map<String, String> mirror = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("changes.ndjson"), StandardCharsets.UTF_8)) {
      JsonNode item = TestServer.parse(line);
      if (item.path("op").asText().equals("deleted")) {
        assertThat(item.has("lead")).as(line).isFalse();
        mirror.remove(item.path("id").asText());
      } else {
        mirror.put(item.path("id").asText(), item.path("lead").path("display_name").asText());
      }
    }
    List<String> live = ids(direct(t, ""), "id");
    assertThat(mirror.keySet()).hasSize(LEADS - 1).containsExactlyInAnyOrderElementsOf(live);
    assertThat(mirror.values()).contains("Renamed Lead Inc.");
    assertThat(dir.resolve("feed.state")).exists();
  }

  /** The ids of the tenant's live contacts whose lead's status matches {@code condition}. */
  static Set<String> contactIdsByStatusType(Tenant t, String condition) {
    List<String> ids =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createQuery(
                        "select c.id from contacts c join leads l on l.id = c.lead_id"
                            + " left join status_stages s on s.id = l.status_id"
                            + " where l.workspace_id = :ws and l.deleted_at is null and ("
                            + condition
                            + ")")
                    .bind("ws", t.workspaceId())
                    .mapTo(String.class)
                    .list());
    return new TreeSet<>(ids);
  }

  /** The whole sync export of the tenant in one response. */
  static void checkLoadIntoDuckDb(Path dir, Tenant t, JsonNode seeded) throws IOException {
    List<String> ids = ids(direct(t, ""), "id");
    org.leadport.testing.ParquetFiles.Table parquet =
        org.leadport.testing.ParquetFiles.read(
            Files.readAllBytes(dir.resolve("leads.parquet")), "id");
    assertThat(parquet.column("id")).containsExactlyElementsOf(new TreeSet<>(ids));
    assertThat(parquet.types())
        .containsEntry("created_at", "TIMESTAMP WITH TIME ZONE")
        .containsEntry("id", "VARCHAR");
    Path changes = dir.resolve("changes.ndjson");
    if (Files.exists(changes)) {
      assertThat(Files.readAllLines(changes, StandardCharsets.UTF_8))
          .hasSize(100)
          .allSatisfy(
              line -> assertThat(TestServer.parse(line).path("object").asText()).isEqualTo("lead"));
    }
  }

  static byte[] direct(Tenant t, String query) {
    Reply r =
        server.call(
            "GET",
            "/api/v1/leads/export?limit=10000" + (query.isEmpty() ? "" : "&" + query),
            t.key(),
            null);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.header("X-Export-Truncated")).isEqualTo("false");
    return r.body();
  }

  static List<CsvRecord> csv(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(text).forEach(out::add);
    return out;
  }

  /** The values of column {@code header} of a CSV file, in order. */
  static List<String> ids(byte[] bytes, String header) {
    List<CsvRecord> rows = csv(bytes);
    int column = rows.get(0).getFields().indexOf(header);
    assertThat(column).as("column %s in %s", header, rows.get(0).getFields()).isNotNegative();
    return rows.stream().skip(1).map(r -> r.getField(column)).toList();
  }
}
