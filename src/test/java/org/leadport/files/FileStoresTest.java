package org.leadport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The {@code LEADPORT_STORAGE} rules; the S3 round trip is in {@link S3FileStoreIT}. */
class FileStoresTest {
  @TempDir Path dataDir;

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   "})
  void unsetMeansExportsInTheDataDir(String storage) throws IOException {
    FileStore store = FileStores.open(storage, dataDir, Map.of());

    assertThat(store).isInstanceOf(LocalFileStore.class);
    publish(store, "exports/ws_1/a", "hello");
    assertThat(dataDir.resolve("exports/exports/ws_1/a")).hasContent("hello");
  }

  @Test
  void fileNamesAnAbsoluteDirectory(@TempDir Path dir) throws IOException {
    FileStore store = FileStores.open("file:" + dir, dataDir, Map.of());

    publish(store, "k", "abc");
    assertThat(dir.resolve("k")).hasContent("abc");
    assertThat(store.size("k")).isEqualTo(3);
    try (InputStream in = store.open("k", 1)) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("bc");
    }
  }

  @Test
  void aRelativeFileDirectoryIsResolvedAgainstTheCurrentDirectory(@TempDir Path dir)
      throws IOException {
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel"));
    assertThat(relative.isAbsolute()).isFalse();

    FileStore store = FileStores.open("file:" + relative, dataDir, Map.of());

    publish(store, "k", "xyz");
    assertThat(dir.resolve("rel/k")).hasContent("xyz");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://bucket             | s3://bucket/",
        "s3://bucket/            | s3://bucket/",
        "s3://bucket/a           | s3://bucket/a/",
        "s3://bucket/a/b/        | s3://bucket/a/b/",
        "s3://bucket//a/b//      | s3://bucket/a/b/",
        "S3://bucket/a           | s3://bucket/a/",
        "'  s3://my.bucket/x  '  | s3://my.bucket/x/",
      })
  void s3NamesABucketAndAnOptionalPrefix(String storage, String expected) throws IOException {
    // Building the client reaches no network: credentials and endpoints resolve on first use.
    FileStore store = FileStores.open(storage, dataDir, Map.of());
    try {
      assertThat(store).isInstanceOf(S3FileStore.class).hasToString(expected);
    } finally {
      ((S3FileStore) store).close();
    }
  }

  @Test
  void s3TakesKeysEndpointAndRegionFromTheEnvironment() throws IOException {
    Map<String, String> env =
        Map.of(
            "LEADPORT_S3_ENDPOINT", "http://localhost:9000",
            "AWS_REGION", "eu-central-1",
            "AWS_ACCESS_KEY_ID", "id",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_SESSION_TOKEN", "token");
    FileStore store = FileStores.open("s3://bucket/p", dataDir, env);
    try {
      assertThat(store).hasToString("s3://bucket/p/");
    } finally {
      ((S3FileStore) store).close();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "-            | -            | us-east-1",
        "eu-west-1    | -            | eu-west-1",
        "-            | eu-west-2    | eu-west-2",
        "eu-west-1    | eu-west-2    | eu-west-1",
        "'  '         | ap-south-1   | ap-south-1",
      })
  void theRegionIsAwsRegionElseAwsDefaultRegionElseUsEast1(
      String awsRegion, String awsDefaultRegion, String expected) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", awsRegion);
    env.put("AWS_DEFAULT_REGION", awsDefaultRegion);
    try (S3Client s3 = FileStores.s3Client(env)) {
      assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.of(expected));
      assertThat(s3.serviceClientConfiguration().endpointOverride()).isEmpty();
    }
  }

  @Test
  void anEndpointOverridesTheAwsOne() {
    try (S3Client s3 =
        FileStores.s3Client(Map.of("LEADPORT_S3_ENDPOINT", " https://minio.internal:9000 "))) {
      assertThat(s3.serviceClientConfiguration().endpointOverride())
          .contains(URI.create("https://minio.internal:9000"));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "exports           | LEADPORT_STORAGE must be file:<dir> or s3://bucket/prefix, was exports",
        "/var/exports      | LEADPORT_STORAGE must be file:<dir> or s3://bucket/prefix, was /var/exports",
        "ftp://host/dir    | LEADPORT_STORAGE must be file:<dir> or s3://bucket/prefix, was ftp://host/dir",
        "s3:/bucket/p      | LEADPORT_STORAGE must be file:<dir> or s3://bucket/prefix, was s3:/bucket/p",
        "gs://bucket       | LEADPORT_STORAGE must be file:<dir> or s3://bucket/prefix, was gs://bucket",
        "s3://             | LEADPORT_STORAGE s3://bucket/prefix needs a bucket, was s3://",
        "s3:///prefix      | LEADPORT_STORAGE s3://bucket/prefix needs a bucket, was s3:///prefix",
        "file:             | LEADPORT_STORAGE file:<dir> needs a directory, was file:",
      })
  void malformedStorageIsRefusedByName(String storage, String message) {
    assertThatThrownBy(() -> FileStores.open(storage, dataDir, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "LEADPORT_S3_ENDPOINT | localhost:9000 | LEADPORT_S3_ENDPOINT must be an http or https URL"
            + " such as http://localhost:9000, was localhost:9000",
        "LEADPORT_S3_ENDPOINT | ftp://host     | LEADPORT_S3_ENDPOINT must be an http or https URL"
            + " such as http://localhost:9000, was ftp://host",
        "LEADPORT_S3_ENDPOINT | http://a b     | LEADPORT_S3_ENDPOINT must be an http or https URL"
            + " such as http://localhost:9000, was http://a b",
        "AWS_ACCESS_KEY_ID    | id             | AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be"
            + " set together",
        "AWS_SECRET_ACCESS_KEY | secret        | AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be"
            + " set together",
      })
  void malformedS3VariablesAreRefusedByName(String name, String value, String message) {
    assertThatThrownBy(() -> FileStores.open("s3://bucket", dataDir, Map.of(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static void publish(FileStore store, String key, String content) throws IOException {
    try (FileStore.Upload upload = store.create(key)) {
      upload.stream().write(content.getBytes(StandardCharsets.UTF_8));
      upload.publish();
    }
  }
}
