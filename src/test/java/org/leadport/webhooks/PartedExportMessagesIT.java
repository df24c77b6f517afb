package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ClassServer;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * The messages sent once about an export in parts (docs/parts.md), whose own download link is a
 * 409: its {@code export.completed} webhook event carries the manifest (every part's rows, bytes,
 * SHA-256 and a link minted at send time, and the column schema) and its status's URL, and its done
 * email lists every part with its link. Every link in them downloads the part its checksum names.
 */
class PartedExportMessagesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int LEADS = 10;
  private static final int PART_ROWS = 4;
  private static final Pattern PART =
      Pattern.compile("Part (\\d+): (\\d+) rows, (\\d+) bytes, SHA-256 ([0-9a-f]{64})\n(\\S+)\n");

  @RegisterExtension
  static final ClassServer SERVER =
      ClassServer.mailing(b ->
          b.exports(e -> e.withParts(PART_ROWS, 1L << 30)).webhooks(w -> w.withAllowPrivate(true)));

  private static TestServer server() {
    return SERVER.server();
  }

  @Test
  void theWebhookEventCarriesTheManifestAndEveryPartLinkDownloads() throws Exception {
    var t = server().tenant("wh-parts");
    server().seed(t.workspaceId(), LEADS, 3);
    try (Receiver receiver = new Receiver()) {
      Reply created = server().call("POST", "/api/v1/webhooks", t.key(), endpoint(receiver));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      JsonNode job =
          AsyncExports.run(
              server(), t.key(), Json.object().put("type", "leads").put("format", "csv"));
      String id = job.path("id").asText();
      Receiver.Request r = receiver.await("/parts", l -> !l.isEmpty(), WAIT).get(0);
      JsonNode data = Json.parse(r.text()).path("data");
      assertThat(data.path("id").asText()).isEqualTo(id);
      assertThat(data.path("status").asText()).isEqualTo("succeeded");
      assertThat(data.path("rows").asLong()).isEqualTo(LEADS);
      // No link that answers 409: the parts' links instead, and no size of a file that is not one.
      assertThat(data.path("download_url").isNull()).isTrue();
      assertThat(data.path("file_size").isNull()).isTrue();
      assertThat(data.path("status_url").asText())
          .isEqualTo(server().url("/api/v1/export/" + id + "/"));

      JsonNode manifest = data.path("manifest");
      assertThat(manifest.properties().stream().map(e -> e.getKey()).toList())
          .containsExactly("parts", "total", "schema");
      // The same parts, rows, sizes and checksums as the status lists, and the same schema,
      // rendered from the stored spec in the transaction that ended the job.
      JsonNode status = job.path("manifest");
      assertThat(manifest.path("total")).isEqualTo(status.path("total"));
      assertThat(manifest.path("schema")).isEqualTo(status.path("schema"));
      assertThat(manifest.path("schema").path("columns").get(0).path("name").asText())
          .isEqualTo("id");
      assertThat(manifest.path("parts").size()).isEqualTo(3);
      long rows = 0;
      for (int i = 0; i < manifest.path("parts").size(); i++) {
        JsonNode p = manifest.path("parts").get(i);
        JsonNode s = status.path("parts").get(i);
        for (String key : List.of("part", "rows", "bytes", "sha256")) {
          assertThat(p.path(key)).as(key).isEqualTo(s.path(key));
        }
        assertDownloads(
            p.path("url").asText(), p.path("bytes").asLong(), p.path("sha256").asText());
        rows += p.path("rows").asLong();
      }
      assertThat(rows).isEqualTo(LEADS);
      // The status URL mints fresh links.
      Reply again = server().call("GET", "/api/v1/export/" + id + "/", t.key(), null);
      assertThat(again.json().path("manifest").path("total")).isEqualTo(manifest.path("total"));
    }
  }

  @Test
  void theDoneEmailListsEveryPartWithAWorkingLink() throws Exception {
    String ws = server().createWorkspace("mail-parts");
    server().seed(ws, LEADS, 5);
    ObjectNode keyBody = Json.object().put("name", "owner").put("email", "parts@example.com");
    keyBody.putArray("scopes").add("leads.read").add("leads.export");
    Reply key = server().admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", keyBody);
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    JsonNode job =
        AsyncExports.run(
            server(),
            key.json().path("key").asText(),
            Json.object().put("type", "leads").put("format", "csv"));
    String id = job.path("id").asText();

    MimeMessage mail = awaitEmail(id);
    // SMTP carries the body's lines with CRLF.
    String body = ((String) mail.getContent()).replace("\r\n", "\n");
    assertThat(body)
        .contains("Rows: " + LEADS + "\n", "Parts: 3, each a whole file.")
        .contains("read the export's status: " + server().url("/api/v1/export/" + id + "/"))
        .doesNotContain("Download: ");
    Matcher m = PART.matcher(body);
    List<Integer> numbers = new ArrayList<>();
    long rows = 0;
    JsonNode listed = job.path("manifest").path("parts");
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      numbers.add(n);
      rows += Long.parseLong(m.group(2));
      assertThat(m.group(4)).isEqualTo(listed.get(n - 1).path("sha256").asText());
      assertDownloads(m.group(5), Long.parseLong(m.group(3)), m.group(4));
    }
    assertThat(numbers).containsExactly(1, 2, 3);
    assertThat(rows).isEqualTo(LEADS);
  }

  private static ObjectNode endpoint(Receiver receiver) {
    ObjectNode body = Json.object().put("url", receiver.url("/parts"));
    body.putArray("events").add("export.completed");
    return body;
  }

  /** Downloads {@code url} without a key and checks its size and SHA-256. */
  private static void assertDownloads(String url, long bytes, String sha256) throws Exception {
    Reply r = AsyncExports.get(url, b -> b);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat((long) r.body().length).isEqualTo(bytes);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())))
        .isEqualTo(sha256);
  }

  private static MimeMessage awaitEmail(String id) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (MimeMessage m : SERVER.mail().getReceivedMessages()) {
        if (m.getSubject().startsWith("Your Leadport export " + id + " ")) {
          return m;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no done email of " + id);
  }
}
