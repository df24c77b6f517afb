package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.leadport.testing.CliRun.leadport;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.CliRun;
import org.leadport.testing.ParquetFiles;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** {@code leadport export} against a real server: cursors, one header, errors and resuming. */
class ExportCommandIT {
  static final int LEADS = 450;

  static TestServer server;
  static Tenant tenant;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    tenant = server.tenant("export-cli");
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
                "export", "--url", server.url(""), "--key", tenant.key(), "-o", output.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The whole export as one response straight from the server. */
  static byte[] direct(String query) {
    Reply r = server.call("GET", "/api/v1/leads/export?limit=10000" + query, tenant.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("X-Export-Truncated")).isEqualTo("false");
    return r.body();
  }

  static List<CsvRecord> csv(byte[] bytes) {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }

  static List<String> ids(List<CsvRecord> records) {
    return records.stream().skip(1).map(r -> r.getField(0)).toList();
  }

  @Test
  void followsTheCursorIntoOneCsvWithOneHeader() throws IOException {
    Path file = dir.resolve("leads.csv");
    CliRun run = leadport(export(file, "--limit", "100"));
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Exported " + LEADS + " leads to " + file);

    byte[] written = Files.readAllBytes(file);
    List<CsvRecord> records = csv(written);
    assertThat(records.get(0).getField(0)).isEqualTo("id");
    assertThat(records)
        .filteredOn(r -> r.getFields().equals(records.get(0).getFields()))
        .hasSize(1);
    assertThat(records).hasSize(LEADS + 1);

    byte[] expected = direct("");
    assertThat(ids(records)).doesNotHaveDuplicates().isEqualTo(ids(csv(expected)));
    assertThat(written).isEqualTo(expected);
    assertThat(dir.resolve("leads.csv.cursor")).doesNotExist();
    assertThat(dir.resolve("leads.csv.part")).doesNotExist();
  }

  @Test
  void passesTheFiltersOn() throws IOException {
    Path file = dir.resolve("google.csv");
    CliRun run = leadport(export(file, "--limit", "40", "--source", "google", "--no-progress"));
    assertThat(run.code()).as(run.toString()).isZero();
    byte[] expected = direct("&source=google");
    assertThat(csv(expected).size()).isGreaterThan(41);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  @Test
  void aBadKeyFailsWithTheServersMessage() {
    Path file = dir.resolve("denied.csv");
    CliRun run =
        leadport(
            "export",
            "--url",
            server.url(""),
            "--key",
            "lp_not_a_real_key",
            "-o",
            file.toString(),
            "--no-progress");
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).startsWith("error: ").hasLineCount(1);
    assertThat(file).doesNotExist();
    assertThat(dir.resolve("denied.csv.cursor")).doesNotExist();
  }

  @Test
  void aServerErrorIsPrintedWithItsMessage() {
    CliRun run = leadport(export(dir.resolve("bad.csv"), "--limit", "0", "--no-progress"));
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).startsWith("error: ").contains("limit");
  }

  @Test
  void resumesAnInterruptedExportToTheSameBytes() throws IOException {
    Path oneShot = dir.resolve("one-shot.csv");
    assertThat(leadport(export(oneShot, "--limit", "100", "--no-progress")).code()).isZero();

    Path file = dir.resolve("resumed.csv");
    Path state = dir.resolve("resumed.csv.cursor");
    CliRun first = leadport(export(file, "--limit", "100", "--max-segments", "1", "--no-progress"));
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(state).exists();
    assertThat(csv(Files.readAllBytes(file))).hasSize(101);

    CliRun again = leadport(export(file, "--limit", "100", "--no-progress"));
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).startsWith("error: ").contains("--resume");

    CliRun second =
        leadport(
            export(file, "--limit", "100", "--resume", "--max-segments", "2", "--no-progress"));
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(csv(Files.readAllBytes(file))).hasSize(301);

    // A crash after appending part of a segment but before saving its cursor leaves bytes that
    // the state file does not account for; resuming must cut them off.
    Files.writeString(file, "lead_partial,\"half a\r\nrow", StandardOpenOption.APPEND);

    CliRun last = leadport(export(file, "--resume"));
    assertThat(last.code()).as(last.toString()).isZero();
    assertThat(last.out()).contains("Exported " + LEADS + " leads to " + file);
    assertThat(state).doesNotExist();
    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(oneShot));
  }

  @Test
  void resumeWithoutStateFailsClearly() {
    CliRun run = leadport(export(dir.resolve("never.csv"), "--resume", "--no-progress"));
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).startsWith("error: nothing to resume");
  }

  @Test
  void resumeRefusesOtherFilters() {
    Path file = dir.resolve("filtered.csv");
    assertThat(
            leadport(export(file, "--limit", "100", "--max-segments", "1", "--no-progress")).code())
        .isZero();
    CliRun run = leadport(export(file, "--resume", "--source", "google", "--no-progress"));
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).startsWith("error: --resume must repeat the filters");
  }

  @Test
  void scannerDropsExactlyTheFirstRecordRespectingQuotes() throws IOException {
    byte[] body =
        "\"head\r\ner\",h2\r\n\"a\r\n\"\"b\"\"\",c\r\nd,e\r\n".getBytes(StandardCharsets.UTF_8);
    for (boolean keep : new boolean[] {true, false}) {
      ExportCommand.RecordScanner scanner = new ExportCommand.RecordScanner(keep);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte b : body) {
        scanner.accept(new byte[] {b}, 1, out);
      }
      scanner.finish();
      assertThat(scanner.records()).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo((keep ? "\"head\r\ner\",h2\r\n" : "") + "\"a\r\n\"\"b\"\"\",c\r\nd,e\r\n");
    }
    ExportCommand.RecordScanner cut = new ExportCommand.RecordScanner(false);
    byte[] half = "h\r\n\"a\r\nb".getBytes(StandardCharsets.UTF_8);
    cut.accept(half, half.length, new ByteArrayOutputStream());
    assertThatThrownBy(cut::finish).isInstanceOf(IOException.class);
  }

  @Test
  void asyncModeWaitsDownloadsChecksAndDecodesTheFile() throws IOException {
    Path file = dir.resolve("async.jsonl");
    CliRun run =
        leadport(
            export(
                file,
                "--async",
                "--format",
                "jsonl",
                "--fields",
                "id,display_name",
                "--query",
                "{\"type\":\"and\",\"queries\":[]}",
                "--no-progress"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).startsWith("Exported " + LEADS + " rows to " + file + " (export expo_");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(LEADS);
    Set<String> ids = new java.util.HashSet<>();
    for (String line : lines) {
      var doc = TestServer.parse(line);
      assertThat(doc.size()).isEqualTo(2);
      ids.add(doc.path("id").asText());
    }
    assertThat(ids).hasSize(LEADS);
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void asyncParquetIsTheFileAsDeliveredNotGunzipped() throws IOException {
    // Close delivers a Parquet export plain (its pages are compressed already): the CLI once
    // gunzipped every download and failed on it ("Not in GZIP format").
    Path file = dir.resolve("async.parquet");
    CliRun run = leadport(export(file, "--async", "--format", "parquet", "--no-progress"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).startsWith("Exported " + LEADS + " rows to " + file + " (export expo_");
    assertThat(
            ParquetFiles.query("select count(distinct id) as n from read_parquet('" + file + "')"))
        .containsExactly(Map.of("n", (long) LEADS));
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void asyncModeReadsTheQueryFromAnAtFile() throws IOException {
    // Two leads named so that only one matches; the query file holds JSON that picocli would
    // split into stray arguments if it expanded @-files itself.
    Path query = dir.resolve("query.json");
    Files.writeString(
        query,
        "{\"type\": \"field_condition\",\n"
            + " \"field\": {\"type\": \"regular_field\", \"object_type\": \"lead\","
            + " \"field_name\": \"display_name\"},\n"
            + " \"condition\": {\"type\": \"text\", \"mode\": \"exact_value\","
            + " \"value\": \"At File Query Lead\"}}\n");
    Tenant own = server.tenant("export-cli-at-file");
    for (String name : List.of("At File Query Lead", "Another Lead")) {
      server.call(
          "POST", "/api/v1/leads", own.key(), TestServer.parse("{\"name\":\"" + name + "\"}"));
    }
    Path file = dir.resolve("at-file.jsonl");
    CliRun run =
        leadport(
            "export",
            "--async",
            "--url",
            server.url(""),
            "--key",
            own.key(),
            "--format",
            "jsonl",
            "--fields",
            "display_name",
            "--query",
            "@" + query,
            "--no-progress",
            "-o",
            file.toString());
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .containsExactly("{\"display_name\":\"At File Query Lead\"}");
  }

  @Test
  void asyncModeReportsTheServersRefusalAndMisplacedOptions() {
    CliRun bad =
        leadport(export(dir.resolve("x.csv"), "--async", "--fields", "nope", "--no-progress"));
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err())
        .startsWith("error: Unknown field nope in fields[0]; valid fields are id,");
    CliRun mixed =
        leadport(export(dir.resolve("x.csv"), "--async", "--source", "google", "--no-progress"));
    assertThat(mixed.code()).isEqualTo(1);
    assertThat(mixed.err())
        .startsWith("error: --resume, --limit, --include-deleted and the filter options belong");
    CliRun syncOnly = leadport(export(dir.resolve("x.csv"), "--fields", "id", "--no-progress"));
    assertThat(syncOnly.err())
        .startsWith("error: --query, --fields, --date-format and --include need --async");
  }
}
