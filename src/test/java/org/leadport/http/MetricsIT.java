package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** The export and rate-limit meters on {@code /metrics}, after real exports and rejections. */
class MetricsIT {

  /** The value of the one sample of {@code name} whose labels are exactly {@code labels}. */
  static double sample(String scrape, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + ",}") + " (\\S+)$")
            .matcher(scrape);
    Matcher plain =
        Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
            .matcher(scrape);
    if (m.find()) {
      return Double.parseDouble(m.group(1));
    }
    if (plain.find()) {
      return Double.parseDouble(plain.group(1));
    }
    throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + scrape);
  }

  static String scrape(TestServer s) {
    Reply r = s.admin("GET", "/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    return r.text();
  }

  @Test
  void exportsCountTheirRowsBytesDurationsAndOutcomes() {
    try (TestServer s = TestServer.start()) {
      Tenant t = s.tenant("metrics");
      assertThat(
              s.admin(
                      "POST",
                      "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
                      Json.object().put("leads", 42).put("seed", 1))
                  .status())
          .isEqualTo(200);
      Reply sync = s.call("GET", "/api/v1/leads/export", t.key(), null);
      assertThat(sync.status()).isEqualTo(200);
      var job =
          AsyncExports.run(
              s,
              t.key(),
              Json.object()
                  .put("type", "leads")
                  .put("format", "csv")
                  .put("send_done_email", false));
      String scrape = scrape(s);
      assertThat(sample(scrape, "leadport_export_rows_total", "format=\"csv\",surface=\"roofkit\""))
          .isEqualTo(42.0);
      assertThat(
              sample(scrape, "leadport_export_bytes_total", "format=\"csv\",surface=\"roofkit\""))
          .isEqualTo(sync.body().length);
      assertThat(sample(scrape, "leadport_export_rows_total", "format=\"csv\",surface=\"close\""))
          .isEqualTo(42.0);
      assertThat(sample(scrape, "leadport_export_bytes_total", "format=\"csv\",surface=\"close\""))
          .isEqualTo(job.path("file_size").asDouble());
      assertThat(
              sample(
                  scrape,
                  "leadport_export_duration_seconds_count",
                  "format=\"csv\",surface=\"close\""))
          .isEqualTo(1.0);
      assertThat(
              sample(
                  scrape, "leadport_export_jobs_total", "outcome=\"succeeded\",surface=\"close\""))
          .isEqualTo(1.0);
      // The sync segment's route and the job's, each counted once.
      assertThat(
              sample(
                  scrape,
                  "leadport_export_routes_total",
                  "format=\"csv\",route=\"copy\",surface=\"roofkit\""))
          .isEqualTo(1.0);
      assertThat(
              sample(
                  scrape,
                  "leadport_export_routes_total",
                  "format=\"csv\",route=\"copy\",surface=\"close\""))
          .isEqualTo(1.0);
      assertThat(sample(scrape, "leadport_export_queue", "state=\"queued\"")).isEqualTo(0.0);
      assertThat(sample(scrape, "leadport_export_queue", "state=\"running\"")).isEqualTo(0.0);
    }
  }

  /**
   * Sync exports count the route their writer picked, as async jobs do: the partner sync export's
   * CSV and the JSON:API render's CSV are read by COPY, the render's XLSX by cursor.
   */
  @Test
  void syncExportsCountTheRouteTheirRowsWereReadBy() {
    try (TestServer s = TestServer.start()) {
      Tenant t = s.tenant("metrics-routes");
      assertThat(
              s.admin(
                      "POST",
                      "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
                      Json.object().put("leads", 12).put("seed", 1))
                  .status())
          .isEqualTo(200);
      assertThat(s.call("GET", "/api/v1/leads/export", t.key(), null).status()).isEqualTo(200);
      var doc = Json.object();
      doc.putObject("data").put("type", "export_logs");
      Reply log =
          s.send(
              "/api/v2/contacts/exports",
              b ->
                  b.header("Authorization", "Bearer " + t.key())
                      .header("Content-Type", "application/vnd.api+json")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Json.text(doc))));
      assertThat(log.status()).as(log.toString()).isEqualTo(201);
      String id = log.json().path("data").path("id").asText();
      for (String ext : new String[] {"csv", "xlsx"}) {
        Reply render =
            s.send(
                "/api/v2/contacts/exports/" + id + "." + ext,
                b -> b.header("Authorization", "Bearer " + t.key()).GET());
        assertThat(render.status()).as(render.toString()).isEqualTo(200);
      }
      String scrape = scrape(s);
      String routes = "leadport_export_routes_total";
      assertThat(sample(scrape, routes, "format=\"csv\",route=\"copy\",surface=\"roofkit\""))
          .isEqualTo(1.0);
      assertThat(sample(scrape, routes, "format=\"csv\",route=\"copy\",surface=\"jsonapi\""))
          .isEqualTo(1.0);
      assertThat(sample(scrape, routes, "format=\"xlsx\",route=\"cursor\",surface=\"jsonapi\""))
          .isEqualTo(1.0);
      // Counted once each: no second place reports them.
      assertThat(scrape.lines().filter(l -> l.startsWith(routes + "{"))).hasSize(3);
    }
  }

  @Test
  void rateLimitRejectionsAreCountedByGroup() {
    try (TestServer s = TestServer.start(Clock.systemUTC(), 2)) {
      Tenant t = s.tenant("metrics-limits");
      int refused = 0;
      for (int i = 0; i < 5; i++) {
        if (s.call("GET", "/api/v1/leads", t.key(), null).status() == 429) {
          refused++;
        }
      }
      assertThat(refused).isEqualTo(3);
      String scrape = scrape(s);
      assertThat(scrape).contains("leadport_ratelimit_rejections_total{group=");
      double counted = 0;
      for (String line : scrape.split("\n")) {
        if (line.startsWith("leadport_ratelimit_rejections_total{")) {
          counted += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      assertThat(counted).isEqualTo(3.0);
    }
  }
}
