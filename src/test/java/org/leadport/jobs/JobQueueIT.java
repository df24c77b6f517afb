package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.files.LocalFileStore;
import org.leadport.json.Json;
import org.leadport.store.Database;
import org.leadport.store.WorkspaceRepository;
import org.leadport.testing.MutableClock;
import org.leadport.testing.TestDatabase;

/** The job queue on real PostgreSQL: order, one job per workspace, leases, fencing, publish. */
class JobQueueIT {
  static Database db;
  static MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
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

  static String workspace() {
    return workspaces.create("ws-" + System.nanoTime()).id();
  }

  static ExportJob job(String ws) {
    clock.advance(Duration.ofMillis(1));
    return jobs.create(ws, null, "test", Json.object().put("rows", 3), Json.object());
  }

  /** Drains whatever other tests left claimable, so each test sees only its own jobs. */
  static List<JobLeases.Claim> claimAll(String owner) {
    List<JobLeases.Claim> out = new ArrayList<>();
    for (var c = jobs.leases().claim(owner, Duration.ofMinutes(1));
        c.isPresent();
        c = jobs.leases().claim(owner, Duration.ofMinutes(1))) {
      out.add(c.get());
    }
    return out;
  }

  @Test
  void oneRunningJobPerWorkspaceInCreationOrder() {
    claimAll("drain").forEach(c -> jobs.leases().succeed(c.job().id(), c.token(), "k", 0, "", 0));
    String a = workspace();
    String b = workspace();
    ExportJob a1 = job(a);
    ExportJob a2 = job(a);
    ExportJob b1 = job(b);
    List<JobLeases.Claim> first = claimAll("w1");
    assertThat(first).extracting(c -> c.job().id()).containsExactly(a1.id(), b1.id());
    assertThat(jobs.find(a, a2.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(claimAll("w2")).isEmpty();
    assertThat(jobs.leases().succeed(a1.id(), first.get(0).token(), "key", 10, "00", 3)).isTrue();
    List<JobLeases.Claim> next = claimAll("w2");
    assertThat(next).extracting(c -> c.job().id()).containsExactly(a2.id());
  }

  @Test
  void workspacesTakeTurnsSoASmallJobWaitsForAtMostOneRunningJobPerWorker() {
    claimAll("drain").forEach(c -> jobs.leases().succeed(c.job().id(), c.token(), "k", 0, "", 0));
    String a = workspace();
    String b = workspace();
    String c = workspace();
    List<ExportJob> as = new ArrayList<>();
    List<ExportJob> bs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      as.add(job(a));
      bs.add(job(b));
    }
    JobLeases.Claim a1 = claimOne("w1");
    JobLeases.Claim b1 = claimOne("w2");
    assertThat(a1.job().id()).isEqualTo(as.get(0).id());
    assertThat(b1.job().id()).isEqualTo(bs.get(0).id());
    // A small export of a third workspace arrives behind twelve of the other two.
    ExportJob c1 = job(c);
    assertThat(jobs.leases().succeed(a1.job().id(), a1.token(), "k", 0, "", 0)).isTrue();
    JobLeases.Claim next = claimOne("w1");
    assertThat(next.job().id()).as("the third workspace's job runs next").isEqualTo(c1.id());
    // Then the two busy workspaces alternate: whoever was served longest ago goes first.
    assertThat(jobs.leases().succeed(b1.job().id(), b1.token(), "k", 0, "", 0)).isTrue();
    JobLeases.Claim a2 = claimOne("w2");
    assertThat(a2.job().id()).isEqualTo(as.get(1).id());
    assertThat(jobs.leases().succeed(next.job().id(), next.token(), "k", 0, "", 0)).isTrue();
    JobLeases.Claim b2 = claimOne("w1");
    assertThat(b2.job().id()).isEqualTo(bs.get(1).id());
    assertThat(jobs.leases().claim("w3", Duration.ofMinutes(1))).isEmpty();
  }

  /** One claim, a second of the clock after the one before, so claims are ordered in time. */
  static JobLeases.Claim claimOne(String owner) {
    clock.advance(Duration.ofSeconds(1));
    return jobs.leases().claim(owner, Duration.ofMinutes(1)).orElseThrow();
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldTokenIsFencedOff() {
    claimAll("drain").forEach(c -> jobs.leases().succeed(c.job().id(), c.token(), "k", 0, "", 0));
    String ws = workspace();
    ExportJob j = job(ws);
    JobLeases.Claim first = jobs.leases().claim("dead", Duration.ofSeconds(30)).orElseThrow();
    assertThat(first.job().id()).isEqualTo(j.id());
    assertThat(jobs.leases().claim("alive", Duration.ofSeconds(30))).isEmpty();
    clock.advance(Duration.ofSeconds(31));
    JobLeases.Claim second = jobs.leases().claim("alive", Duration.ofSeconds(30)).orElseThrow();
    assertThat(second.job().id()).isEqualTo(j.id());
    assertThat(second.token()).isEqualTo(first.token() + 1);
    assertThat(second.job().attempts()).isEqualTo(2);
    assertThat(jobs.leases().heartbeat(j.id(), first.token(), Duration.ofSeconds(30), 5)).isFalse();
    assertThat(jobs.leases().succeed(j.id(), first.token(), "stale", 1, "00", 1)).isFalse();
    assertThat(jobs.leases().fail(j.id(), first.token(), "x", "y")).isFalse();
    assertThat(jobs.leases().heartbeat(j.id(), second.token(), Duration.ofSeconds(30), 5)).isTrue();
    assertThat(jobs.leases().succeed(j.id(), second.token(), "fresh", 1, "00", 1)).isTrue();
    ExportJob done = jobs.find(ws, j.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.fileKey()).isEqualTo("fresh");
  }

  @Test
  void cancelStopsQueuedAndRunningJobs() {
    claimAll("drain").forEach(c -> jobs.leases().succeed(c.job().id(), c.token(), "k", 0, "", 0));
    String ws = workspace();
    ExportJob running = job(ws);
    ExportJob queued = job(ws);
    JobLeases.Claim c = jobs.leases().claim("w", Duration.ofMinutes(1)).orElseThrow();
    assertThat(jobs.cancel(ws, queued.id())).isTrue();
    assertThat(jobs.cancel(ws, running.id())).isTrue();
    assertThat(jobs.leases().heartbeat(running.id(), c.token(), Duration.ofMinutes(1), 1))
        .isFalse();
    assertThat(jobs.leases().succeed(running.id(), c.token(), "k", 1, "00", 1)).isFalse();
    assertThat(jobs.cancel(ws, running.id())).isFalse();
    assertThat(jobs.find(ws, running.id()).orElseThrow().state()).isEqualTo(JobState.CANCELED);
    assertThat(jobs.leases().claim("w", Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  @SuppressWarnings("try") // the resources run in the background; the body only waits
  void workersPublishCompleteFilesAndNeverRunTwoJobsOfAWorkspaceAtOnce() throws Exception {
    claimAll("drain").forEach(c -> jobs.leases().succeed(c.job().id(), c.token(), "k", 0, "", 0));
    Path dir = Files.createTempDirectory("jobs");
    LocalFileStore store = new LocalFileStore(dir);
    Set<String> busy = ConcurrentHashMap.newKeySet();
    AtomicBoolean overlap = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(12);
    JobHandler handler =
        (job, out, progress) -> {
          if (!busy.add(job.workspaceId())) {
            overlap.set(true);
          }
          try {
            for (int i = 0; i < 3; i++) {
              out.write(("row " + i + " of " + job.id() + "\n").getBytes(StandardCharsets.UTF_8));
              progress.rows(i + 1);
              Thread.sleep(5);
            }
            // Until published, the job's file must not be visible under any final name. Only the
            // published tree is walked: other workers delete their partial files meanwhile.
            Path published = dir.resolve("exports");
            if (Files.exists(published)) {
              try (var files = Files.walk(published)) {
                assertThat(files.filter(p -> p.toString().contains(job.id()))).isEmpty();
              }
            }
            return new JobHandler.Result(3, null);
          } finally {
            busy.remove(job.workspaceId());
            done.countDown();
          }
        };
    List<String> wss = List.of(workspace(), workspace(), workspace());
    List<ExportJob> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      created.add(job(wss.get(i % 3)));
    }
    try (JobWorker w1 =
            new JobWorker(
                    jobs, store, handler, "n1", Duration.ofMinutes(1), Duration.ofMillis(20), 2)
                .start();
        JobWorker w2 =
            new JobWorker(
                    jobs, store, handler, "n2", Duration.ofMinutes(1), Duration.ofMillis(20), 2)
                .start()) {
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
      for (ExportJob j : created) {
        ExportJob finished = waitFinished(j);
        assertThat(finished.state()).as(finished.toString()).isEqualTo(JobState.SUCCEEDED);
        assertThat(finished.rowsDone()).isEqualTo(3);
        String expected = "row 0 of %1$s\nrow 1 of %1$s\nrow 2 of %1$s\n".formatted(j.id());
        try (InputStream in = store.open(finished.fileKey(), 0)) {
          byte[] bytes = in.readAllBytes();
          assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expected);
          assertThat(finished.fileSize()).isEqualTo(bytes.length);
          assertThat(finished.fileSha256())
              .isEqualTo(
                  HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
      }
    }
    assertThat(overlap.get()).isFalse();
    try (var partial = Files.list(dir.resolve(".partial"))) {
      assertThat(partial).isEmpty();
    }
  }

  @Test
  void aFailingHandlerFailsTheJobAndLeavesNoFile() throws Exception {
    claimAll("drain").forEach(c -> jobs.leases().succeed(c.job().id(), c.token(), "k", 0, "", 0));
    Path dir = Files.createTempDirectory("jobs-fail");
    String ws = workspace();
    ExportJob j = job(ws);
    JobWorker w =
        new JobWorker(
            jobs,
            new LocalFileStore(dir),
            (job, out, progress) -> {
              out.write(new byte[1000]);
              throw new IllegalStateException("disk on fire");
            },
            "n",
            Duration.ofMinutes(1),
            Duration.ofMillis(20),
            1);
    assertThat(w.runOnce()).isTrue();
    ExportJob failed = jobs.find(ws, j.id()).orElseThrow();
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.errorCode()).isEqualTo("export_failed");
    // Internals stay in the log; the user gets a pointer to it.
    assertThat(failed.errorMessage())
        .isEqualTo("The export failed on our side; it has been logged under job " + j.id() + ".");
    assertThat(failed.fileKey()).isNull();
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  private static ExportJob waitFinished(ExportJob j) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      ExportJob now = jobs.find(j.workspaceId(), j.id()).orElseThrow();
      if (now.state().finished()) {
        return now;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job did not finish: " + j.id());
  }
}
