package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * {@code LEADPORT_PART_BYTES} ends a part before {@code LEADPORT_PART_ROWS} does: at the first row
 * after the part's written bytes (before Close's gzip) reach the limit (docs/parts.md).
 */
class PartBytesIT {
  static final int LEADS = 450;
  static final long PART_BYTES = 100_000;

  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server =
        TestServer.builder()
            .rateLimit(100_000)
            .exports(e -> e.withParts(1_000_000, PART_BYTES))
            .start();
    t = server.tenant("part-bytes");
    SyntheticData.seed(server.leadport().services().database().jdbi(), t.workspaceId(), LEADS, 5L);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPartEndsAtTheFirstRowAfterItsByteLimit() {
    JsonNode job =
        AsyncExports.run(server, t.key(), Json.object().put("type", "leads").put("format", "csv"));
    JsonNode parts = job.path("manifest").path("parts");
    assertThat(parts.size()).as(job.toString()).isGreaterThan(1);
    long rows = 0;
    for (int i = 0; i < parts.size(); i++) {
      JsonNode p = parts.get(i);
      byte[] csv = AsyncExports.gunzip(AsyncExports.get(p.path("url").asText(), b -> b).body());
      assertThat(new String(csv, StandardCharsets.UTF_8)).startsWith("id,");
      if (i < parts.size() - 1) {
        // The CSV writer's 64 KB buffer is the most the count lags what the part holds.
        assertThat((long) csv.length).isBetween(PART_BYTES, PART_BYTES + 64 * 1024 + 10_000);
      }
      rows += p.path("rows").asLong();
    }
    assertThat(rows).isEqualTo(LEADS);
  }
}
