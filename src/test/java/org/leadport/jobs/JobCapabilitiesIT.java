package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;

/**
 * The job table's guard for rolling upgrades (docs/deploy.md, "Rolling upgrades"), through a real
 * server and its workers: a job that requires something this node does not know stays queued (not
 * claimed, not failed) while other workspaces' jobs run; every job records what it requires.
 */
class JobCapabilitiesIT {
  static TestServer server;
  static Jdbi jdbi;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    jdbi = Jdbi.create(server.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode csv() {
    return Json.object().put("type", "leads").put("format", "csv");
  }

  static Map<String, Object> row(String id) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select state, attempts, lease_owner, error_code, array_to_string(requires, ',')"
                    + " as requires from export_jobs where id = :id")
            .bind("id", id)
            .mapToMap()
            .one());
  }

  @Test
  void aJobNeedingWhatThisNodeDoesNotKnowStaysQueuedWhileAnotherIsPicked() throws Exception {
    TestServer.Tenant a = server.tenant("newer");
    TestServer.Tenant b = server.tenant("older");
    server.seed(a.workspaceId(), 5, 1);
    server.seed(b.workspaceId(), 5, 2);
    // A job as a newer node would queue it: workspace a's export, requiring something no node
    // of this version knows.
    String done = AsyncExports.run(server, a.key(), csv()).path("id").asText();
    String future = done + "future";
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                insert into export_jobs (id, workspace_id, api_key_id, surface, spec, request,
                  requires, state, created_at, updated_at)
                select :future, workspace_id, api_key_id, surface, spec, request,
                  '{format:csv,format:future,parts}', 'queued', now(), now()
                from export_jobs where id = :done
                """)
            .bind("future", future)
            .bind("done", done)
            .execute());
    String behind = AsyncExports.create(server, a.key(), csv()).path("id").asText();

    // Another workspace's job is picked and runs meanwhile.
    JsonNode other = AsyncExports.run(server, b.key(), csv());
    Thread.sleep(1000);

    assertThat(row(other.path("id").asText()))
        .containsEntry("state", "succeeded")
        .containsEntry("requires", "format:csv,packaging:gzip,parts");
    // Not claimed, not failed: waiting for a node that knows format:future.
    assertThat(row(future))
        .containsEntry("state", "queued")
        .containsEntry("attempts", 0)
        .containsEntry("lease_owner", null)
        .containsEntry("error_code", null);
    // Its workspace's later job waits behind it, as behind any unfinished job.
    assertThat(row(behind)).containsEntry("state", "queued").containsEntry("attempts", 0);
    assertThat(
            server
                .call("GET", "/api/v1/export/" + future + "/", a.key(), null)
                .json()
                .path("status")
                .asText())
        .isEqualTo("created");

    // Once what it requires is known (here: it no longer requires it), a worker runs it, then the
    // job behind it.
    jdbi.useHandle(h ->
        h.createUpdate("update export_jobs set requires = '{format:csv,parts}' where id = :id")
            .bind("id", future)
            .execute());
    assertThat(AsyncExports.await(server, a.key(), future).path("status").asText())
        .isEqualTo("done");
    assertThat(AsyncExports.await(server, a.key(), behind).path("status").asText())
        .isEqualTo("done");
  }

  @Test
  void everyJobRecordsWhatItRequires() {
    TestServer.Tenant t = server.tenant("requires");
    String nested =
        AsyncExports.create(
                server,
                t.key(),
                Json.object().put("type", "leads").put("format", "parquet").put("nested", true))
            .path("id")
            .asText();
    String jsonl =
        AsyncExports.create(
                server, t.key(), Json.object().put("type", "leads").put("format", "jsonl"))
            .path("id")
            .asText();
    assertThat(row(nested))
        .containsEntry("requires", "format:parquet,nested,packaging:plain_or_zip,parts");
    assertThat(row(jsonl)).containsEntry("requires", "format:jsonl,nested,packaging:gzip,parts");
    AsyncExports.await(server, t.key(), nested);
    AsyncExports.await(server, t.key(), jsonl);
    assertThat(List.of(row(nested).get("state"), row(jsonl).get("state")))
        .containsExactly("succeeded", "succeeded");
    assertThat(Capabilities.KNOWN)
        .contains("format:parquet", "packaging:zstd_file", Capabilities.NESTED, Capabilities.PARTS);
  }
}
