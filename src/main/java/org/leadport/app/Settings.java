package org.leadport.app;

import static org.leadport.app.EnvVars.blank;
import static org.leadport.app.EnvVars.booleanVar;
import static org.leadport.app.EnvVars.duration;
import static org.leadport.app.EnvVars.emptyToNull;
import static org.leadport.app.EnvVars.intVar;
import static org.leadport.app.EnvVars.longVar;
import static org.leadport.app.GeneratedSecrets.readOrCreate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.jobs.PartLimits;
import org.leadport.webhooks.BackoffSchedule;

/**
 * The server's configuration: environment variables of PRODUCT §1, overridden by command-line flags
 * of the same meaning. Immutable.
 *
 * @param port HTTP port; 0 picks a free one
 * @param dataDir where the embedded database, tokens and local export files live
 * @param dbUrl JDBC URL of an external PostgreSQL, or null for the embedded default
 * @param dbReadUrl JDBC URL of a streaming replica that exports read from (with the same user and
 *     password), or null to read exports from the primary
 * @param adminToken bearer token of the admin API
 * @param secret signing key for cursors and download URLs
 * @param rateLimitPerMinute requests a minute per key and endpoint group
 * @param publicUrl base of links in emails and download URLs, or null for the request's own
 * @param exports how async export jobs run, where their files go and who hears of them
 * @param changesRetention how long the change feed keeps changes ({@code
 *     LEADPORT_CHANGES_RETENTION}, docs/changes.md)
 * @param webhooks where webhooks may go, how they are retried and who delivers them
 */
public record Settings(
    int port,
    Path dataDir,
    @Nullable String dbUrl,
    String dbUser,
    String dbPassword,
    @Nullable String dbReadUrl,
    String adminToken,
    byte[] secret,
    int rateLimitPerMinute,
    @Nullable String publicUrl,
    ExportSettings exports,
    Duration changesRetention,
    WebhookSettings webhooks) {

  public static final int DEFAULT_PORT = 8080;

  public Settings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(secret, "secret");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (secret.length < 16) {
      throw new IllegalArgumentException("LEADPORT_SECRET must be at least 16 bytes long");
    }
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException("LEADPORT_RATE_LIMIT must be at least 1");
    }
    Objects.requireNonNull(exports, "exports");
    Objects.requireNonNull(webhooks, "webhooks");
    if (changesRetention.isNegative() || changesRetention.isZero()) {
      throw new IllegalArgumentException("LEADPORT_CHANGES_RETENTION must be positive");
    }
    if (dbReadUrl != null && dbUrl == null) {
      throw new IllegalArgumentException(
          "LEADPORT_DB_READ_URL needs LEADPORT_DB_URL: the embedded database has no replica");
    }
  }

  /** True when no external database is configured and the embedded one is started. */
  public boolean embeddedDatabase() {
    return dbUrl == null;
  }

  public Path postgresDir() {
    return dataDir.resolve("postgres");
  }

  /**
   * Reads the environment, with {@code portFlag} and {@code dataDirFlag} winning when not null.
   * Generates the admin token and secret into the data dir (mode 0600) when they are unset.
   */
  public static Settings load(
      Map<String, String> env, @Nullable Integer portFlag, @Nullable Path dataDirFlag) {
    Path dataDir =
        dataDirFlag != null
            ? dataDirFlag
            : Path.of(env.getOrDefault("LEADPORT_DATA_DIR", "./data"));
    dataDir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dataDir, e);
    }
    int port = portFlag != null ? portFlag : intVar(env, "LEADPORT_PORT", DEFAULT_PORT);
    String adminToken = emptyToNull(env.get("LEADPORT_ADMIN_TOKEN"));
    if (adminToken == null) {
      adminToken = readOrCreate(dataDir.resolve("admin-token"), "lpa_");
    }
    String secretText = emptyToNull(env.get("LEADPORT_SECRET"));
    if (secretText == null) {
      secretText = readOrCreate(dataDir.resolve("secret"), "");
    }
    ExportSettings exports =
        new ExportSettings(
            intVar(env, "LEADPORT_EXPORT_QUOTA", 30),
            duration(env, "LEADPORT_DOWNLOAD_TTL", "PT5M"),
            duration(env, "LEADPORT_EXPORT_RETENTION", "P7D"),
            intVar(env, "LEADPORT_WORKERS", 2),
            duration(env, "LEADPORT_JOB_LEASE", "PT30S"),
            emptyToNull(env.get("LEADPORT_STORAGE")),
            emptyToNull(env.get("LEADPORT_SMTP_URL")),
            storageEnv(env),
            longVar(env, "LEADPORT_HUBSPOT_ZIP_OVER_BYTES", ExportSettings.ZIP_OVER_BYTES),
            longVar(env, "LEADPORT_HUBSPOT_ROWS_PER_FILE", 0),
            new Resilience(
                duration(env, "LEADPORT_STATEMENT_TIMEOUT", "PT30S"),
                duration(env, "LEADPORT_SEGMENT_TIMEOUT", "PT5M"),
                duration(env, "LEADPORT_EXPORT_TIMEOUT", "PT1H"),
                intVar(env, "LEADPORT_JOB_ATTEMPTS", 3),
                duration(env, "LEADPORT_JOB_RETRY_BACKOFF", "PT5S")),
            new TenantLimits(
                intVar(env, "LEADPORT_STREAMS_PER_WORKSPACE", 4),
                intVar(env, "LEADPORT_EXPORT_CONNECTIONS", 10),
                duration(env, "LEADPORT_STALL_TIMEOUT", "PT30S"),
                longVar(env, "LEADPORT_EXPORT_ROWS_QUOTA", 10_000_000L)),
            new PartLimits(
                longVar(env, "LEADPORT_PART_ROWS", PartLimits.DEFAULTS.rows()),
                longVar(env, "LEADPORT_PART_BYTES", PartLimits.DEFAULTS.bytes())));
    return new Settings(
        port,
        dataDir,
        emptyToNull(env.get("LEADPORT_DB_URL")),
        env.getOrDefault("LEADPORT_DB_USER", "postgres"),
        env.getOrDefault("LEADPORT_DB_PASSWORD", ""),
        emptyToNull(env.get("LEADPORT_DB_READ_URL")),
        adminToken.trim(),
        secretText.trim().getBytes(StandardCharsets.UTF_8),
        intVar(env, "LEADPORT_RATE_LIMIT", 600),
        emptyToNull(env.get("LEADPORT_PUBLIC_URL")),
        exports,
        duration(env, "LEADPORT_CHANGES_RETENTION", "P90D"),
        webhooks(env));
  }

  /** The {@code LEADPORT_WEBHOOK_*} variables. */
  private static WebhookSettings webhooks(Map<String, String> env) {
    String schedule = emptyToNull(env.get("LEADPORT_WEBHOOK_SCHEDULE"));
    return new WebhookSettings(
        booleanVar(env, "LEADPORT_WEBHOOK_ALLOW_PRIVATE"),
        BackoffSchedule.parse(schedule == null ? BackoffSchedule.DEFAULT_TEXT : schedule),
        intVar(env, "LEADPORT_WEBHOOK_WORKERS", 2),
        duration(env, "LEADPORT_WEBHOOK_LEASE", "PT60S"),
        duration(env, "LEADPORT_WEBHOOK_SECRET_OVERLAP", "PT24H"));
  }

  /** A copy listening on another port. */
  public Settings withPort(int newPort) {
    return new Settings(
        newPort,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbReadUrl,
        adminToken,
        secret,
        rateLimitPerMinute,
        publicUrl,
        exports,
        changesRetention,
        webhooks);
  }

  /** A copy with other export settings. */
  public Settings withExports(ExportSettings newExports) {
    return new Settings(
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbReadUrl,
        adminToken,
        secret,
        rateLimitPerMinute,
        publicUrl,
        newExports,
        changesRetention,
        webhooks);
  }

  /** A copy with other webhook settings. */
  public Settings withWebhooks(WebhookSettings newWebhooks) {
    return new Settings(
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbReadUrl,
        adminToken,
        secret,
        rateLimitPerMinute,
        publicUrl,
        exports,
        changesRetention,
        newWebhooks);
  }

  /** Only what S3 storage reads, so the settings never hold unrelated secrets. */
  private static Map<String, String> storageEnv(Map<String, String> env) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String name :
        java.util.List.of(
            "LEADPORT_S3_ENDPOINT",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN")) {
      String value = env.get(name);
      if (!blank(value)) {
        out.put(name, value);
      }
    }
    return out;
  }
}
