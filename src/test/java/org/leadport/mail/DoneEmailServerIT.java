package org.leadport.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.app.ExportSettings;
import org.leadport.app.Leadport;
import org.leadport.app.Services;
import org.leadport.app.Settings;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.JobSweeper;
import org.leadport.json.Json;
import org.leadport.store.Database;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ClassServer;
import org.leadport.testing.DownloadUrls;
import org.leadport.testing.Reply;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;

/**
 * The done email of async exports, black-box through real servers that send to one GreenMail SMTP
 * server: one email per finished job to the address of the key that created it, with a link that
 * works; none when not wanted or when the key has no address; a failure email for a failed job; and
 * never two emails for one job, however many notifiers and sweepers race for it.
 *
 * <p>GreenMail lives for the whole class, so every test tells its emails apart by the export id in
 * the subject (and uses its own recipient).
 */
class DoneEmailServerIT {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration MAIL_WAIT = Duration.ofSeconds(15);
  private static final Pattern DOWNLOAD = Pattern.compile("Download: (\\S+)");

  /** Sends done emails and runs jobs itself, as one node of a deployment would. */
  @RegisterExtension static final ClassServer SERVER = ClassServer.mailing(b -> b);

  private static TestServer server() {
    return SERVER.server();
  }

  @Test
  void aSucceededExportMailsOneEmailWithAWorkingDownloadLink() throws Exception {
    String ws = server().createWorkspace("mail-success");
    seed(server(), ws, 25);
    String to = "owner-success@example.com";
    String key = createKey(server(), ws, to);

    JsonNode job =
        AsyncExports.run(server(), key, Json.object().put("type", "leads").put("format", "csv"));
    String id = job.path("id").asText();
    assertThat(job.path("send_done_email").asBoolean()).isTrue();

    MimeMessage mail = awaitOnlyEmail(id);
    assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress(to));
    assertThat(mail.getSubject()).isEqualTo("Your Leadport export " + id + " is ready");
    String body = text(mail);
    assertThat(body)
        .contains("Your Leadport export " + id + " of workspace mail-success is ready.")
        .contains("File: leads-" + id + ".csv")
        .contains("Rows: 25");

    String link = downloadLink(body);
    assertThat(link).startsWith(server().url("/downloads/" + id + "/leads-" + id + ".csv?"));
    // As the owner would click it: no API key.
    Reply download = AsyncExports.get(link, b -> b);
    assertThat(download.status()).as(download.toString()).isEqualTo(200);
    // Valid as RFC 3986 spells a URI, and as good when a mail client or browser encodes it again.
    Reply reencoded = DownloadUrls.get(link, DownloadUrls.reencodedTarget(link));
    assertThat(reencoded.status()).as(reencoded.toString()).isEqualTo(200);
    assertThat(reencoded.body()).isEqualTo(download.body());
    assertThat(download.header("Content-Encoding")).isEqualTo("gzip");
    List<CsvRecord> rows = csv(AsyncExports.gunzip(download.body()));
    assertThat(rows).hasSize(1 + 25);
    assertThat(rows.get(0).getField(0)).isEqualTo("id");
    List<String> ids = new ArrayList<>();
    rows.subList(1, rows.size()).forEach(r -> ids.add(r.getField(0)));
    List<String> expected = new ArrayList<>();
    AsyncExports.nativeLeads(server(), key).forEach(l -> expected.add(l.path("id").asText()));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(awaitEmailSettled(server(), ws, id)).isEqualTo("sent");

    // Longer than a sweeper needs to find an unsent email: a sweeper on a fast schedule for a
    // while, then one more round of the server's own kind. The email was claimed: nothing more.
    sweepRepeatedly(server(), Duration.ofMillis(100), Duration.ofMillis(1500));
    newSweeper(server()).sweepOnce();
    Thread.sleep(500);
    assertThat(emailsFor(id)).hasSize(1);
    assertThat(emailsTo(to)).hasSize(1);
  }

  @Test
  void sendDoneEmailFalseSendsNothing() throws Exception {
    String ws = server().createWorkspace("mail-opt-out");
    seed(server(), ws, 3);
    String to = "owner-opt-out@example.com";
    String key = createKey(server(), ws, to);

    JsonNode job =
        AsyncExports.run(
            server(),
            key,
            Json.object().put("type", "leads").put("format", "csv").put("send_done_email", false));
    String id = job.path("id").asText();
    assertThat(job.path("send_done_email").asBoolean()).isFalse();
    assertThat(stored(server(), ws, id).email()).isEqualTo("none");

    newSweeper(server()).sweepOnce();
    Thread.sleep(1000);
    assertThat(emailsFor(id)).isEmpty();
    assertThat(emailsTo(to)).isEmpty();
    assertThat(stored(server(), ws, id).email()).isEqualTo("none");
  }

  @Test
  void aKeyWithoutAnEmailAddressGetsNoEmailAndNothingBreaks() throws Exception {
    String ws = server().createWorkspace("mail-no-address");
    seed(server(), ws, 4);
    // TestServer's keys are made without an email address.
    String key = server().createKey(ws, "leads.read", "leads.export");

    JsonNode job =
        AsyncExports.run(server(), key, Json.object().put("type", "leads").put("format", "csv"));
    String id = job.path("id").asText();
    assertThat(job.path("send_done_email").asBoolean()).isTrue();

    // Once settled, the email can never go out: nothing was, and nothing is left pending that a
    // sweeper would keep picking up.
    String settled = awaitEmailSettled(server(), ws, id);
    assertThat(settled).isNotIn("pending", "sending", "sent");
    newSweeper(server()).sweepOnce();
    assertThat(emailsFor(id)).isEmpty();

    // The export itself is fine, and so is the server: the next export of the workspace, by a key
    // with an address, runs and mails as usual.
    assertThat(AsyncExports.file(job)).isNotEmpty();
    String to = "owner-after-no-address@example.com";
    String withAddress = createKey(server(), ws, to);
    String next =
        AsyncExports.run(
                server(), withAddress, Json.object().put("type", "leads").put("format", "csv"))
            .path("id")
            .asText();
    assertThat(awaitOnlyEmail(next).getAllRecipients()).containsExactly(new InternetAddress(to));
    assertThat(emailsFor(id)).isEmpty();
  }

  @Test
  void aFailedExportMailsOneFailureEmail() throws Exception {
    String to = "owner-failure@example.com";
    // No workers: the job waits in the queue while the field it names is deleted.
    try (TestServer queue =
        TestServer.builder().exports(e -> e.withSmtpUrl(smtpUrl()).withWorkers(0, LEASE)).start()) {
      String ws = queue.createWorkspace("mail-failure");
      seed(queue, ws, 5);
      String key = createKey(queue, ws, to);
      Reply field =
          queue.call(
              "POST",
              "/api/v1/custom_fields",
              key,
              Json.object().put("name", "tier").put("type", "text"));
      assertThat(field.status()).as(field.toString()).isEqualTo(201);
      // Close names a custom field by its id: custom.cf_….
      String fieldId = field.json().path("id").asText();
      ObjectNode body = Json.object().put("type", "leads").put("format", "csv");
      body.putArray("fields").add("id").add("custom." + fieldId);
      String id = AsyncExports.create(queue, key, body).path("id").asText();
      Reply deleted = queue.call("DELETE", "/api/v1/custom_fields/" + fieldId, key, null);
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
      assertThat(exportStatus(queue, key, id)).isEqualTo("created");

      JsonNode job;
      // A second node with a worker, same database and SMTP server, runs the job and fails it.
      try (Leadport worker = node(queue, e -> e.withWorkers(1, LEASE))) {
        job = AsyncExports.await(queue, key, id);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("error");
        String error = job.path("error").path("message").asText();
        assertThat(error).contains("custom." + fieldId);

        MimeMessage mail = awaitOnlyEmail(id);
        assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress(to));
        assertThat(mail.getSubject()).isEqualTo("Your Leadport export " + id + " failed");
        assertThat(text(mail))
            .contains("Your Leadport export " + id + " of workspace mail-failure failed.")
            .contains("Error: " + error)
            .doesNotContain("Download:", "/downloads/");
        assertThat(awaitEmailSettled(queue, ws, id)).isEqualTo("sent");

        // Both nodes' sweepers look again: still the one email.
        newSweeper(queue).sweepOnce();
        newSweeper(worker.services(), worker.port()).sweepOnce();
        Thread.sleep(500);
      }
      assertThat(emailsFor(id)).hasSize(1);
      assertThat(emailsTo(to)).hasSize(1);
    }
  }

  @Test
  @SuppressWarnings("try") // the resources run in the background; the body only waits
  void neverTwoEmailsForOneJobWhateverRacesForIt() throws Exception {
    String to = "owner-race@example.com";
    int jobs = 4;
    try (TestServer mailing =
        TestServer.builder().exports(e -> e.withSmtpUrl(smtpUrl()).withWorkers(0, LEASE)).start()) {
      String ws = mailing.createWorkspace("mail-race");
      seed(mailing, ws, 5);
      String key = createKey(mailing, ws, to);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        ids.add(
            AsyncExports.create(
                    mailing, key, Json.object().put("type", "leads").put("format", "csv"))
                .path("id")
                .asText());
      }
      // Run by a node that sends no email: the jobs finish with their email still pending, as
      // when a worker dies between finishing a job and mailing it.
      try (Leadport silent = node(mailing, e -> e.withSmtpUrl(null).withWorkers(1, LEASE))) {
        for (String id : ids) {
          assertThat(AsyncExports.await(mailing, key, id).path("status").asText())
              .isEqualTo("done");
        }
      }
      for (String id : ids) {
        assertThat(stored(mailing, ws, id).email()).isEqualTo("pending");
      }
      assertThat(emailsTo(to)).isEmpty();

      // Several notifiers (each with its own SMTP connection) and two sweepers, all at once.
      Services services = mailing.leadport().services();
      int port = mailing.leadport().port();
      List<Runnable> racers = new ArrayList<>();
      for (int n = 0; n < 6; n++) {
        Consumer<String> notifier =
            n % 2 == 0
                ? services.doneEmails(port)
                : new DoneEmails(
                    services.housekeeping(),
                    services.apiKeys(),
                    services.workspaces(),
                    services.downloadLinks(),
                    new SmtpMailer(SmtpUrl.parse(smtpUrl())),
                    "http://localhost:" + port);
        racers.add(() -> ids.forEach(notifier));
        racers.add(() -> ids.reversed().forEach(notifier));
      }
      JobSweeper one = newSweeper(mailing);
      JobSweeper two = newSweeper(mailing);
      racers.add(one::sweepOnce);
      racers.add(two::sweepOnce);
      race(racers);
      one.close();
      two.close();

      for (String id : ids) {
        MimeMessage mail = awaitOnlyEmail(id);
        assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress(to));
        assertThat(mail.getSubject()).isEqualTo("Your Leadport export " + id + " is ready");
        assertThat(awaitEmailSettled(mailing, ws, id)).isEqualTo("sent");
      }
      // Late comers change nothing either.
      ids.forEach(services.doneEmails(port));
      newSweeper(mailing).sweepOnce();
      Thread.sleep(500);
      for (String id : ids) {
        assertThat(emailsFor(id)).as(id).hasSize(1);
      }
      assertThat(emailsTo(to)).hasSize(jobs);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static String smtpUrl() {
    return SERVER.smtpUrl();
  }

  private static void seed(TestServer s, String ws, int leads) {
    Reply r =
        s.admin(
            "POST",
            "/admin/v1/workspaces/" + ws + "/seed",
            Json.object().put("leads", leads).put("seed", 11));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** An export key whose done emails go to {@code email}. */
  private static String createKey(TestServer s, String ws, String email) {
    ObjectNode body = Json.object().put("name", "owner").put("email", email);
    body.putArray("scopes").add("leads.read").add("leads.write").add("leads.export");
    Reply r = s.admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().path("email").asText()).isEqualTo(email);
    return r.json().path("key").asText();
  }

  private static String exportStatus(TestServer s, String key, String id) {
    Reply r = s.call("GET", "/api/v1/export/" + id + "/", key, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().path("status").asText();
  }

  /** The job as stored, for the state of its email, which no API shows. */
  private static ExportJob stored(TestServer s, String ws, String id) {
    return s.leadport().services().jobs().find(ws, id).orElseThrow();
  }

  /** Waits until the job's email is neither pending nor being sent, and returns its state. */
  private static String awaitEmailSettled(TestServer s, String ws, String id)
      throws InterruptedException {
    long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
    while (true) {
      String state = stored(s, ws, id).email();
      if (!state.equals("pending") && !state.equals("sending")) {
        return state;
      }
      assertThat(System.nanoTime()).as("email of %s still %s", id, state).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /**
   * Another node on the test server's database with changed export settings (TestServer.sibling()
   * copies the settings unchanged). The caller closes it.
   */
  private static Leadport node(TestServer s, UnaryOperator<ExportSettings> change)
      throws SQLException {
    Services services = s.leadport().services();
    String url = services.database().dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
    Database db = Database.external(url, TestDatabase.user(), TestDatabase.password());
    Settings settings = s.settings().withExports(change.apply(s.settings().exports()));
    return Leadport.start(settings, db, services.clock());
  }

  /** A sweeper like the server's own: its files, retention, clock and done emails. */
  private static JobSweeper newSweeper(TestServer s) {
    return newSweeper(s.leadport().services(), s.leadport().port());
  }

  private static JobSweeper newSweeper(Services services, int port) {
    return new JobSweeper(
        services.housekeeping(),
        services.files(),
        services.settings().exports().retention(),
        services.clock(),
        services.doneEmails(port));
  }

  @SuppressWarnings("try") // the resources run in the background; the body only waits
  private static void sweepRepeatedly(TestServer s, Duration every, Duration forHowLong)
      throws InterruptedException {
    try (JobSweeper sweeper = newSweeper(s).start(every)) {
      Thread.sleep(forHowLong.toMillis());
    }
  }

  /** Runs every task at once, each on its own thread, and rethrows the first failure. */
  private static void race(List<Runnable> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch ready = new CountDownLatch(tasks.size());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (Runnable task : tasks) {
        done.add(
            pool.submit(() -> {
              ready.countDown();
              go.await();
              task.run();
              return null;
            }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Emails received so far whose subject names export {@code id}. */
  private static List<MimeMessage> emailsFor(String id) throws MessagingException {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : SERVER.mail().getReceivedMessages()) {
      String subject = m.getSubject();
      if (subject != null && subject.startsWith("Your Leadport export " + id + " ")) {
        out.add(m);
      }
    }
    return out;
  }

  /** Emails received so far for {@code address}. */
  private static List<MimeMessage> emailsTo(String address) throws MessagingException {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : SERVER.mail().getReceivedMessages()) {
      for (var r : m.getAllRecipients()) {
        if (((InternetAddress) r).getAddress().equalsIgnoreCase(address)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Waits for the email of export {@code id} and insists there is exactly one. */
  private static MimeMessage awaitOnlyEmail(String id) throws Exception {
    long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
    List<MimeMessage> found = emailsFor(id);
    while (found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      found = emailsFor(id);
    }
    assertThat(found).as("done emails of " + id).hasSize(1);
    return found.get(0);
  }

  private static String text(MimeMessage m) throws IOException, MessagingException {
    assertThat(m.getContentType()).startsWithIgnoringCase("text/plain");
    return (String) m.getContent();
  }

  private static String downloadLink(String body) {
    Matcher m = DOWNLOAD.matcher(body);
    assertThat(m.find()).as("a download link in:%n%s", body).isTrue();
    return m.group(1);
  }

  private static List<CsvRecord> csv(byte[] bytes) {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }
}
