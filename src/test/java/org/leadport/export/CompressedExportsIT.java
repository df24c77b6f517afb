package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.AsyncExports.download;
import static org.leadport.testing.AsyncExports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;
import org.leadport.testing.ZstdTool;

/**
 * Compression of async exports ({@code compression}: none, gzip, zstd) on Close and the console,
 * and zstd on the change feed's NDJSON (docs/parquet.md, "Compressed downloads"): every zstd body
 * is decoded by the Java decoder and by the {@code zstd} command-line tool, and equals the plain
 * export of the same data.
 */
class CompressedExportsIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("compressed");
    SyntheticData.seed(server.leadport().services().database().jdbi(), t.workspaceId(), 300, 7);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ObjectNode close(String format) {
    return Json.object().put("type", "leads").put("format", format);
  }

  @Test
  void closeZstdIsADotZstFileThatDecodesToTheGzipExportsBytes() {
    byte[] gzip = AsyncExports.file(run(server, t.key(), close("csv")));
    JsonNode job = run(server, t.key(), close("csv").put("compression", "zstd"));
    Reply r = download(job);
    assertThat(r.header("Content-Type")).isEqualTo("application/zstd");
    assertThat(r.header("Content-Disposition")).contains(".csv.zst");
    assertThat(ZstdTool.decodeInJava(r.body())).isEqualTo(gzip);
    byte[] byTool = ZstdTool.decodeWithTool(r.body(), "CompressedExportsIT");
    if (byTool != null) {
      assertThat(byTool).isEqualTo(gzip);
    }
    assertThat(r.body().length).isLessThan(gzip.length / 3);
  }

  @Test
  void closeJsonlInZstdDecodesToOneLeadALine() {
    byte[] gzip = AsyncExports.file(run(server, t.key(), close("jsonl")));
    Reply r = download(run(server, t.key(), close("jsonl").put("compression", "zstd")));
    assertThat(ZstdTool.decodeInJava(r.body())).isEqualTo(gzip);
    byte[] byTool = ZstdTool.decodeWithTool(r.body(), "CompressedExportsIT");
    if (byTool != null) {
      assertThat(new String(byTool, StandardCharsets.UTF_8).lines()).hasSize(300);
    }
  }

  @Test
  void closeCompressionNoneIsThePlainFileAndGzipStaysItsDefault() {
    byte[] gzip = AsyncExports.file(run(server, t.key(), close("csv").put("compression", "gzip")));
    Reply plain = download(run(server, t.key(), close("csv").put("compression", "none")));
    assertThat(plain.header("Content-Type")).startsWith("text/csv");
    assertThat(plain.body()).isEqualTo(gzip);
  }

  @Test
  void closeParquetIsDeliveredPlainAndRefusesASecondCompression() {
    Reply parquet = download(run(server, t.key(), close("parquet")));
    assertThat(parquet.header("Content-Type")).isEqualTo("application/vnd.apache.parquet");
    // The file's own magic: no gzip around it.
    assertThat(new String(parquet.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    Reply refused =
        server.call(
            "POST", "/api/v1/export/lead/", t.key(), close("parquet").put("compression", "zstd"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.text()).contains("compression");
    Reply unknown =
        server.call(
            "POST", "/api/v1/export/lead/", t.key(), close("csv").put("compression", "brotli"));
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
    assertThat(unknown.text()).contains("compression");
  }

  @Test
  void theConsoleCompressesAsAskedIntoGzOrZstFiles() throws InterruptedException {
    Reply plain = console(Json.object().put("type", "leads").put("format", "csv"));
    Reply zst =
        console(Json.object().put("type", "leads").put("format", "csv").put("compression", "zstd"));
    assertThat(zst.header("Content-Type")).isEqualTo("application/zstd");
    assertThat(zst.header("Content-Disposition")).contains("leads.csv.zst");
    assertThat(ZstdTool.decodeInJava(zst.body())).isEqualTo(plain.body());
    byte[] byTool = ZstdTool.decodeWithTool(zst.body(), "CompressedExportsIT");
    if (byTool != null) {
      assertThat(byTool).isEqualTo(plain.body());
    }
    Reply gz =
        console(Json.object().put("type", "leads").put("format", "csv").put("compression", "gzip"));
    assertThat(gz.header("Content-Type")).isEqualTo("application/gzip");
    assertThat(gz.header("Content-Disposition")).contains("leads.csv.gz");
    assertThat(AsyncExports.gunzip(gz.body())).isEqualTo(plain.body());

    Reply refused =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "leads").put("format", "xlsx").put("compression", "zstd"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.text()).contains("compression");
  }

  @Test
  void theChangeFeedsNdjsonIsZstdEncodedForAClientThatPrefersIt() {
    Reply plain = changes(null);
    Reply zstd = changes("gzip, zstd");
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    assertThat(plain.header("Content-Encoding")).isNull();
    assertThat(zstd.status()).as(zstd.toString()).isEqualTo(200);
    assertThat(zstd.header("Content-Encoding")).isEqualTo("zstd");
    assertThat(zstd.header("Content-Type")).startsWith("application/x-ndjson");
    assertThat(zstd.header("X-Next-Cursor")).isEqualTo(plain.header("X-Next-Cursor"));
    assertThat(zstd.header("Vary")).contains("Accept-Encoding");
    assertThat(ZstdTool.decodeInJava(zstd.body())).isEqualTo(plain.body());
    byte[] byTool = ZstdTool.decodeWithTool(zstd.body(), "CompressedExportsIT");
    if (byTool != null) {
      assertThat(byTool).isEqualTo(plain.body());
    }
    assertThat(new String(plain.body(), StandardCharsets.UTF_8).lines()).hasSize(200);
    // A client that prefers gzip still gets what Javalin gave it before.
    assertThat(changes("gzip").header("Content-Encoding")).isEqualTo("gzip");
  }

  private static Reply changes(String encoding) {
    return server.send(
        "/api/v1/changes?limit=200",
        b -> {
          b.header("Authorization", "Bearer " + t.key());
          b.header("Accept", "application/x-ndjson");
          if (encoding != null) {
            b.header("Accept-Encoding", encoding);
          }
          return b.GET();
        });
  }

  /** Runs a console export and downloads its file as served. */
  private static Reply console(ObjectNode body) throws InterruptedException {
    Reply created = server.call("POST", "/api/v1/exports", t.key(), body);
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    String id = created.json().path("id").asText();
    AsyncExports.awaitConsole(server, t.key(), id);
    Reply link = server.call("POST", "/api/v1/exports/" + id + "/link", t.key(), null);
    Reply file = AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(file.status()).as(file.toString()).isEqualTo(200);
    assertThat(file.header("Content-Encoding")).isNull();
    return file;
  }
}
