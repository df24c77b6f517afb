package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.leadport.testing.Reply;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The start-up warm-up of the sync export path (issue 18, {@link StartupWarmup}) has run by the
 * time the server answers its first request, wrote nothing, counted no export, and leaves a
 * client's first segment as it was. Not a timing: a test cannot time a cold JVM;
 * bench/export-vs-copy prints the first segment's time to first byte.
 */
class StartupWarmupIT {
  private static final Pattern WARMUP =
      Pattern.compile("(?m)^leadport_startup_warmup_seconds(?:\\{[^}]*\\})? (\\S+)$");

  @Test
  void theServerAnswersOnlyOnceTheWarmUpHasRunAndItLeftNothingBehind() {
    try (TestServer s = TestServer.start()) {
      // The first request this server answers: the warm-up's duration is already there.
      Reply scrape = s.admin("GET", "/metrics", null);
      assertThat(scrape.status()).isEqualTo(200);
      Matcher m = WARMUP.matcher(scrape.text());
      assertThat(m.find()).as("leadport_startup_warmup_seconds in:\n%s", scrape.text()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).isPositive();
      // Its segment is no export of anybody's: no route counted, no rows spent, nothing written.
      assertThat(scrape.text()).doesNotContain("leadport_export_routes_total{");
      Jdbi jdbi = Jdbi.create(s.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
      long written =
          jdbi.withHandle(h ->
              h.createQuery(
                      "select (select count(*) from export_usage)"
                          + " + (select count(*) from rate_limit_buckets)"
                          + " + (select count(*) from workspaces)")
                  .mapTo(Long.class)
                  .one());
      assertThat(written).isZero();
      assertThat(s.call("GET", "/healthz", null, null).status()).isEqualTo(200);

      // A client's first segment after it: the workspace's leads, none of the warm-up's.
      Tenant t = s.tenant("warm");
      assertThat(
              s.admin(
                      "POST",
                      "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
                      org.leadport.json.Json.object().put("leads", 3).put("seed", 7))
                  .status())
          .isEqualTo(200);
      Reply first = s.call("GET", "/api/v1/leads/export", t.key(), null);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("X-Export-Truncated")).isEqualTo("false");
      assertThat(first.text().lines().count()).isEqualTo(4);
    }
  }
}
