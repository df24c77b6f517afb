package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.leadport.testing.CliRun.leadport;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.json.Json;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.CliRun;
import org.leadport.testing.ParquetFiles;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * {@code leadport export --async} of an export published as parts (docs/parts.md): parts fetched in
 * parallel, checked against their SHA-256, joined into one CSV with one header or kept; a part
 * whose stored bytes were altered fails the run, naming the part, and leaves no output.
 */
class PartsCommandIT {
  static final int LEADS = 450;
  static final int PART_ROWS = 100;

  static TestServer server;
  static Tenant tenant;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = TestServer.builder().exports(e -> e.withParts(PART_ROWS, 1L << 30)).start();
    tenant = server.tenant("parts-cli");
    SyntheticData.seed(
        server.leadport().services().database().jdbi(), tenant.workspaceId(), LEADS, 42L);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String[] export(Path output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--url",
                server.url(""),
                "--key",
                tenant.key(),
                "-o",
                output.toString(),
                "--async",
                "--no-progress"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  static List<CsvRecord> csv(Path file) throws Exception {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder()
        .ofCsvRecord(Files.readString(file, StandardCharsets.UTF_8))
        .forEach(out::add);
    return out;
  }

  @Test
  void partsAreFetchedInParallelCheckedAndJoinedIntoOneCsv() throws Exception {
    Path file = dir.resolve("leads.csv");
    CliRun run = leadport(export(file, "--parallel", "3"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("Exported " + LEADS + " rows to " + file).contains("5 parts");
    List<CsvRecord> records = csv(file);
    assertThat(records).hasSize(LEADS + 1);
    assertThat(records.get(0).getField(0)).isEqualTo("id");
    Set<String> ids = new HashSet<>();
    records.stream().skip(1).forEach(r -> ids.add(r.getField(0)));
    assertThat(ids).hasSize(LEADS);
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void keptPartsAreWholeFilesEachWithItsHeader() throws Exception {
    Path file = dir.resolve("leads.csv");
    CliRun run = leadport(export(file, "--keep-parts"));
    assertThat(run.code()).as(run.err()).isZero();
    Path parts = dir.resolve("leads-parts");
    assertThat(run.err()).contains("in 5 parts to " + parts);
    assertThat(file).doesNotExist();
    long rows = 0;
    try (var list = Files.list(parts)) {
      List<Path> files = list.sorted().toList();
      assertThat(files).hasSize(5);
      for (Path p : files) {
        assertThat(p.getFileName().toString()).matches("leads-expo_.*-part-\\d\\.csv");
        List<CsvRecord> records = csv(p);
        assertThat(records.get(0).getField(0)).isEqualTo("id");
        rows += records.size() - 1;
      }
    }
    assertThat(rows).isEqualTo(LEADS);
  }

  @Test
  void parquetPartsAreKeptAsWholeParquetFiles() throws Exception {
    // Parquet parts are stored plain, not gzip-encoded like Close's other formats, and cannot be
    // joined byte-wise: each is kept, a file DuckDB reads on its own.
    Path file = dir.resolve("leads.parquet");
    CliRun run = leadport(export(file, "--format", "parquet", "--parallel", "2"));
    assertThat(run.code()).as(run.err()).isZero();
    Path parts = dir.resolve("leads-parts");
    assertThat(run.err()).contains("Exported " + LEADS + " rows in 5 parts to " + parts);
    Set<Object> ids = new HashSet<>();
    try (var list = Files.list(parts)) {
      List<Path> files = list.sorted().toList();
      assertThat(files).hasSize(5);
      for (Path p : files) {
        assertThat(p.getFileName().toString()).matches("leads-expo_.*-part-\\d\\.parquet");
        List<Map<String, Object>> rows =
            ParquetFiles.query("select id from read_parquet('" + p + "')");
        assertThat(rows).hasSizeLessThanOrEqualTo(PART_ROWS);
        rows.forEach(r -> ids.add(r.get("id")));
      }
    }
    assertThat(ids).hasSize(LEADS);
  }

  @Test
  void aPartAlteredInTheStoreFailsLoudlyWithItsNumber() throws Exception {
    JsonNode job =
        AsyncExports.run(
            server, tenant.key(), Json.object().put("type", "leads").put("format", "csv"));
    String id = job.path("id").asText();
    String key =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createQuery("select file_key from export_job_parts where job_id = :id and n = 3")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one());
    Path stored = server.settings().dataDir().resolve("exports").resolve(key);
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(stored, bytes);

    Path file = dir.resolve("leads.csv");
    StringWriter log = new StringWriter();
    try (HttpClient http = HttpClient.newHttpClient()) {
      PartsDownload download = new PartsDownload(http, new PrintWriter(log), 4, false);
      assertThatThrownBy(() -> download.run(id, job, "csv", true, file, () -> job, false))
          .isInstanceOf(ExportFailure.class)
          .hasMessageContaining("part 3 of export " + id + " does not match its SHA-256");
    }
    assertThat(file).doesNotExist();
    assertThat(log.toString()).doesNotContain("Exported");
  }
}
