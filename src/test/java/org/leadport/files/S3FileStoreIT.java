package org.leadport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3FileStore} and {@link FileStores} against s3proxy, started in this JVM over jclouds'
 * in-memory {@code transient} blob store, with AWS v2/v4 signatures checked.
 */
class S3FileStoreIT {
  private static final String IDENTITY = "leadport-it";
  private static final String CREDENTIAL = "leadport-it-secret";
  private static final String BUCKET = "leadport-exports";

  /**
   * The smallest part S3 (and s3proxy) takes, but the last: a test writes a file of several parts
   * in 10 to 15 MB rather than the 8 MiB a part that the store uses.
   */
  private static final int SMALL_PART = 5 * 1024 * 1024;

  private static S3ProxyServer s3;
  private static Map<String, String> env;
  private static S3Client bucketView;

  private String prefix;
  private S3FileStore store;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    s3 = S3ProxyServer.start(IDENTITY, CREDENTIAL, BUCKET);
    env = s3.env();
    bucketView = s3.client();
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void openStore() throws IOException {
    prefix = "it/" + UUID.randomUUID();
    store = new S3FileStore(FileStores.s3Client(env), BUCKET, prefix);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void anUploadIsInvisibleUntilPublishedEvenHalfWritten() throws IOException {
    String key = "exports/ws_1/job-1";
    try (FileStore.Upload upload = store.create(key)) {
      OutputStream out = upload.stream();
      out.write(random(300_000, 1));
      out.flush();

      assertThat(store.size(key)).isEqualTo(-1);
      assertThatThrownBy(() -> store.open(key, 0)).isInstanceOf(NoSuchFileException.class);
      assertThat(objectsUnderPrefix()).isEmpty();

      out.write(random(300_000, 2));
      assertThat(store.size(key)).isEqualTo(-1);
      assertThat(objectsUnderPrefix()).isEmpty();

      assertThat(upload.publish()).isEqualTo(600_000);
      assertThat(store.size(key)).isEqualTo(600_000);
    }
  }

  @Test
  void publishMakesExactlyTheWrittenBytesVisible() throws IOException {
    byte[] content = "id,name\n1,Ada\n2,Grace\n".getBytes(StandardCharsets.UTF_8);
    String key = "exports/ws_1/job-2";

    assertThat(publish(key, content)).isEqualTo(content.length);

    assertThat(store.size(key)).isEqualTo(content.length);
    assertThat(read(key, 0)).isEqualTo(content);
    assertThat(uploadsInProgress()).as("one PutObject, no multipart upload").isEmpty();
  }

  @Test
  void openFromAnOffsetReturnsTheTail() throws IOException {
    byte[] content = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    String key = "exports/ws_1/job-3";
    publish(key, content);

    assertThat(read(key, 10)).isEqualTo("abcdef".getBytes(StandardCharsets.US_ASCII));
    assertThat(read(key, 15)).isEqualTo("f".getBytes(StandardCharsets.US_ASCII));
    assertThat(read(key, 16)).as("at the end, as a local file reads").isEmpty();
    assertThat(read(key, 100)).as("past the end, as a local file reads").isEmpty();
    assertThatThrownBy(() -> store.open(key, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeWithoutPublishLeavesNothingAnywhere() throws IOException {
    String key = "exports/ws_1/job-4";
    try (FileStore.Upload upload = store.create(key)) {
      upload.stream().write(random(100_000, 3));
    }

    assertThat(store.size(key)).isEqualTo(-1);
    assertThat(objectsUnderPrefix()).isEmpty();
    assertThat(uploadsInProgress()).isEmpty();
  }

  @Test
  void aNewVersionReplacesTheOldOnlyWhenPublished() throws IOException {
    String key = "exports/ws_1/job-5";
    byte[] first = random(50_000, 4);
    byte[] second = random(70_000, 5);
    publish(key, first);

    try (FileStore.Upload upload = store.create(key)) {
      upload.stream().write(second, 0, 30_000);
      upload.stream().flush();
      assertThat(read(key, 0)).isEqualTo(first);

      upload.stream().write(second, 30_000, second.length - 30_000);
      upload.publish();
    }

    assertThat(store.size(key)).isEqualTo(second.length);
    assertThat(read(key, 0)).isEqualTo(second);
  }

  @Test
  void deleteRemovesAndToleratesAMissingKey() throws IOException {
    String key = "exports/ws_1/job-6";
    publish(key, random(1_000, 6));

    store.delete(key);

    assertThat(store.size(key)).isEqualTo(-1);
    assertThatThrownBy(() -> store.open(key, 0))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage("s3://" + BUCKET + "/" + prefix + "/" + key);
    assertThat(objectsUnderPrefix()).isEmpty();
    store.delete(key);
  }

  @Test
  void objectsLandUnderThePrefix() throws IOException {
    publish("exports/ws_1/a", random(10, 7));
    publish("exports/ws_2/b", random(20, 8));

    assertThat(objectsUnderPrefix())
        .containsExactly(prefix + "/exports/ws_1/a", prefix + "/exports/ws_2/b");
    assertThat(
            bucketView.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
                .map(S3Object::key)
                .filter(k -> k.endsWith("exports/ws_1/a"))
                .toList())
        .containsExactly(prefix + "/exports/ws_1/a");
  }

  @Test
  void fiveMegabytesRoundTripByteExact() throws IOException {
    byte[] content = random(5 * 1024 * 1024 + 17, 9);
    String key = "exports/ws_1/big.csv";
    try (FileStore.Upload upload = store.create(key)) {
      // Written in odd-sized pieces, as an export streams rows.
      for (int at = 0; at < content.length; at += 7_919) {
        upload.stream().write(content, at, Math.min(7_919, content.length - at));
      }
      assertThat(upload.publish()).isEqualTo(content.length);
    }

    assertThat(store.size(key)).isEqualTo(content.length);
    assertThat(read(key, 0)).isEqualTo(content);
    assertThat(read(key, 4_000_000))
        .isEqualTo(Arrays.copyOfRange(content, 4_000_000, content.length));
  }

  @Test
  void aFileOfSeveralPartsRoundTripsByteExactAndIsInvisibleUntilPublished() throws IOException {
    byte[] content = random(2 * SMALL_PART + 50_017, 11);
    String key = "exports/ws_1/parts.csv";
    try (S3FileStore parted = smallParts();
        FileStore.Upload upload = parted.create(key)) {
      write(upload, content, 0, 2 * SMALL_PART + 1);
      assertThat(uploadsInProgress())
          .as("two parts sent: the multipart upload is under way")
          .containsExactly(prefix + "/" + key);
      assertThat(parted.size(key)).as("HEAD is 404 mid-write").isEqualTo(-1);
      assertThatThrownBy(() -> parted.open(key, 0)).isInstanceOf(NoSuchFileException.class);
      assertThat(objectsUnderPrefix()).isEmpty();

      write(upload, content, 2 * SMALL_PART + 1, content.length);
      assertThat(upload.publish()).isEqualTo(content.length);
    }

    assertThat(uploadsInProgress()).isEmpty();
    assertThat(objectsUnderPrefix()).containsExactly(prefix + "/" + key);
    assertThat(store.size(key)).isEqualTo(content.length);
    assertThat(read(key, 0)).isEqualTo(content);
    assertThat(read(key, SMALL_PART - 3))
        .as("a read across the parts' seams")
        .isEqualTo(Arrays.copyOfRange(content, SMALL_PART - 3, content.length));
  }

  @Test
  void aFileOfExactlyOnePartIsOnePutObject() throws IOException {
    byte[] content = random(SMALL_PART, 12);
    String key = "exports/ws_1/one-part";
    try (S3FileStore parted = smallParts();
        FileStore.Upload upload = parted.create(key)) {
      upload.stream().write(content);
      assertThat(uploadsInProgress()).as("a full part with nothing after it").isEmpty();
      assertThat(upload.publish()).isEqualTo(content.length);
    }
    assertThat(read(key, 0)).isEqualTo(content);
  }

  @Test
  void closeBeforePublishAbortsTheMultipartUpload() throws IOException {
    String key = "exports/ws_1/aborted";
    try (S3FileStore parted = smallParts()) {
      try (FileStore.Upload upload = parted.create(key)) {
        upload.stream().write(random(3 * SMALL_PART + 5, 13));
        upload.stream().close(); // a writer closes its stream; the upload is still in progress
        assertThat(uploadsInProgress()).containsExactly(prefix + "/" + key);
      }
      assertThat(uploadsInProgress()).as("no orphaned parts").isEmpty();
      assertThat(parted.size(key)).isEqualTo(-1);
      assertThat(objectsUnderPrefix()).isEmpty();
    }
  }

  @Test
  void discardAbortsAnotherUploadsPartsOfThatKeyOnly() throws IOException {
    String key = "exports/ws_1/job-7-1";
    String neighbour = "exports/ws_1/job-7-10";
    byte[] other = random(2 * SMALL_PART + 9, 15);
    try (S3FileStore deadNode = smallParts();
        FileStore.Upload dead = deadNode.create(key);
        FileStore.Upload alive = deadNode.create(neighbour)) {
      dead.stream().write(random(2 * SMALL_PART + 1, 14));
      alive.stream().write(other);
      assertThat(uploadsInProgress())
          .containsExactlyInAnyOrder(prefix + "/" + key, prefix + "/" + neighbour);

      // Another node takes the job over: it reaches the dead attempt's upload through the bucket.
      store.discard(key);
      store.discard("exports/ws_1/never-started");

      assertThat(uploadsInProgress()).containsExactly(prefix + "/" + neighbour);
      assertThat(alive.publish()).isEqualTo(other.length);
    }
    assertThat(uploadsInProgress()).isEmpty();
    assertThat(store.size(key)).isEqualTo(-1);
    assertThat(read(neighbour, 0)).isEqualTo(other);
  }

  @Test
  void noUploadWritesATemporaryFile(@TempDir Path tmpdir) throws IOException {
    // The spooling store took its directory from java.io.tmpdir when it was built; the JDK's own
    // temporary files are checked by the whole tree staying empty through a multipart upload.
    String saved = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmpdir.toString());
    try (S3FileStore opened = new S3FileStore(FileStores.s3Client(env), BUCKET, prefix);
        S3FileStore parted = smallParts()) {
      for (S3FileStore s : List.of(opened, parted)) {
        String key = "exports/ws_1/tmp-" + s.hashCode();
        try (FileStore.Upload upload = s.create(key)) {
          byte[] content = random(3 * SMALL_PART + 1, 16);
          upload.stream().write(content);
          try (Stream<Path> files = Files.walk(tmpdir)) {
            assertThat(files.filter(f -> !f.equals(tmpdir)).toList()).isEmpty();
          }
          assertThat(upload.publish()).isEqualTo(content.length);
        }
      }
    } finally {
      System.setProperty("java.io.tmpdir", saved);
    }
    try (Stream<Path> files = Files.walk(tmpdir)) {
      assertThat(files.filter(f -> !f.equals(tmpdir)).toList()).isEmpty();
    }
  }

  @Test
  void multipartFailuresSurfaceAsIOExceptionsNamingTheObject() throws IOException {
    try (S3FileStore missingBucket =
        new S3FileStore(FileStores.s3Client(env), "no-such-bucket", "p", SMALL_PART)) {
      FileStore.Upload upload = missingBucket.create("k");
      upload.stream().write(random(SMALL_PART, 17));
      assertThatThrownBy(() -> upload.stream().write(1))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("CreateMultipartUpload of s3://no-such-bucket/p/k failed: ")
          .hasCauseInstanceOf(S3Exception.class);
      upload.close();
      assertThatThrownBy(() -> missingBucket.discard("k"))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("ListMultipartUploads of s3://no-such-bucket/p/k failed: ");
    }
  }

  @Test
  void keysThatCouldEscapeThePrefixAreRefused() {
    for (String key : List.of("", "/abs", "a/../b", "./a", "a//b", "a/")) {
      assertThatThrownBy(() -> store.create(key)).hasMessage("Refused file key " + key);
      assertThatThrownBy(() -> store.size(key)).hasMessage("Refused file key " + key);
    }
  }

  @Test
  void s3FailuresSurfaceAsIOExceptionsNamingTheObject() throws IOException {
    try (S3FileStore missingBucket =
        new S3FileStore(FileStores.s3Client(env), "no-such-bucket", "p")) {
      FileStore.Upload upload = missingBucket.create("k");
      upload.stream().write(1);
      assertThatThrownBy(upload::publish)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("PutObject of s3://no-such-bucket/p/k failed: ")
          .hasCauseInstanceOf(S3Exception.class);
      upload.close();
      assertThatThrownBy(() -> missingBucket.open("k", 0))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(NoSuchFileException.class)
          .hasMessageStartingWith("GetObject of s3://no-such-bucket/p/k failed: ");
    }

    Map<String, String> wrongSecret = new HashMap<>(env);
    wrongSecret.put("AWS_SECRET_ACCESS_KEY", "wrong");
    try (S3FileStore denied = new S3FileStore(FileStores.s3Client(wrongSecret), BUCKET, prefix)) {
      assertThatThrownBy(() -> denied.size("k"))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("HeadObject of s3://" + BUCKET + "/" + prefix + "/k failed: ")
          .hasMessageContaining("403");
      assertThatThrownBy(() -> denied.delete("k"))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("DeleteObject of s3://");
    }
  }

  @Test
  void fileStoresOpensAnS3StoreFromTheEnvironment(@TempDir Path dataDir) throws IOException {
    String e2e = "e2e/" + UUID.randomUUID();
    byte[] content = random(123_456, 10);
    FileStore opened = FileStores.open("s3://" + BUCKET + "/" + e2e + "/", dataDir, env);
    try {
      assertThat(opened).isInstanceOf(S3FileStore.class);
      try (FileStore.Upload upload = opened.create("exports/ws_9/job")) {
        upload.stream().write(content);
        assertThat(upload.publish()).isEqualTo(content.length);
      }

      assertThat(opened.size("exports/ws_9/job")).isEqualTo(content.length);
      try (InputStream in = opened.open("exports/ws_9/job", 100)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 100, content.length));
      }
      assertThat(keysUnder(e2e + "/")).containsExactly(e2e + "/exports/ws_9/job");
      assertThat(dataDir.resolve("exports")).doesNotExist();
    } finally {
      ((S3FileStore) opened).close();
    }
  }

  private long publish(String key, byte[] content) throws IOException {
    try (FileStore.Upload upload = store.create(key)) {
      upload.stream().write(content);
      return upload.publish();
    }
  }

  private S3FileStore smallParts() {
    return new S3FileStore(FileStores.s3Client(env), BUCKET, prefix, SMALL_PART);
  }

  /** Writes {@code content[from, to)} in odd-sized pieces, as an export streams rows. */
  private static void write(FileStore.Upload upload, byte[] content, int from, int to)
      throws IOException {
    for (int at = from; at < to; at += 7_919) {
      upload.stream().write(content, at, Math.min(7_919, to - at));
    }
  }

  private byte[] read(String key, long offset) throws IOException {
    try (InputStream in = store.open(key, offset)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aServerOnS3StorageExportsDownloadsAndDeletesThroughTheBucket() {
    String serverPrefix = "server/" + UUID.randomUUID();
    try (TestServer server =
        TestServer.builder()
            .exports(e -> e.withStorage("s3://" + BUCKET + "/" + serverPrefix, env))
            .start()) {
      TestServer.Tenant t = server.tenant("s3");
      assertThat(
              server
                  .admin(
                      "POST",
                      "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
                      Json.object().put("leads", 120).put("seed", 5))
                  .status())
          .isEqualTo(200);
      var job =
          AsyncExports.run(
              server,
              t.key(),
              Json.object()
                  .put("type", "leads")
                  .put("format", "json")
                  .put("send_done_email", false));
      List<String> keys = keysUnder(serverPrefix + "/");
      assertThat(keys)
          .singleElement()
          .asString()
          .startsWith(serverPrefix + "/exports/" + t.workspaceId() + "/" + job.path("id").asText());
      byte[] gz = bucketView.getObjectAsBytes(b -> b.bucket(BUCKET).key(keys.get(0))).asByteArray();
      Reply download = AsyncExports.get(job.path("download_url").asText(), b -> b);
      assertThat(download.status()).isEqualTo(200);
      assertThat(download.body()).isEqualTo(gz);
      assertThat(Json.MAPPER.readTree(AsyncExports.gunzip(gz))).hasSize(120);
      assertThat(
              server
                  .call("DELETE", "/api/v1/export/" + job.path("id").asText() + "/", t.key(), null)
                  .status())
          .isEqualTo(204);
      assertThat(keysUnder(serverPrefix + "/")).isEmpty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<String> objectsUnderPrefix() {
    return keysUnder(prefix + "/");
  }

  private static List<String> keysUnder(String keyPrefix) {
    return bucketView.listObjectsV2(b -> b.bucket(BUCKET).prefix(keyPrefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  /** The keys of the multipart uploads in progress under this test's prefix. */
  private List<String> uploadsInProgress() {
    return bucketView
        .listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix + "/"))
        .uploads()
        .stream()
        .map(MultipartUpload::key)
        .toList();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
