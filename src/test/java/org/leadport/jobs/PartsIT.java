package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Errors;
import org.leadport.testing.ParquetFiles;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Exports above the part limits come out as parts on every job surface (docs/parts.md): each part a
 * complete file with its header, listed in the status's manifest with its rows, bytes, SHA-256 and
 * a link signed afresh on each read; each part downloads and resumes like a single file; the job's
 * own link points to the manifest.
 */
class PartsIT {
  static final int LEADS = 10;
  static final int PART_ROWS = 4;

  static TestServer server;
  static Tenant t;
  static JsonNode seeded;

  @BeforeAll
  static void start() {
    server =
        TestServer.builder()
            .rateLimit(100_000)
            .exports(e -> e.withParts(PART_ROWS, 1L << 30))
            .start();
    t = server.tenant("parts");
    seeded = server.seed(t.workspaceId(), LEADS, 7);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void closeExportInPartsWithAManifest() throws Exception {
    JsonNode job =
        AsyncExports.run(server, t.key(), Json.object().put("type", "leads").put("format", "csv"));
    JsonNode manifest = job.path("manifest");
    List<byte[]> files = assertParts(manifest, LEADS, true);
    // Every part is a whole CSV: its own header, then its rows.
    String header = firstLine(files.get(0));
    for (byte[] f : files) {
      assertThat(firstLine(f)).isEqualTo(header);
    }
    // The manifest's schema names the columns the parts have, in their order.
    assertThat(columnNames(manifest.path("schema"))).isEqualTo(header.stripTrailing()); // CRLF
    assertThat(manifest.path("schema").path("row_type").asText()).isEqualTo("leads");
    assertThat(job.path("file_size").isNull()).isTrue();
    assertThat(job.path("sha256").isNull()).isTrue();

    // The job's own link names no one file: a 409 that points to the manifest.
    Reply whole = AsyncExports.get(job.path("download_url").asText(), b -> b);
    Errors.assertError(whole, 409, "export_in_parts", null);
    assertThat(whole.json().path("message").asText()).contains("manifest");

    // A part resumes with Range like a single file, its ETag its checksum.
    String url = manifest.path("parts").get(1).path("url").asText();
    Reply all = AsyncExports.get(url, b -> b);
    Reply rest = AsyncExports.get(url, b -> b.header("Range", "bytes=10-"));
    assertThat(rest.status()).isEqualTo(206);
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(all.body(), 10, all.body().length));
    Reply ifRange =
        AsyncExports.get(
            url, b -> b.header("Range", "bytes=10-").header("If-Range", all.header("ETag")));
    assertThat(ifRange.status()).isEqualTo(206);

    // Each read of the status mints fresh links; the earlier ones stay valid until they expire.
    Thread.sleep(1100);
    JsonNode again =
        server.call("GET", "/api/v1/export/" + job.path("id").asText() + "/", t.key(), null).json();
    String fresh = again.path("manifest").path("parts").get(1).path("url").asText();
    assertThat(fresh).isNotEqualTo(url);
    assertThat(AsyncExports.get(fresh, b -> b).body()).isEqualTo(all.body());
    assertThat(AsyncExports.get(url, b -> b).status()).isEqualTo(200);

    // An altered part link is refused like any other.
    assertThat(AsyncExports.get(url.replace("-part-2", "-part-3"), b -> b).status()).isEqualTo(403);
  }

  /**
   * Nested lead documents (JSON, NDJSON, nested Parquet) come in parts counted in documents, each
   * part a whole file of its format, and the parts hold exactly the one file's documents in its
   * order. One database, with no worker of its own: a node without part limits runs each export as
   * one file, then a node with them runs it again in parts.
   */
  @Test
  void nestedExportsInPartsHoldTheOneFilesDocuments() throws Exception {
    List<ObjectNode> requests =
        List.of(
            Json.object().put("type", "leads").put("format", "json"),
            Json.object().put("type", "leads").put("format", "jsonl"),
            Json.object().put("type", "leads").put("format", "parquet").put("nested", true));
    try (TestServer db =
        TestServer.builder().rateLimit(100_000).exports(e -> e.withWorkers(0, e.lease())).start()) {
      Tenant nested = db.tenant("nestedparts");
      db.seed(nested.workspaceId(), LEADS, 7);
      List<byte[]> whole = new ArrayList<>();
      try (TestServer oneFile = db.sibling(e -> e.withWorkers(1, e.lease()))) {
        for (ObjectNode request : requests) {
          JsonNode job = AsyncExports.run(oneFile, nested.key(), request);
          assertThat(job.has("manifest")).as("one file: %s", job).isFalse();
          boolean parquet = request.path("format").asText().equals("parquet");
          whole.add(parquet ? AsyncExports.download(job).body() : AsyncExports.file(job));
        }
      }
      try (TestServer parted =
          db.sibling(e -> e.withWorkers(1, e.lease()).withParts(PART_ROWS, 1L << 30))) {
        for (int r = 0; r < requests.size(); r++) {
          String format = requests.get(r).path("format").asText();
          JsonNode job = AsyncExports.run(parted, nested.key(), requests.get(r));
          JsonNode manifest = job.path("manifest");
          List<byte[]> files = assertParts(manifest, LEADS, !format.equals("parquet"));
          if (format.equals("parquet")) {
            // Each part a whole Parquet file that an independent reader (DuckDB) reads alone,
            // with the one file's columns and, in order, its leads.
            ParquetFiles.Table one = ParquetFiles.read(whole.get(r), null);
            List<Object> ids = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
              ParquetFiles.Table table = ParquetFiles.read(files.get(i), null);
              assertThat(table.types()).isEqualTo(one.types());
              assertThat((long) table.rows().size())
                  .isEqualTo(manifest.path("parts").get(i).path("rows").asLong());
              ids.addAll(table.column("id"));
            }
            assertThat(ids).isEqualTo(one.column("id"));
            continue;
          }
          List<JsonNode> documents = new ArrayList<>();
          for (int i = 0; i < files.size(); i++) {
            List<JsonNode> part = documents(format, files.get(i));
            assertThat((long) part.size())
                .isEqualTo(manifest.path("parts").get(i).path("rows").asLong());
            documents.addAll(part);
          }
          assertThat(documents).hasSize(LEADS).isEqualTo(documents(format, whole.get(r)));
          assertThat(documents.get(0).path("contacts").isArray()).isTrue();
        }
      }
    }
  }

  /** The documents of a whole JSON array, or of whole NDJSON (its last line ended too). */
  private static List<JsonNode> documents(String format, byte[] file) throws Exception {
    String text = new String(file, StandardCharsets.UTF_8);
    List<JsonNode> documents = new ArrayList<>();
    if (format.equals("json")) {
      Json.parse(text).forEach(documents::add);
    } else {
      assertThat(text).endsWith("\n");
      for (String line : text.split("\n")) {
        documents.add(Json.parse(line));
      }
    }
    return documents;
  }

  @Test
  void parquetPartsAreEachAWholeParquetFile() throws Exception {
    JsonNode job =
        AsyncExports.run(
            server, t.key(), Json.object().put("type", "leads").put("format", "parquet"));
    // Close delivers Parquet plain: its pages are compressed already.
    List<byte[]> files = assertParts(job.path("manifest"), LEADS, false);
    Set<Object> ids = new java.util.HashSet<>();
    for (int i = 0; i < files.size(); i++) {
      // An independent reader (DuckDB) reads each part on its own, with the part's rows.
      ParquetFiles.Table table = ParquetFiles.read(files.get(i), null);
      assertThat((long) table.rows().size())
          .isEqualTo(job.path("manifest").path("parts").get(i).path("rows").asLong());
      ids.addAll(table.column("id"));
    }
    assertThat(ids).hasSize(LEADS);
  }

  @Test
  void consoleExportInParts() throws Exception {
    Reply created =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "leads").put("format", "ndjson"));
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    String id = created.json().path("id").asText();
    JsonNode job = AsyncExports.awaitConsole(server, t.key(), id);
    List<byte[]> files = assertParts(job.path("manifest"), LEADS, false);
    int lines = 0;
    for (byte[] f : files) {
      lines += new String(f, StandardCharsets.UTF_8).split("\n").length;
    }
    assertThat(lines).isEqualTo(LEADS);
    assertThat(job.path("file_size").isNull()).isTrue();
    Reply link = server.call("POST", "/api/v1/exports/" + id + "/link", t.key(), null);
    Errors.assertError(link, 409, "export_in_parts", null);
    // The console's list says how many parts (its Download reads the job's manifest), and so does
    // the job; an export of one file has no such key.
    assertThat(job.path("parts").asInt()).isEqualTo(files.size());
    JsonNode listed = null;
    for (JsonNode j :
        server.call("GET", "/api/v1/exports?limit=100", t.key(), null).json().path("data")) {
      if (j.path("id").asText().equals(id)) {
        listed = j;
      }
    }
    assertThat(listed).as("the list shows %s", id).isNotNull();
    assertThat(listed.path("parts").asInt()).isEqualTo(files.size());
    assertThat(listed.path("file_size").isNull()).isTrue();
    assertThat(listed.has("manifest")).isFalse();
  }

  @Test
  void compressedExportInPartsCompressesEachPart() throws Exception {
    Reply created =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "leads").put("format", "csv").put("compression", "zstd"));
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    JsonNode job = AsyncExports.awaitConsole(server, t.key(), created.json().path("id").asText());
    List<byte[]> files = assertParts(job.path("manifest"), LEADS, false);
    String header = null;
    long records = 0;
    for (int i = 0; i < files.size(); i++) {
      // Each part is a .zst file of its own, a whole CSV with its header once decoded.
      assertThat(job.path("manifest").path("parts").get(i).path("url").asText())
          .contains("-part-" + (i + 1) + ".csv.zst?");
      String csv =
          new String(
              new ZstdInputStream(new ByteArrayInputStream(files.get(i))).readAllBytes(),
              StandardCharsets.UTF_8);
      String first = csv.substring(0, csv.indexOf('\n'));
      assertThat(first).isEqualTo(header == null ? first : header);
      header = first;
      records += csv.split("\r\n", -1).length - 2; // the header, and the empty end
    }
    assertThat(records).isEqualTo(LEADS);
  }

  @Test
  void hubSpotExportInParts() throws Exception {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("exportName", "All contacts")
            .put("language", "EN")
            .put("objectType", "CONTACT");
    body.putArray("objectProperties").add("email");
    Reply started = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String status =
        "/crm/v3/exports/export/async/tasks/" + started.json().path("id").asText() + "/status";
    JsonNode done;
    do {
      Thread.sleep(50);
      done = server.call("GET", status, t.key(), null).json();
    } while (!done.path("status").asText().equals("COMPLETE"));
    long contacts = seeded.path("contacts").asLong();
    assertThat(contacts).isGreaterThan(PART_ROWS);
    List<byte[]> files = assertParts(done.path("manifest"), contacts, false);
    // HubSpot's status gives the schema in its camelCase, with the columns the parts have.
    JsonNode schema = done.path("manifest").path("schema");
    assertThat(schema.path("rowType").asText()).isEqualTo("contacts");
    assertThat(columnNames(schema)).isEqualTo(firstLine(files.get(0)).stripTrailing());
    for (JsonNode p : done.path("manifest").path("parts")) {
      assertThat(p.path("url").asText()).matches(".*/All_contacts-part-\\d+\\.csv\\?.*");
    }
  }

  /** The schema's column names, joined by commas as a CSV header without quotes is. */
  private static String columnNames(JsonNode schema) {
    List<String> names = new java.util.ArrayList<>();
    schema.path("columns").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).isNotEmpty();
    return String.join(",", names);
  }

  /**
   * Checks the manifest's exact shape and downloads every part: the rows add up to {@code rows},
   * each part's bytes and SHA-256 are those downloaded. Returns the parts' contents (decoded).
   */
  static List<byte[]> assertParts(JsonNode manifest, long rows, boolean gzip) throws Exception {
    assertThat(manifest.isObject()).as("manifest: %s", manifest).isTrue();
    assertThat(manifest.properties().stream().map(e -> e.getKey()).toList())
        .containsExactly("parts", "total", "schema");
    int expected = (int) ((rows + PART_ROWS - 1) / PART_ROWS);
    assertThat(manifest.path("parts").size()).isEqualTo(expected);
    long sumRows = 0;
    long sumBytes = 0;
    List<byte[]> out = new ArrayList<>();
    int n = 1;
    for (JsonNode p : manifest.path("parts")) {
      assertThat(p.properties().stream().map(e -> e.getKey()).toList())
          .containsExactly("part", "rows", "bytes", "sha256", "url");
      assertThat(p.path("part").asInt()).isEqualTo(n++);
      Reply r = AsyncExports.get(p.path("url").asText(), b -> b);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat((long) r.body().length).isEqualTo(p.path("bytes").asLong());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())))
          .isEqualTo(p.path("sha256").asText());
      assertThat(r.header("ETag")).contains(p.path("sha256").asText());
      sumRows += p.path("rows").asLong();
      sumBytes += p.path("bytes").asLong();
      out.add(gzip ? AsyncExports.gunzip(r.body()) : r.body());
    }
    assertThat(sumRows).isEqualTo(rows);
    assertThat(manifest.path("total").path("parts").asInt()).isEqualTo(expected);
    assertThat(manifest.path("total").path("rows").asLong()).isEqualTo(rows);
    assertThat(manifest.path("total").path("bytes").asLong()).isEqualTo(sumBytes);
    return out;
  }

  private static String firstLine(byte[] file) {
    String s = new String(file, StandardCharsets.UTF_8);
    return s.substring(0, s.indexOf('\n'));
  }
}
