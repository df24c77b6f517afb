package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.app.Services;
import org.leadport.jobs.ExportJobHandler;
import org.leadport.jobs.JobWorker;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * HubSpot task states that need the queue held still: a server without workers keeps tasks PENDING,
 * and the test runs one job at a time with a worker of its own.
 */
class HubSpotTaskStatesIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    // A rate limit out of the way of the tests' polling (HubSpot's is 100 per 10 s by default).
    server =
        TestServer.builder()
            .rateLimit(100_000)
            .exports(e -> e.withWorkers(0, Duration.ofSeconds(30)))
            .start();
    t = server.tenant("hubspot-states");
    server.admin(
        "POST",
        "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
        Json.object().put("leads", 20).put("seed", 3));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String start(ObjectNode body) {
    Reply r = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().path("id").asText();
  }

  static JsonNode status(String id) {
    Reply r =
        server.call("GET", "/crm/v3/exports/export/async/tasks/" + id + "/status", t.key(), null);
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  /** Runs the oldest queued job with a worker of the test's own. */
  static void runOne() {
    Services s = server.leadport().services();
    JobWorker worker =
        new JobWorker(
            s.jobs(),
            s.files(),
            new ExportJobHandler(s.exporter(), s.exportJobs().budget()),
            "test",
            Duration.ofSeconds(30),
            Duration.ofMillis(20),
            1);
    assertThat(worker.runOnce()).isTrue();
    worker.close();
  }

  static ObjectNode companies(String... properties) {
    ObjectNode body =
        Json.object().put("exportType", "VIEW").put("format", "CSV").put("objectType", "COMPANY");
    var props = body.putArray("objectProperties");
    for (String p : properties) {
      props.add(p);
    }
    return body;
  }

  @Test
  void aPendingTaskCanBeCanceledAndThenHasNoResult() {
    String id = start(companies("hs_object_id"));
    JsonNode pending = status(id);
    assertThat(pending.path("status").asText()).isEqualTo("PENDING");
    assertThat(pending.has("result")).isFalse();
    assertThat(pending.path("requestedAt").asText()).matches(".*\\.\\d{3}Z");
    assertThat(pending.path("startedAt").isNull()).isTrue();
    Reply canceled =
        server.call("POST", "/crm/v3/exports/export/async/tasks/" + id + "/cancel", t.key(), null);
    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.json().path("status").asText()).isEqualTo("CANCELED");
    assertThat(status(id).path("status").asText()).isEqualTo("CANCELED");
    Reply again =
        server.call("POST", "/crm/v3/exports/export/async/tasks/" + id + "/cancel", t.key(), null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("category").asText()).isEqualTo("CONFLICT");
  }

  @Test
  void aTaskThatFailsIsCompleteWithItsErrorAndNoResult() {
    Tenant grows = server.tenant("hubspot-grows");
    ObjectNode xls = companies("hs_object_id", "name").put("format", "XLS");
    Reply started = server.call("POST", "/crm/v3/exports/export/async", grows.key(), xls);
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String id = started.json().path("id").asText();
    // Allowed when asked (no rows yet), then the workspace outgrows what an XLS file may hold.
    assertThat(
            server
                .admin(
                    "POST",
                    "/admin/v1/workspaces/" + grows.workspaceId() + "/seed",
                    Json.object()
                        .put("leads", org.leadport.export.writer.XlsRowWriter.MAX_ROWS + 1))
                .status())
        .isEqualTo(200);
    runOne();
    Reply r =
        server.call(
            "GET", "/crm/v3/exports/export/async/tasks/" + id + "/status", grows.key(), null);
    JsonNode done = r.json();
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETE");
    assertThat(done.has("result")).isFalse();
    assertThat(done.path("numErrors").asInt()).isEqualTo(1);
    JsonNode error = done.path("errors").get(0);
    assertThat(error.path("code").asText()).isEqualTo("TOO_MANY_ROWS_FOR_XLS");
    assertThat(error.path("message").asText()).contains("XLS");
    assertThat(error.path("errors").get(0).path("code").asText())
        .isEqualTo("TOO_MANY_ROWS_FOR_XLS");
    assertThat(done.path("completedAt").asText()).matches(".*\\.\\d{3}Z");
    Reply refused = server.call("POST", "/crm/v3/exports/export/async", grows.key(), xls);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("in").asText()).isEqualTo("format");
  }
}
