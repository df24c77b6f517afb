package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.leadport.testing.AsyncExports.download;
import static org.leadport.testing.AsyncExports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ParquetFiles;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Parquet exports and zstd-encoded CSV through a real server (docs/parquet.md): the files are read
 * by DuckDB, an independent reader, and checked against the database; the zstd body is decoded by
 * the Java decoder and by the {@code zstd} command-line tool.
 */
class ParquetExportIT {
  static final String PARQUET = "application/vnd.apache.parquet";
  static TestServer server;
  static Tenant t;
  static Jdbi jdbi;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("parquet");
    jdbi = server.leadport().services().database().jdbi();
    SyntheticData.seed(jdbi, t.workspaceId(), 400, 19);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Reply sync(String accept, String encoding) {
    return server.send(
        "/api/v1/leads/export",
        b -> {
          b.header("Authorization", "Bearer " + t.key());
          if (accept != null) {
            b.header("Accept", accept);
          }
          if (encoding != null) {
            b.header("Accept-Encoding", encoding);
          }
          return b.GET();
        });
  }

  @Test
  void theSyncExportAnswersInParquetWhenAskedWithTypedColumnsMatchingTheDatabase() {
    Reply r = sync(PARQUET, "gzip, zstd");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo(PARQUET);
    assertThat(r.header("Content-Disposition"))
        .matches("attachment; filename=\"leads-\\d{8}T\\d{6}Z\\.parquet\"");
    // Parquet compresses its own pages; no content coding on top.
    assertThat(r.header("Content-Encoding")).isNull();
    ParquetFiles.Table file = ParquetFiles.read(r.body(), "id");
    assertThat(file.types())
        .contains(
            entry("id", "VARCHAR"),
            entry("display_name", "VARCHAR"),
            entry("created_at", "TIMESTAMP WITH TIME ZONE"),
            entry("updated_at", "TIMESTAMP WITH TIME ZONE"),
            entry("deleted_at", "TIMESTAMP WITH TIME ZONE"));
    assertThat(file.types())
        .anySatisfy((name, type) -> {
          assertThat(name).startsWith("custom.");
          assertThat(type).isEqualTo("DOUBLE");
        });
    List<Map<String, Object>> db =
        jdbi.withHandle(h ->
            h.createQuery(
                    "select id, display_name,"
                        + " (extract(epoch from created_at) * 1000000)::bigint as us"
                        + " from leads where workspace_id = :ws and deleted_at is null order by id")
                .bind("ws", t.workspaceId())
                .mapToMap()
                .list());
    assertThat(file.rows()).hasSize(db.size()).hasSize(400);
    assertThat(file.column("id"))
        .containsExactlyElementsOf(db.stream().map(m -> m.get("id")).toList());
    assertThat(file.column("display_name"))
        .containsExactlyElementsOf(db.stream().map(m -> m.get("display_name")).toList());
    // The instants keep PostgreSQL's microseconds.
    Path p = write(r.body());
    List<Map<String, Object>> micros =
        ParquetFiles.query(
            "select epoch_us(created_at) as us from read_parquet('" + p + "') order by id");
    assertThat(micros.stream().map(m -> m.get("us")).toList())
        .containsExactlyElementsOf(db.stream().map(m -> m.get("us")).toList());
  }

  @Test
  void closeExportsOpportunitiesInParquetWithIntegerAndDateColumns() {
    JsonNode job =
        run(server, t.key(), Json.object().put("type", "lead_opps").put("format", "parquet"));
    assertThat(job.path("format").asText()).isEqualTo("parquet");
    ParquetFiles.Table file = ParquetFiles.read(download(job).body(), "id");
    assertThat(file.types())
        .contains(
            entry("value", "BIGINT"),
            entry("confidence", "BIGINT"),
            entry("date_won", "DATE"),
            // Close's name for created_at.
            entry("date_created", "TIMESTAMP WITH TIME ZONE"));
    Map<String, Object> db =
        jdbi.withHandle(h ->
            h.createQuery(
                    "select count(*) as n, coalesce(sum(o.value), 0) as total,"
                        + " count(o.date_won) as won from opportunities o join leads l"
                        + " on l.id = o.lead_id where o.workspace_id = :ws and l.deleted_at is null")
                .bind("ws", t.workspaceId())
                .mapToMap()
                .one());
    assertThat((long) file.rows().size())
        .isEqualTo(((Number) db.get("n")).longValue())
        .isPositive();
    long total = 0;
    long won = 0;
    for (Map<String, Object> row : file.rows()) {
      total += row.get("value") == null ? 0 : (Long) row.get("value");
      won += row.get("date_won") == null ? 0 : 1;
    }
    assertThat(total).isEqualTo(((Number) db.get("total")).longValue());
    assertThat(won).isEqualTo(((Number) db.get("won")).longValue());
  }

  @Test
  void closeExportsLeadsInParquetAsFlatRowsWithSmartFieldCounts() {
    JsonNode job =
        run(
            server,
            t.key(),
            Json.object()
                .put("type", "leads")
                .put("format", "parquet")
                .put("include_smart_fields", true));
    ParquetFiles.Table file = ParquetFiles.read(download(job).body(), "id");
    assertThat(file.rows()).hasSize(400);
    assertThat(file.types()).contains(entry("num_contacts", "BIGINT"), entry("id", "VARCHAR"));
    long contacts = liveContacts();
    assertThat(file.column("num_contacts").stream().mapToLong(v -> (Long) v).sum())
        .isEqualTo(contacts);
  }

  @Test
  void parquetHoldsNoNestedDocumentsSoItsOptionsAreRefused() {
    ObjectNode body =
        Json.object().put("type", "leads").put("format", "parquet").put("include_activities", true);
    Reply r = server.call("POST", "/api/v1/export/lead/", t.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.text()).contains("include_activities");
  }

  @Test
  void theConsoleOffersParquetAndItsFileHoldsTheContactsRows() throws InterruptedException {
    Reply options = server.call("GET", "/api/v1/exports/options", t.key(), null);
    assertThat(options.status()).as(options.toString()).isEqualTo(200);
    assertThat(options.json().path("formats").findValuesAsText("id")).contains("parquet");
    Reply created =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "contacts").put("format", "parquet"));
    assertThat(created.status()).as(created.toString()).isIn(200, 201, 202);
    String id = created.json().path("id").asText();
    JsonNode job = AsyncExports.awaitConsole(server, t.key(), id);
    assertThat(job.path("file_name").asText()).isEqualTo("contacts.parquet");
    Reply link = server.call("POST", "/api/v1/exports/" + id + "/link", t.key(), null);
    Reply file = org.leadport.testing.AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(file.status()).as(file.toString()).isEqualTo(200);
    assertThat(file.header("Content-Type")).startsWith(PARQUET);
    long contacts = liveContacts();
    assertThat((long) ParquetFiles.read(file.body(), null).rows().size()).isEqualTo(contacts);
  }

  @Test
  void theSyncCsvIsZstdEncodedWhenTheClientPrefersItAndDecodesToThePlainBytes() throws Exception {
    Reply plain = sync(null, null);
    Reply zstd = sync(null, "gzip, zstd");
    assertThat(zstd.status()).isEqualTo(200);
    assertThat(zstd.header("Content-Encoding")).isEqualTo("zstd");
    assertThat(zstd.header("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(zstd.body().length).isLessThan(plain.body().length / 3);
    byte[] decoded = new ZstdInputStream(new ByteArrayInputStream(zstd.body())).readAllBytes();
    assertThat(decoded).isEqualTo(plain.body());
    assertThat(sync(null, "gzip").header("Content-Encoding")).isEqualTo("gzip");

    Path tool = Path.of("/usr/bin/zstd");
    if (!Files.isExecutable(tool)) {
      System.err.println(
          "ParquetExportIT: no zstd command-line tool (apt package zstd); its decoding is skipped");
      return;
    }
    Path encoded = write(zstd.body());
    Path out = encoded.resolveSibling(encoded.getFileName() + ".csv");
    Process p =
        new ProcessBuilder(
                tool.toString(), "-d", "-q", "-f", "-o", out.toString(), encoded.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(plain.body());
    Files.deleteIfExists(out);
  }

  private static Path write(byte[] bytes) {
    try {
      Path p = Files.createTempFile("parquet-it-", ".bin");
      p.toFile().deleteOnExit();
      Files.write(p, bytes);
      return p;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** How many contacts the workspace's live leads hold. */
  private static long liveContacts() {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select count(*) from contacts c join leads l on l.id = c.lead_id"
                    + " where c.workspace_id = :ws and l.deleted_at is null")
            .bind("ws", t.workspaceId())
            .mapTo(Long.class)
            .one());
  }
}
