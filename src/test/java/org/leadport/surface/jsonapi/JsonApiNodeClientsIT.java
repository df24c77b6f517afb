package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.NodeProject;
import org.leadport.testing.NodeProject.Run;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * Two JSON:API clients from npm, {@code devour-client} and {@code kitsu} at the versions pinned in
 * {@code src/test/resources/jsonapi-clients/package.json}, against Leadport's MPDX export logs with
 * nothing changed but their base URL: {@code clients.mjs} creates a log with the seed's filter
 * (devour), reads it with {@code include=user} and sparse fieldsets (both), reads a 404 in
 * JSON:API's error shape (devour), and downloads the files as MPDX's web client does ({@code fetch}
 * with {@code ?access_token=}); this test checks its summary and files against the server. Skipped
 * with the reason without node/npm or the npm registry (see {@link NodeProject}).
 */
class JsonApiNodeClientsIT {
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void devourAndKitsuSpeakToTheExportLogsWithOnlyTheirBaseUrlChanged() throws Exception {
    NodeProject project =
        NodeProject.install(
            "jsonapi-clients",
            "JSON:API Node clients test",
            List.of("package.json", "package-lock.json", "clients.mjs"));
    String devourVersion = project.pinned("devour-client");
    String kitsuVersion = project.pinned("kitsu");

    try (TestServer server = TestServer.start()) {
      String ws = server.createWorkspace("jsonapi-node-clients");
      assertThat(server.seed(ws, 40, 11).path("leads").asInt()).isEqualTo(40);
      Reply created =
          server.admin(
              "POST",
              "/admin/v1/workspaces/" + ws + "/api-keys",
              Json.object()
                  .put("name", "node clients")
                  .put("email", "node@clients.example")
                  .set("scopes", Json.array().add("leads.export")));
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      String key = created.json().path("key").asText();
      String keyId = created.json().path("id").asText();

      Path out = project.folder();
      for (String f : List.of("devour-download.csv", "devour-download.xlsx")) {
        Files.deleteIfExists(out.resolve(f));
      }
      Run run =
          project.node(
              "clients.mjs",
              List.of("--base-url", server.url("/api/v2")),
              Map.of("LEADPORT_KEY", key),
              RUN_TIMEOUT);
      assertThat(run.finished()).as("clients.mjs finished%s", run.describe()).isTrue();
      assertThat(run.exit()).as("exit code of clients.mjs%s", run.describe()).isZero();
      JsonNode summary = run.summary();
      assertThat(run.output()).doesNotContain("not deserialized");

      JsonNode devour = summary.path("devour");
      assertThat(devour.path("version").asText()).isEqualTo(devourVersion);
      String id = devour.path("id").asText();
      assertThat(id).as("%s", summary).matches("[0-9a-f-]{36}");
      assertThat(devour.path("params"))
          .isEqualTo(Json.object().put("filter", "{\"status\":\"active\"}"));
      assertThat(devour.path("createdAt").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(devour.path("userId").asText()).isEqualTo(keyId);
      assertThat(devour.path("userName").asText()).isEqualTo("node clients");
      assertThat(devour.path("userEmail").asText()).isEqualTo("node@clients.example");
      assertThat(devour.path("sparseKeys"))
          .as("%s", summary)
          .isEqualTo(
              Json.array().add("export_at").add("id").add("links").add("params").add("type"));
      // devour keys errors by the last segment of their source.pointer.
      JsonNode error = devour.path("error").path("account_list_id");
      assertThat(error.path("title").asText()).as("%s", summary).isEqualTo("Not Found");
      assertThat(error.path("detail").asText()).as("%s", summary).contains("ws_not_mine");

      // The client's downloads are the files the server renders for the same log.
      Reply csv = server.call("GET", ContactExportRoutes.BASE + "/" + id + ".csv", key, null);
      assertThat(csv.status()).isEqualTo(200);
      assertThat(devour.path("files").path("csv").path("contentType").asText())
          .isEqualTo("text/csv; charset=utf-8");
      assertThat(Files.readAllBytes(out.resolve("devour-download.csv"))).isEqualTo(csv.body());
      assertThat(ContactExportIT.column(ContactExportIT.rows(csv), "id")).hasSizeGreaterThan(10);
      assertThat(devour.path("files").path("xlsx").path("contentType").asText())
          .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      assertThat(Files.size(out.resolve("devour-download.xlsx"))).isPositive();

      JsonNode kitsu = summary.path("kitsu");
      assertThat(kitsu.path("version").asText()).isEqualTo(kitsuVersion);
      assertThat(kitsu.path("status").asInt()).isEqualTo(200);
      assertThat(kitsu.path("id").asText()).isEqualTo(id);
      assertThat(kitsu.path("params"))
          .isEqualTo(Json.object().put("filter", "{\"status\":\"active\"}"));
      assertThat(kitsu.path("createdAt").isMissingNode() || kitsu.path("createdAt").isNull())
          .as("fields[export_logs]=params,user left created_at out: %s", kitsu)
          .isTrue();
      assertThat(kitsu.path("user").toString()).as("%s", kitsu).contains(keyId);
      assertThat(kitsu.path("post").toString()).as("%s", kitsu).contains("409");
    }
  }
}
