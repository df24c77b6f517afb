package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * A search whose client goes away stops its statement at once, not when the statement timeout (30
 * s) runs out (docs/operations.md, "Timeouts"). The slow statement is a realistic one: another
 * transaction holds a lock on the leads table, so the search waits for it, as it would behind a
 * migration or a bulk update.
 */
class ClientDisconnectIT {
  static TestServer server;
  static Tenant t;
  static String jdbcUrl;

  @BeforeAll
  static void start() throws SQLException {
    server = TestServer.start();
    t = server.tenant("client-disconnect");
    server.seed(t.workspaceId(), 30, 11);
    jdbcUrl =
        server
            .leadport()
            .services()
            .database()
            .dataSource()
            .unwrap(HikariDataSource.class)
            .getJdbcUrl();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|/api/v1/data/search/|{\"_limit\":10}",
        "POST|/crm/v3/objects/contacts/search|{\"limit\":10}",
        "GET|/api/v1/leads?search=a|",
      })
  void aSearchWhoseClientLeftIsCancelledAtOnce(String method, String target, String body)
      throws Exception {
    try (Connection locker = connect();
        Connection observer = connect()) {
      lockLeads(locker);
      try (Socket client = new Socket("localhost", server.leadport().port())) {
        client.getOutputStream().write(request(method, target, body));
        client.getOutputStream().flush();
        awaitBlocked(observer, 1, Duration.ofSeconds(20));
      }
      long left = System.nanoTime();
      awaitBlocked(observer, 0, Duration.ofSeconds(10));
      Duration gone = Duration.ofNanos(System.nanoTime() - left);
      // Well within the watch's period and PostgreSQL's cancel, far from the 30 s timeout; and
      // the lock is still held, so the statement did not end by getting it.
      assertThat(gone).isLessThan(Duration.ofSeconds(2));
      assertThat(leadsLocked(observer)).isTrue();
      locker.rollback();
    }
    // The server goes on serving; the same search with a client that stays is answered.
    var reply =
        server.send(
            target,
            b -> {
              b.header("Authorization", "Bearer " + t.key());
              if (body == null) {
                return b.GET();
              }
              return b.header("Content-Type", "application/json")
                  .method(
                      method,
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          body, StandardCharsets.UTF_8));
            });
    assertThat(reply.status()).isEqualTo(200);
  }

  /**
   * A client that waits is answered, and a request it sent behind the slow one on the same
   * connection (HTTP/1.1 pipelining) is answered after it, not lost to the watch that reads the
   * connection to notice a close.
   */
  @Test
  void aClientThatWaitsIsAnsweredAndItsPipelinedRequestToo() throws Exception {
    try (Connection locker = connect();
        Connection observer = connect();
        Socket client = new Socket("localhost", server.leadport().port())) {
      client.setSoTimeout(30_000);
      lockLeads(locker);
      client.getOutputStream().write(request("POST", "/api/v1/data/search/", "{\"_limit\":5}"));
      client.getOutputStream().flush();
      awaitBlocked(observer, 1, Duration.ofSeconds(20));
      client.getOutputStream().write(request("GET", "/healthz", null));
      client.getOutputStream().flush();
      // Several periods of the watch: it has read the pipelined request and must keep it.
      Thread.sleep(1_000);
      assertThat(blocked(observer)).isEqualTo(1);
      locker.rollback();

      String answers = readUntil(client.getInputStream(), "{\"status\":\"ok\"}");
      assertThat(answers).startsWith("HTTP/1.1 200 ");
      assertThat(answers).contains("\"data\":[");
      int second = answers.indexOf("HTTP/1.1 ", 1);
      assertThat(second).isPositive();
      assertThat(answers.substring(second)).startsWith("HTTP/1.1 200 ");
    }
  }

  private static byte[] request(String method, String target, String body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    if (!target.equals("/healthz")) {
      head.append("Authorization: Bearer ").append(t.key()).append("\r\n");
    }
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!all.toString(StandardCharsets.ISO_8859_1).contains(end)) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("connection closed after: " + all);
      }
      all.write(buffer, 0, n);
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, TestDatabase.user(), TestDatabase.password());
  }

  private static void lockLeads(Connection locker) throws SQLException {
    locker.setAutoCommit(false);
    try (Statement s = locker.createStatement()) {
      s.execute("lock table leads in access exclusive mode");
    }
  }

  /** Leadport's statements waiting for a lock: the searches held up by the test's lock. */
  private static int blocked(Connection observer) throws SQLException {
    try (Statement s = observer.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from pg_stat_activity where application_name = 'leadport'"
                    + " and state = 'active' and wait_event_type = 'Lock'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean leadsLocked(Connection observer) throws SQLException {
    try (Statement s = observer.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from pg_locks where relation = 'leads'::regclass"
                    + " and mode = 'AccessExclusiveLock' and granted")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  private static void awaitBlocked(Connection observer, int count, Duration within)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (blocked(observer) != count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected " + count + " blocked statements, found " + blocked(observer));
      }
      Thread.sleep(20);
    }
  }
}
