package org.leadport.files;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens the {@link FileStore} that {@code LEADPORT_STORAGE} names. Stateless and thread-safe.
 *
 * <ul>
 *   <li>unset or blank: a {@link LocalFileStore} in {@code <data-dir>/exports}
 *   <li>{@code file:<dir>}: a {@link LocalFileStore} in {@code dir}, relative to the current
 *       directory unless absolute
 *   <li>{@code s3://bucket/optional/prefix}: an {@link S3FileStore}, configured by {@code
 *       LEADPORT_S3_ENDPOINT} (an S3-compatible endpoint, addressed path-style), {@code AWS_REGION}
 *       or else {@code AWS_DEFAULT_REGION} (default {@code us-east-1}) and {@code
 *       AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}; without
 *       keys in the given environment the SDK's default credentials chain decides (process
 *       environment, system properties, profiles, container and instance roles)
 * </ul>
 */
public final class FileStores {
  private static final String DEFAULT_REGION = "us-east-1";

  private FileStores() {}

  /**
   * The store that {@code storage} names; {@code env} holds the variables above. An {@link
   * S3FileStore} holds an HTTP client: close it when done.
   *
   * @throws IllegalArgumentException when {@code storage} or a variable is malformed
   */
  public static FileStore open(@Nullable String storage, Path dataDir, Map<String, String> env)
      throws IOException {
    if (storage == null || storage.isBlank()) {
      return new LocalFileStore(dataDir.resolve("exports"));
    }
    String value = storage.trim();
    if (value.regionMatches(true, 0, "file:", 0, 5)) {
      String dir = value.substring(5);
      if (dir.isBlank()) {
        throw new IllegalArgumentException(
            "LEADPORT_STORAGE file:<dir> needs a directory, was " + storage);
      }
      return new LocalFileStore(Path.of(dir).toAbsolutePath());
    }
    if (value.regionMatches(true, 0, "s3://", 0, 5)) {
      String rest = value.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : stripSlashes(rest.substring(slash + 1));
      if (bucket.isEmpty()) {
        throw new IllegalArgumentException(
            "LEADPORT_STORAGE s3://bucket/prefix needs a bucket, was " + storage);
      }
      S3Client s3 = s3Client(env);
      try {
        return new S3FileStore(s3, bucket, prefix);
      } catch (RuntimeException e) {
        s3.close();
        throw e;
      }
    }
    throw new IllegalArgumentException(
        "LEADPORT_STORAGE must be file:<dir> or s3://bucket/prefix, was " + storage);
  }

  /** A client for the bucket of {@code s3://} storage, configured by {@code env}. */
  static S3Client s3Client(Map<String, String> env) {
    String region = nonBlank(env.get("AWS_REGION"));
    if (region == null) {
      region = nonBlank(env.get("AWS_DEFAULT_REGION"));
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(region == null ? DEFAULT_REGION : region.trim()))
            .credentialsProvider(credentials(env));
    String endpoint = nonBlank(env.get("LEADPORT_S3_ENDPOINT"));
    if (endpoint != null) {
      // Compatible stores rarely resolve virtual-host names (bucket.host), so address path-style;
      // many (s3proxy among them) reject the SDK's default trailing CRC32 checksums (x-amz-trailer)
      // with 501, so send and check checksums only where the operation requires them.
      builder
          .endpointOverride(endpoint(endpoint))
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = nonBlank(env.get("AWS_ACCESS_KEY_ID"));
    String secret = nonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
    if (id == null && secret == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (id == null || secret == null) {
      throw new IllegalArgumentException(
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
    }
    String token = nonBlank(env.get("AWS_SESSION_TOKEN"));
    AwsCredentials credentials =
        token == null
            ? AwsBasicCredentials.create(id.trim(), secret.trim())
            : AwsSessionCredentials.create(id.trim(), secret.trim(), token.trim());
    return StaticCredentialsProvider.create(credentials);
  }

  private static URI endpoint(String endpoint) {
    String message =
        "LEADPORT_S3_ENDPOINT must be an http or https URL such as http://localhost:9000, was "
            + endpoint;
    URI uri;
    try {
      uri = new URI(endpoint.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(message, e);
    }
    String scheme = uri.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(message);
    }
    return uri;
  }

  private static String stripSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  /** {@code s}, or null when it is null or blank. */
  private static @Nullable String nonBlank(@Nullable String s) {
    return blank(s) ? null : s;
  }
}
