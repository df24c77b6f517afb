package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.files.FileStore;
import org.leadport.files.LocalFileStore;
import org.leadport.json.Json;
import org.leadport.store.Database;
import org.leadport.store.WorkspaceRepository;
import org.leadport.testing.MutableClock;
import org.leadport.testing.TestDatabase;

/**
 * A job's parts on real PostgreSQL and a real store (docs/parts.md): a retried or taken-over job
 * ends with exactly its final attempt's parts, in the table and in the store.
 */
class JobPartsIT {
  static Database db;
  static MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
  static JobRepository jobs;
  static WorkspaceRepository workspaces;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh();
    jobs = new JobRepository(db.jdbi(), clock);
    workspaces = new WorkspaceRepository(db.jdbi(), clock);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** Writes {@code parts} parts of two rows each: part 1 to the job's file, the rest as parts. */
  static JobHandler.Result write(ExportJob job, JobOutput out, int parts) throws IOException {
    for (int n = 1; n <= parts; n++) {
      OutputStream o = n == 1 ? out : out.part(n);
      o.write(("id\nrow " + n + "a\nrow " + n + "b\n").getBytes(StandardCharsets.UTF_8));
      if (n > 1) {
        o.close();
      }
      out.rows(n, 2);
    }
    return new JobHandler.Result(2L * parts, new JobHandler.FileInfo("t.csv", "text/csv", null));
  }

  static ExportJob job() {
    String ws = workspaces.create("ws-" + System.nanoTime()).id();
    clock.advance(Duration.ofMillis(1));
    return jobs.create(ws, null, "test", Json.object().put("rows", "LEADS"), Json.object());
  }

  /** Every published file under the store's root, as keys. */
  static List<String> stored(Path root) throws IOException {
    try (var files = Files.walk(root.resolve("exports"))) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void aRetriedJobKeepsOnlyItsLastAttemptsParts() throws Exception {
    Path dir = Files.createTempDirectory("parts");
    LocalFileStore store = new LocalFileStore(dir);
    ExportJob job = job();
    AtomicInteger attempt = new AtomicInteger();
    JobHandler handler =
        (j, out, progress) -> {
          if (attempt.incrementAndGet() == 1) {
            write(j, out, 3);
            // Parts 2 and 3 are published by now; the run still fails, transiently.
            throw new IOException("the store went away");
          }
          return write(j, out, 2);
        };
    try (JobWorker worker =
        new JobWorker(jobs, store, handler, "w", Duration.ofMinutes(1), Duration.ofMillis(10), 1)
            .retries(3, Duration.ofMillis(1))) {
      assertThat(worker.runOnce()).isTrue();
      assertThat(jobs.find(job.workspaceId(), job.id()).orElseThrow().state())
          .isEqualTo(JobState.RUNNING);
      clock.advance(Duration.ofSeconds(1));
      assertThat(worker.runOnce()).isTrue();
    }
    ExportJob done = jobs.find(job.workspaceId(), job.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.parts()).isEqualTo(2);
    List<JobPart> parts = jobs.parts().of(job.id());
    assertThat(parts).extracting(JobPart::n).containsExactly(1, 2);
    assertThat(parts).extracting(JobPart::fileName).containsExactly("t-part-1.csv", "t-part-2.csv");
    assertThat(parts.get(0).fileKey()).isEqualTo(done.fileKey());
    assertThat(stored(dir))
        .containsExactlyInAnyOrderElementsOf(parts.stream().map(JobPart::fileKey).toList());
    for (JobPart p : parts) {
      assertThat(Files.size(dir.resolve(p.fileKey()))).isEqualTo(p.bytes());
    }

    // Past retention every part goes with the job's file, and the status has no manifest left.
    clock.advance(Duration.ofDays(2));
    try (JobSweeper sweeper =
        new JobSweeper(
            new JobHousekeeping(db.jdbi(), clock), store, Duration.ofDays(1), clock, id -> {})) {
      sweeper.sweepOnce();
    }
    assertThat(stored(dir)).isEmpty();
    ExportJob swept = jobs.find(job.workspaceId(), job.id()).orElseThrow();
    assertThat(swept.parted()).isFalse();
    assertThat(swept.downloadable()).isFalse();
    assertThat(jobs.parts().of(job.id())).isEmpty();
  }

  @Test
  void aTakeoverRemovesWhatTheDeadAttemptPublishedAndLeftUnpublished() throws Exception {
    Path dir = Files.createTempDirectory("parts");
    LocalFileStore store = new LocalFileStore(dir);
    ExportJob job = job();
    // A first worker claims the job, publishes two parts, leaves a third half written and dies.
    JobLeases.Claim dead = jobs.leases().claim("dead", Duration.ofSeconds(30)).orElseThrow();
    assertThat(dead.job().id()).isEqualTo(job.id());
    String deadKey = "exports/" + job.workspaceId() + "/" + job.id() + "-" + dead.token();
    for (int n = 2; n <= 3; n++) {
      FileStore.Upload u = store.create(FileStore.partKey(deadKey, n));
      u.stream().write(1);
      u.publish();
    }
    FileStore.Upload half = store.create(FileStore.partKey(deadKey, 4));
    half.stream().write(1);
    half.stream().flush();
    assertThat(stored(dir)).hasSize(2);

    clock.advance(Duration.ofMinutes(1));
    JobHandler handler = (j, out, progress) -> write(j, out, 2);
    try (JobWorker worker =
        new JobWorker(jobs, store, handler, "w", Duration.ofMinutes(1), Duration.ofMillis(10), 1)) {
      assertThat(worker.runOnce()).isTrue();
    }
    ExportJob done = jobs.find(job.workspaceId(), job.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    List<JobPart> parts = jobs.parts().of(job.id());
    assertThat(stored(dir))
        .containsExactlyInAnyOrderElementsOf(parts.stream().map(JobPart::fileKey).toList());
    try (var partial = Files.list(dir.resolve(".partial"))) {
      assertThat(partial.toList()).isEmpty();
    }
  }
}
