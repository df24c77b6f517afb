package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.CliRun.leadport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.json.Json;
import org.leadport.testing.ChangeLogs;
import org.leadport.testing.CliRun;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * {@code leadport changes} against a real server: the feed as NDJSON on stdout, byte for byte as
 * the server sends it, resumable with {@code --state} without losing or doubling an item, {@code
 * --follow} picking up a write made while it runs, and a 410 as its own exit code.
 */
class ChangesCommandIT {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static TestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String[] changes(Tenant t, String... more) {
    List<String> args =
        new ArrayList<>(List.of("changes", "--url", server.url(""), "--key", t.key()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  static String createLead(Tenant t, String name) {
    Reply r = server.call("POST", "/api/v1/leads", t.key(), Json.object().put("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  /** The whole feed from its start as the server's NDJSON. */
  static String feed(Tenant t) {
    Reply r =
        server.send(
            "/api/v1/changes?limit=1000",
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Accept", "application/x-ndjson")
                    .GET());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.text();
  }

  static List<String> lines(String ndjson) {
    return ndjson.isEmpty() ? List.of() : Arrays.asList(ndjson.split("\n"));
  }

  static List<String> ids(String ndjson) {
    List<String> ids = new ArrayList<>();
    for (String line : lines(ndjson)) {
      ids.add(TestServer.parse(line).path("id").asText());
    }
    return ids;
  }

  /** A {@code leadport} run on a thread of its own, stopped as Ctrl-C would by an interrupt. */
  record Background(Thread thread, StringWriter output, StringWriter errors, AtomicInteger exit) {
    static Background start(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      AtomicInteger code = new AtomicInteger(-1);
      Thread thread =
          new Thread(() -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            code.set(cli.execute(args));
          });
      thread.start();
      return new Background(thread, out, err, code);
    }

    String out() {
      return output.toString();
    }

    String err() {
      return errors.toString();
    }

    /** Interrupts the run and waits for it to end. */
    void interrupt() throws InterruptedException {
      thread.interrupt();
      thread.join(Duration.ofSeconds(30));
      assertThat(thread.isAlive()).as("the run ended when interrupted").isFalse();
    }

    int code() {
      return exit.get();
    }
  }

  /**
   * Waits until {@code done}; the horizon is cluster-wide, so writes reach the feed a bit later.
   */
  static void await(BooleanSupplier done, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!done.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void writesTheFeedAsNdjsonAndResumesFromItsStateWithoutLossOrDoubles() throws Exception {
    Tenant t = server.tenant("cli-changes");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(createLead(t, "Lead " + i));
    }
    await(() -> lines(feed(t)).size() == 5, "five changes");
    Path state = dir.resolve("feed.state");

    CliRun first =
        leadport(changes(t, "--limit", "2", "--state", state.toString(), "--max-pages", "1"));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(lines(first.out())).hasSize(2);
    assertThat(state).exists();

    CliRun rest = leadport(changes(t, "--limit", "2", "--state", state.toString()));
    assertThat(rest.code()).as(rest.err()).isZero();
    assertThat(lines(rest.out())).hasSize(3);
    assertThat(first.out() + rest.out()).isEqualTo(feed(t));
    assertThat(ids(first.out() + rest.out())).containsExactlyElementsOf(created);

    String late = createLead(t, "Late");
    await(() -> lines(feed(t)).size() == 6, "the late change");
    CliRun again = leadport(changes(t, "--state", state.toString()));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(ids(again.out())).containsExactly(late);
    CliRun idle = leadport(changes(t, "--state", state.toString()));
    assertThat(idle.out()).isEmpty();
    assertThat(idle.err()).contains("Read 0 changes");

    CliRun otherFilters = leadport(changes(t, "--state", state.toString(), "--source", "web"));
    assertThat(otherFilters.code()).isEqualTo(1);
    assertThat(otherFilters.err()).contains("other filters");
    CliRun bothStarts = leadport(changes(t, "--state", state.toString(), "--cursor", "x"));
    assertThat(bothStarts.code()).isEqualTo(1);
    assertThat(bothStarts.err()).contains("--cursor");
  }

  @Test
  void aCursorContinuesWhereTheLastRunStopped() throws Exception {
    Tenant t = server.tenant("cli-cursor");
    createLead(t, "A");
    await(() -> lines(feed(t)).size() == 1, "a change");
    CliRun first = leadport(changes(t));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(lines(first.out())).hasSize(1);
    String cursor = first.err().replaceAll("(?s).*--cursor (\\S+).*", "$1");

    String b = createLead(t, "B");
    await(() -> lines(feed(t)).size() == 2, "the second change");
    CliRun next = leadport(changes(t, "--cursor", cursor));
    assertThat(next.code()).as(next.err()).isZero();
    assertThat(ids(next.out())).containsExactly(b);
  }

  @Test
  void followPicksUpAWriteMadeWhileItRuns() throws Exception {
    Tenant t = server.tenant("cli-follow");
    String first = createLead(t, "Before");
    Background follower = Background.start(changes(t, "--follow"));
    try {
      await(() -> follower.out().contains(first), "the first lead on the follower's output");
      String second = createLead(t, "While following");
      await(() -> follower.out().contains(second), "the lead written while following");
      assertThat(ids(follower.out())).containsExactly(first, second);
    } finally {
      follower.interrupt();
    }
    assertThat(follower.code()).as(follower.err()).isEqualTo(130);
  }

  @Test
  void exportThenFollowHandsTheFileOverToTheFeed() throws Exception {
    Tenant t = server.tenant("cli-then-follow");
    List<String> exported = List.of(createLead(t, "One"), createLead(t, "Two"));
    Path file = dir.resolve("leads.csv");
    Background follower =
        Background.start(
            "export",
            "--url",
            server.url(""),
            "--key",
            t.key(),
            "--no-progress",
            "--then-follow",
            "-o",
            file.toString());
    String later;
    try {
      await(() -> follower.err().contains("Exported 2 leads"), "the end of the export");
      later = createLead(t, "After the export");
      await(() -> follower.out().contains(later), "the lead written after the export");
    } finally {
      follower.interrupt();
    }
    assertThat(follower.code()).as(follower.err()).isEqualTo(130);
    // The file holds the exported leads, the feed only what came after: nothing lost or doubled.
    String csv = Files.readString(file);
    assertThat(exported).allSatisfy(id -> assertThat(csv).contains(id));
    assertThat(csv).doesNotContain(later);
    assertThat(ids(follower.out())).containsExactly(later);
    assertThat(follower.err())
        .contains("Exported 2 leads to " + file)
        .contains("continue with leadport changes --state " + file + ".changes --follow");

    CliRun again =
        leadport(
            "export",
            "--url",
            server.url(""),
            "--key",
            t.key(),
            "--then-follow",
            "-o",
            file.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("handed over to the change feed already");
  }

  @Test
  void aCursorPastRetentionExitsWithTheServersMessage() throws Exception {
    Tenant t = server.tenant("cli-expired");
    createLead(t, "Old");
    await(() -> lines(feed(t)).size() == 1, "a change");
    CliRun read = leadport(changes(t));
    String cursor = read.err().replaceAll("(?s).*--cursor (\\S+).*", "$1");
    createLead(t, "Older still");
    await(() -> lines(feed(t)).size() == 2, "the second change");
    ChangeLogs.ageBeyondRetention(server, t.workspaceId());
    server.leadport().services().changes().purge(Instant.now());

    CliRun expired = leadport(changes(t, "--cursor", cursor));

    assertThat(expired.code()).isEqualTo(ChangesCommand.EXPIRED);
    assertThat(expired.out()).isEmpty();
    assertThat(expired.err()).startsWith("error: ").contains("export the leads again");
  }

  @Test
  void refusesAMissingKeyAndAServerError() {
    Tenant t = server.tenant("cli-errors");
    CliRun noKey = leadport("changes", "--url", server.url(""), "--key", "");
    assertThat(noKey.code()).isEqualTo(1);
    assertThat(noKey.err()).contains("no API key");
    CliRun badCursor = leadport(changes(t, "--cursor", "garbage"));
    assertThat(badCursor.code()).isEqualTo(1);
    assertThat(badCursor.err()).startsWith("error: ").contains("cursor");
    String exportOnly = server.createKey(t.workspaceId(), "leads.export");
    CliRun scope = leadport("changes", "--url", server.url(""), "--key", exportOnly);
    assertThat(scope.code()).isEqualTo(1);
    assertThat(scope.err()).contains("leads.read");
  }
}
