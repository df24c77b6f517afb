package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import de.siegmar.fastcsv.reader.CsvReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.store.Database;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * {@code LEADPORT_DB_READ_URL}: exports read their rows from the replica while everything else
 * (keys, the lead API, the job queue) stays on the primary. The "replica" here is a second database
 * holding other leads of the same workspace, so which one an answer came from shows in its rows.
 */
class ReadReplicaIT {
  static Database replica;
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() throws SQLException {
    replica = TestDatabase.fresh();
    String url = replica.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
    server = TestServer.builder().readUrl(url).start();
    t = server.tenant("replica");
    server.seed(t.workspaceId(), 20, 1);
    replica
        .jdbi()
        .useHandle(h ->
            h.execute(
                "insert into workspaces (id, name, created_at, updated_at) values (?, ?, ?, ?)",
                t.workspaceId(),
                "replica",
                Instant.now(),
                Instant.now()));
    SyntheticData.seed(replica.jdbi(), t.workspaceId(), 7, 2);
  }

  @AfterAll
  static void stop() {
    server.close();
    replica.close();
  }

  static Set<String> leadIds(Database db) {
    List<String> ids =
        db.jdbi()
            .withHandle(h ->
                h.createQuery("select id from leads where workspace_id = ?")
                    .bind(0, t.workspaceId())
                    .mapTo(String.class)
                    .list());
    return new TreeSet<>(ids);
  }

  static Set<String> firstColumn(byte[] csv) {
    List<String> ids = new ArrayList<>();
    CsvReader.builder()
        .ofCsvRecord(new String(csv, StandardCharsets.UTF_8))
        .forEach(r -> ids.add(r.getField(0)));
    return new TreeSet<>(ids.subList(1, ids.size()));
  }

  @Test
  void theSyncExportReadsTheReplicasRows() {
    Reply r = server.call("GET", "/api/v1/leads/export", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(firstColumn(r.body())).hasSize(7).isEqualTo(leadIds(replica));
  }

  @Test
  void asyncExportsQueueOnThePrimaryAndReadTheReplica() throws Exception {
    Reply created =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "leads").put("format", "csv"));
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    String id = created.json().path("id").asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    JsonNode job;
    do {
      Thread.sleep(50);
      job = server.call("GET", "/api/v1/exports/" + id, t.key(), null).json();
      assertThat(System.nanoTime()).as(job.toString()).isLessThan(deadline);
    } while (!job.path("state").asText().equals("succeeded"));
    assertThat(job.path("rows_done").asLong()).isEqualTo(7);
    Integer queued =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createQuery("select count(*) from export_jobs where id = ?")
                    .bind(0, id)
                    .mapTo(Integer.class)
                    .one());
    assertThat(queued).as("the job row is the primary's").isEqualTo(1);
    Reply link = server.call("POST", "/api/v1/exports/" + id + "/link", t.key(), null);
    Reply file = AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(firstColumn(file.body())).isEqualTo(leadIds(replica));
  }

  @Test
  void theLeadApiStillReadsThePrimary() {
    Reply r = server.call("GET", "/api/v1/leads?limit=100", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    Set<String> ids = new TreeSet<>();
    r.json().path("data").forEach(l -> ids.add(l.path("id").asText()));
    assertThat(ids).hasSize(20).isEqualTo(leadIds(server.leadport().services().database()));
  }
}
