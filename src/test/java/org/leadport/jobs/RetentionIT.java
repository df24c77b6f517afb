package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.leadport.app.Services;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Errors;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Files past retention, black-box on a real server with a clock the test moves: the sweeper keeps a
 * done export's file until its retention is over and deletes it just after; then the file is gone
 * from storage, links (old or new) no longer serve it, and the job is still there, done.
 */
class RetentionIT {
  private static final Duration RETENTION = Duration.ofHours(1);
  // Longer than retention: a link minted at the end still has a valid signature after the
  // file's deletion, so its 403 comes from the deletion, not from the link's expiry.
  private static final Duration LINK_TTL = Duration.ofHours(3);

  MutableClock clock;
  TestServer server;
  Tenant tenant;

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    server =
        TestServer.builder()
            .clock(clock)
            .exports(e -> e.withRetention(RETENTION).withDownloadTtl(LINK_TTL))
            .start();
    tenant = server.tenant("retention");
    server.seed(tenant.workspaceId(), 12, 3);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aDoneExportsFileIsDeletedJustAfterRetentionAndTheJobStaysDone() throws Exception {
    JsonNode first = export();
    String id = first.path("id").asText();
    String oldLink = first.path("download_url").asText();
    byte[] content = AsyncExports.file(first);
    assertThat(new String(content, StandardCharsets.UTF_8)).startsWith("id,");
    Instant finished = stored(id).finishedAt();
    assertThat(finished).isEqualTo(clock.instant());
    assertThat(filesOf(id)).hasSize(1);

    // A younger export, finished half an hour later: it must outlive the first one's deletion.
    clock.advance(Duration.ofMinutes(30));
    JsonNode second = export();
    String secondId = second.path("id").asText();
    String secondLink = second.path("download_url").asText();
    Instant secondFinished = stored(secondId).finishedAt();
    assertThat(filesOf(secondId)).hasSize(1);

    JobSweeper sweeper = sweeper();

    // Just before the end of retention: nothing goes.
    moveTo(finished.plus(RETENTION).minusSeconds(1));
    assertThat(sweeper.sweepOnce()).isZero();
    assertThat(filesOf(id)).hasSize(1);
    Reply before = AsyncExports.get(oldLink, b -> b);
    assertThat(before.status()).as(before.toString()).isEqualTo(200);
    assertThat(AsyncExports.gunzip(before.body())).isEqualTo(content);
    assertThat(read(id).path("download_url").isTextual()).isTrue();

    // Just after: the first file goes (the server's own sweeper could beat ours to it, so the
    // outcome counts, not which sweeper did it).
    moveTo(finished.plus(RETENTION).plusSeconds(1));
    assertThat(sweeper.sweepOnce()).isBetween(0, 1);
    assertThat(filesOf(id)).isEmpty();
    assertThat(stored(id).fileKey()).isNull();
    assertThat(stored(id).fileDeletedAt()).isEqualTo(clock.instant());

    Reply gone = AsyncExports.get(oldLink, b -> b);
    Errors.assertError(gone, 403, "invalid_download_url", null);
    Reply head =
        AsyncExports.get(oldLink, b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.status()).isEqualTo(403);

    JsonNode job = read(id);
    assertThat(job.path("status").asText()).isEqualTo("done");
    assertThat(job.path("download_url").isNull()).as(job.toString()).isTrue();
    assertThat(job.path("file_size").isNull()).isTrue();
    assertThat(job.path("sha256").isNull()).isTrue();
    assertThat(job.path("n_docs").asLong()).isEqualTo(12);
    assertThat(job.path("date_finished").isTextual()).isTrue();

    JsonNode listed = listed(id);
    assertThat(listed.path("status").asText()).isEqualTo("done");
    assertThat(listed.path("download_url").isNull()).isTrue();

    // The younger export is untouched.
    assertThat(filesOf(secondId)).hasSize(1);
    Reply younger = AsyncExports.get(secondLink, b -> b);
    assertThat(younger.status()).as(younger.toString()).isEqualTo(200);
    assertThat(read(secondId).path("download_url").isTextual()).isTrue();

    // Sweeping again finds nothing more to do.
    assertThat(sweeper.sweepOnce()).isZero();

    // And the younger one goes at the end of its own retention.
    moveTo(secondFinished.plus(RETENTION).minusSeconds(1));
    assertThat(sweeper.sweepOnce()).isZero();
    assertThat(filesOf(secondId)).hasSize(1);
    moveTo(secondFinished.plus(RETENTION).plusSeconds(1));
    sweeper.sweepOnce();
    assertThat(filesOf(secondId)).isEmpty();
    assertThat(AsyncExports.get(secondLink, b -> b).status()).isEqualTo(403);
    assertThat(read(secondId).path("status").asText()).isEqualTo("done");
    assertThat(read(secondId).path("download_url").isNull()).isTrue();
    assertThat(listed(secondId).path("status").asText()).isEqualTo("done");
    sweeper.close();
  }

  private JsonNode export() {
    return AsyncExports.run(
        server,
        tenant.key(),
        Json.object().put("type", "leads").put("format", "csv").put("send_done_email", false));
  }

  /** A sweeper like the server's own (whose schedule is a minute of real time). */
  private JobSweeper sweeper() {
    Services services = server.leadport().services();
    return new JobSweeper(
        services.housekeeping(),
        services.files(),
        services.settings().exports().retention(),
        services.clock(),
        services.doneEmails(server.leadport().port()));
  }

  private void moveTo(Instant t) {
    Duration d = Duration.between(clock.instant(), t);
    assertThat(d.isNegative()).as("the clock only moves forward").isFalse();
    clock.advance(d);
  }

  private ExportJob stored(String id) {
    return server.leadport().services().jobs().find(tenant.workspaceId(), id).orElseThrow();
  }

  private JsonNode read(String id) {
    Reply r = server.call("GET", "/api/v1/export/" + id + "/", tenant.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private JsonNode listed(String id) {
    Reply r = server.call("GET", "/api/v1/export/", tenant.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    for (JsonNode job : r.json().path("data")) {
      if (job.path("id").asText().equals(id)) {
        return job;
      }
    }
    throw new AssertionError("export " + id + " is not listed: " + r);
  }

  /** The export's published files in the local storage dir, {@code <dataDir>/exports}. */
  private List<Path> filesOf(String id) throws IOException {
    Path root = server.settings().dataDir().resolve("exports");
    Path partial = root.resolve(".partial");
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(partial))
          .filter(p -> p.getFileName().toString().startsWith(id + "-"))
          .toList();
    }
  }
}
