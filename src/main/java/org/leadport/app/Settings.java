package org.leadport.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The server's configuration: environment variables of PRODUCT §1, overridden by command-line flags
 * of the same meaning. Immutable.
 *
 * @param port HTTP port; 0 picks a free one
 * @param dataDir where the embedded database, tokens and local export files live
 * @param dbUrl JDBC URL of an external PostgreSQL, or null for the embedded default
 * @param adminToken bearer token of the admin API
 * @param secret signing key for cursors and download URLs
 * @param rateLimitPerMinute requests a minute per key and endpoint group
 * @param exportQuota async exports per workspace per rolling 24 h
 * @param downloadTtl lifetime of signed download URLs
 * @param publicUrl base of links in emails and download URLs, or null for the request's own
 */
public record Settings(
    int port,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    String adminToken,
    byte[] secret,
    int rateLimitPerMinute,
    int exportQuota,
    Duration downloadTtl,
    String publicUrl) {

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
    if (exportQuota < 1) {
      throw new IllegalArgumentException("LEADPORT_EXPORT_QUOTA must be at least 1");
    }
    if (downloadTtl.isNegative() || downloadTtl.isZero()) {
      throw new IllegalArgumentException("LEADPORT_DOWNLOAD_TTL must be positive");
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
  public static Settings load(Map<String, String> env, Integer portFlag, Path dataDirFlag) {
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
    String adminToken = env.get("LEADPORT_ADMIN_TOKEN");
    if (blank(adminToken)) {
      adminToken = readOrCreate(dataDir.resolve("admin-token"), "lpa_");
    }
    String secretText = env.get("LEADPORT_SECRET");
    if (blank(secretText)) {
      secretText = readOrCreate(dataDir.resolve("secret"), "");
    }
    String ttl = env.getOrDefault("LEADPORT_DOWNLOAD_TTL", "PT5M");
    Duration downloadTtl;
    try {
      downloadTtl = Duration.parse(ttl);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "LEADPORT_DOWNLOAD_TTL must be an ISO 8601 duration such as PT5M, was " + ttl, e);
    }
    return new Settings(
        port,
        dataDir,
        emptyToNull(env.get("LEADPORT_DB_URL")),
        env.getOrDefault("LEADPORT_DB_USER", "postgres"),
        env.getOrDefault("LEADPORT_DB_PASSWORD", ""),
        adminToken.trim(),
        secretText.trim().getBytes(StandardCharsets.UTF_8),
        intVar(env, "LEADPORT_RATE_LIMIT", 600),
        intVar(env, "LEADPORT_EXPORT_QUOTA", 30),
        downloadTtl,
        emptyToNull(env.get("LEADPORT_PUBLIC_URL")));
  }

  /** A copy listening on another port. */
  public Settings withPort(int newPort) {
    return new Settings(
        newPort,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        adminToken,
        secret,
        rateLimitPerMinute,
        exportQuota,
        downloadTtl,
        publicUrl);
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (blank(value)) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was " + value, e);
    }
  }

  private static String readOrCreate(Path file, String prefix) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String value = prefix + HexFormat.of().formatHex(bytes);
      // Created with mode 0600 from the start, so the secret is never readable by others.
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, value + "\n");
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String emptyToNull(String s) {
    return blank(s) ? null : s.trim();
  }
}
