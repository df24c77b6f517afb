package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.DownloadUrls;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Every download URL Leadport emits is a valid RFC 3986 URI that downloads whether a client sends
 * it as given or encodes it again, whatever the export is named, and the download's {@code
 * Content-Disposition} gives the user's own name back.
 */
class DownloadUrlIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    // Polls HubSpot task status as fast as the tests need, past the 10-second window of a default
    // key.
    server = TestServer.builder().rateLimit(100_000).start();
    t = server.tenant("download-urls");
    server.seed(t.workspaceId(), 5, 3);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Downloads the URL as given, re-encoded and through Java's client; returns the first reply. */
  static Reply assertDownloads(String url) {
    Reply given = DownloadUrls.get(url, DownloadUrls.target(url));
    assertThat(given.status()).as("%s as given: %s", url, given).isEqualTo(200);
    String reencoded = DownloadUrls.reencodedTarget(url);
    Reply again = DownloadUrls.get(url, reencoded);
    assertThat(again.status()).as("%s re-encoded: %s", reencoded, again).isEqualTo(200);
    assertThat(again.body()).isEqualTo(given.body());
    assertThat(AsyncExports.get(url, b -> b).status()).isEqualTo(200);
    return given;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "All contacts",
        "Kontakte März",
        "a#b",
        "100%",
        "in/out",
        "what?",
        "a+b",
        "📈 Q3 😀",
        "\"quoted\" 'name'",
        "Контакты",
        "顧客",
      })
  void hubSpotExportNames(String name) throws InterruptedException {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("exportName", name)
            .put("language", "EN")
            .put("objectType", "CONTACT");
    body.putArray("objectProperties").add("email");
    Reply started = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String status = "/crm/v3/exports/export/async/tasks/" + started.json().path("id").asText();
    JsonNode done = await(status + "/status");
    String url = done.path("result").asText();
    DownloadUrls.assertStrictUri(url);
    Reply file = assertDownloads(url);
    // The name keeps the user's characters; only a path separator cannot be part of a file name.
    assertThat(DownloadUrls.fileName(file.header("Content-Disposition")))
        .isEqualTo(name.replace('/', '_') + ".csv");
    assertThat(file.header("Content-Disposition")).matches("[\\x20-\\x7E]+");

    // The console API mints links to every surface's jobs: the same kind of URL.
    String job = url.split("/downloads/")[1].split("/")[0];
    Reply link = server.call("POST", "/api/v1/exports/" + job + "/link", t.key(), null);
    assertThat(link.status()).as(link.toString()).isEqualTo(200);
    Reply again = assertDownloads(link.json().path("url").asText());
    assertThat(again.header("Content-Disposition")).isEqualTo(file.header("Content-Disposition"));
  }

  @Test
  void closeLinks() {
    JsonNode close =
        AsyncExports.run(server, t.key(), Json.object().put("type", "leads").put("format", "csv"));
    String url = close.path("download_url").asText();
    Reply file = assertDownloads(url);
    assertThat(DownloadUrls.fileName(file.header("Content-Disposition")))
        .isEqualTo("leads-" + close.path("id").asText() + ".csv");
  }

  @Test
  void aTamperedLinkIsStillRefused() throws InterruptedException {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("exportName", "Kontakte März")
            .put("objectType", "CONTACT");
    body.putArray("objectProperties").add("email");
    Reply started = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    String url =
        await(
                "/crm/v3/exports/export/async/tasks/"
                    + started.json().path("id").asText()
                    + "/status")
            .path("result")
            .asText();
    String target = DownloadUrls.target(url);
    for (String altered :
        new String[] {
          target.replace("Kontakte_Marz", "Kontakte_M%C3%A4rz"),
          target.replace("Kontakte_Marz", "Kontakte%20Marz"),
          target.replace("Kontakte_Marz", "Kontakte_Marz2"),
          target.replace("/Kontakte_Marz.csv", "/leads.csv"),
          target.replace("signature=", "signature=A"),
          target.replace("expires=", "expires=1"),
          target.substring(0, target.indexOf('?')),
        }) {
      assertThat(altered).isNotEqualTo(target);
      Reply r = DownloadUrls.get(url, altered);
      assertThat(r.status()).as(altered).isEqualTo(403);
      assertThat(r.json().path("code").asText()).isEqualTo("invalid_download_url");
    }
  }

  static JsonNode await(String statusPath) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      Reply r = server.call("GET", statusPath, t.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      if (r.json().path("status").asText().equals("COMPLETE")) {
        assertThat(r.json().path("numErrors").asInt()).as(r.toString()).isZero();
        return r.json();
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
