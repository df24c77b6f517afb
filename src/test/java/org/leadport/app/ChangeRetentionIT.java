package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** The retention schedule purges aged changes by itself, and the feed then refuses old cursors. */
class ChangeRetentionIT {
  @Test
  void theSchedulePurgesChangesPastRetention() throws Exception {
    try (TestServer server = TestServer.builder().changesRetention(Duration.ofHours(1)).start()) {
      Tenant t = server.tenant("retention");
      assertThat(
              server
                  .call("POST", "/api/v1/leads", t.key(), Json.object().put("name", "Old"))
                  .status())
          .isEqualTo(201);
      Jdbi jdbi = server.leadport().services().database().jdbi();
      jdbi.useHandle(h ->
          h.execute(
              "update lead_changes set changed_at = changed_at - interval '2 hours'"
                  + " where workspace_id = ?",
              t.workspaceId()));

      ChangeRetention retention =
          new ChangeRetention(server.leadport().services().changes(), Clock.systemUTC())
              .start(Duration.ofMillis(100));
      try {
        Instant deadline = Instant.now().plusSeconds(30);
        while (count(jdbi, t.workspaceId()) > 0) {
          assertThat(Instant.now()).as("the schedule purged the aged change").isBefore(deadline);
          Thread.sleep(50);
        }
      } finally {
        retention.close();
      }
      long purged =
          jdbi.withHandle(h ->
              h.createQuery("select count(*) from lead_changes_purged where workspace_id = ?")
                  .bind(0, t.workspaceId())
                  .mapTo(Long.class)
                  .one());
      assertThat(purged).isEqualTo(1);
    }
  }

  private static long count(Jdbi jdbi, String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery("select count(*) from lead_changes where workspace_id = ?")
            .bind(0, workspaceId)
            .mapTo(Long.class)
            .one());
  }
}
