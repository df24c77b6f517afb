package org.leadport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.leadport.app.ExportSettings;
import org.leadport.app.Leadport;
import org.leadport.app.Settings;
import org.leadport.app.WebhookSettings;
import org.leadport.json.Json;
import org.leadport.store.Database;

/**
 * A real Leadport server on a random port over a fresh database, with an HTTP client and admin
 * shortcuts for black-box tests.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_TOKEN = "lpa_test_admin_token";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Leadport server;
  private final String base;
  private final Settings settings;
  private final Clock clock;
  private final String jdbcUrl;

  private TestServer(Leadport server, Settings settings, Clock clock, String jdbcUrl) {
    this.server = server;
    this.base = "http://localhost:" + server.port();
    this.settings = settings;
    this.clock = clock;
    this.jdbcUrl = jdbcUrl;
  }

  public static TestServer start() {
    return builder().start();
  }

  public static TestServer start(Clock clock) {
    return builder().clock(clock).start();
  }

  /** A server whose public API allows {@code rateLimit} requests a minute per key and group. */
  public static TestServer start(Clock clock, int rateLimit) {
    return builder().clock(clock).rateLimit(rateLimit).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A test server's clock, limits and export settings. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int rateLimit = 600;
    private String publicUrl;
    private java.time.Duration changesRetention = java.time.Duration.ofDays(90);
    private ExportSettings exports = ExportSettings.defaults();
    private WebhookSettings webhooks = WebhookSettings.defaults();
    private String readUrl;
    private String databaseUrl;
    private String databaseUser = "postgres";
    private String databasePassword = "";

    public Builder clock(Clock c) {
      clock = c;
      return this;
    }

    public Builder rateLimit(int perMinute) {
      rateLimit = perMinute;
      return this;
    }

    public Builder publicUrl(String url) {
      publicUrl = url;
      return this;
    }

    /** Exports read from this database ({@code LEADPORT_DB_READ_URL}) instead of the primary. */
    public Builder readUrl(String jdbcUrl) {
      readUrl = jdbcUrl;
      return this;
    }

    /**
     * Runs on the database at {@code jdbcUrl} (user {@code postgres}, no password) instead of a
     * fresh one in the shared test server: a {@link ControlledPostgres} that a test can stop.
     */
    public Builder database(String jdbcUrl) {
      return database(jdbcUrl, "postgres", "");
    }

    /**
     * Runs on the database at {@code jdbcUrl} as {@code user}: a database of the test server made
     * by the test itself ({@link TestDatabase#user()}, {@link TestDatabase#password()}), which
     * under {@code LEADPORT_TEST_DB_URL} is an external server with its own credentials.
     */
    public Builder database(String jdbcUrl, String user, String password) {
      databaseUrl = jdbcUrl;
      databaseUser = user;
      databasePassword = password;
      return this;
    }

    /** How long the change feed keeps changes (90 days unless set). */
    public Builder changesRetention(java.time.Duration retention) {
      changesRetention = retention;
      return this;
    }

    public Builder exports(java.util.function.UnaryOperator<ExportSettings> change) {
      exports = change.apply(exports);
      return this;
    }

    public Builder webhooks(java.util.function.UnaryOperator<WebhookSettings> change) {
      webhooks = change.apply(webhooks);
      return this;
    }

    public TestServer start() {
      Database db =
          databaseUrl == null
              ? TestDatabase.fresh()
              : Database.external(
                  databaseUrl,
                  databaseUser,
                  databasePassword,
                  exports.resilience().statementTimeout());
      try {
        Path dataDir = Files.createTempDirectory("leadport-test");
        Settings settings =
            new Settings(
                0,
                dataDir,
                "external",
                TestDatabase.user(),
                TestDatabase.password(),
                readUrl,
                ADMIN_TOKEN,
                "test-secret-test-secret-test-secret".getBytes(StandardCharsets.UTF_8),
                rateLimit,
                publicUrl,
                exports,
                changesRetention,
                webhooks);
        String url = db.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
        return new TestServer(Leadport.start(settings, db, clock), settings, clock, url);
      } catch (IOException e) {
        db.close();
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        db.close();
        throw new IllegalStateException("cannot read the test database's URL", e);
      }
    }
  }

  public Settings settings() {
    return settings;
  }

  /**
   * A second node: another server with the same settings and clock over the same database (its own
   * connection pool), as when several nodes serve one deployment. The caller closes it.
   */
  public TestServer sibling() {
    Database db = Database.external(jdbcUrl, TestDatabase.user(), TestDatabase.password());
    return new TestServer(Leadport.start(settings, db, clock), settings, clock, jdbcUrl);
  }

  /**
   * A second node as {@link #sibling()}, its export settings changed by {@code change} (another
   * node's part limits, its number of workers). The caller closes it.
   */
  public TestServer sibling(java.util.function.UnaryOperator<ExportSettings> change) {
    Settings changed = settings.withExports(change.apply(settings.exports()));
    Database db = Database.external(jdbcUrl, TestDatabase.user(), TestDatabase.password());
    return new TestServer(Leadport.start(changed, db, clock), changed, clock, jdbcUrl);
  }

  /** The JDBC URL of the server's database, for tests that write beside the API. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Leadport leadport() {
    return server;
  }

  public String url(String path) {
    return base + path;
  }

  /** Sends a request built on {@code path}; the caller adds method, headers and body. */
  public Reply send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> build) {
    HttpRequest request =
        build
            .apply(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2)))
            .build();
    try {
      HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Reply reply = new Reply(r.statusCode(), r.headers(), r.body());
      ExchangeRecorder.record(request.method(), request.uri(), reply);
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request with a bearer token and, unless null, a JSON body. */
  public Reply call(String method, String path, String token, Object jsonBody) {
    return send(
        path,
        b -> {
          if (token != null) {
            b.header("Authorization", "Bearer " + token);
          }
          if (jsonBody == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
          }
          byte[] bytes =
              jsonBody instanceof String s
                  ? s.getBytes(StandardCharsets.UTF_8)
                  : Json.bytes(jsonBody);
          return b.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        });
  }

  public Reply admin(String method, String path, Object jsonBody) {
    return call(method, path, ADMIN_TOKEN, jsonBody);
  }

  /** Creates a workspace through the admin API and returns its id. */
  public String createWorkspace(String name) {
    Reply r = admin("POST", "/admin/v1/workspaces", Json.object().put("name", name));
    if (r.status() != 201) {
      throw new AssertionError("workspace not created: " + r);
    }
    return r.json().path("id").asText();
  }

  /** Creates an API key with the given scopes and returns its secret. */
  public String createKey(String workspaceId, String... scopes) {
    var body = Json.object().put("name", "test");
    var array = body.putArray("scopes");
    List.of(scopes).forEach(array::add);
    Reply r = admin("POST", "/admin/v1/workspaces/" + workspaceId + "/api-keys", body);
    if (r.status() != 201) {
      throw new AssertionError("key not created: " + r);
    }
    return r.json().path("key").asText();
  }

  /**
   * Seeds {@code leads} deterministic synthetic leads into a workspace through the admin API and
   * returns the seed's answer (the counts of what it made); anything but a 200 fails the test.
   */
  public JsonNode seed(String workspaceId, long leads, long seed) {
    Reply r =
        admin(
            "POST",
            "/admin/v1/workspaces/" + workspaceId + "/seed",
            Json.object().put("leads", leads).put("seed", seed));
    if (r.status() != 200) {
      throw new AssertionError("seed failed: " + r);
    }
    return r.json();
  }

  /** A workspace with a key holding every scope: the usual start of a test. */
  public Tenant tenant(String name) {
    String ws = createWorkspace(name);
    return new Tenant(ws, createKey(ws, "leads.read", "leads.write", "leads.export"));
  }

  /** A workspace id and an all-scopes key of it. */
  public record Tenant(String workspaceId, String key) {}

  public static JsonNode parse(String json) {
    try {
      return Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
