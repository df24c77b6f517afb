package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.leadport.files.S3ProxyServer;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * A file store that cannot take a file fails the job with {@code storage_failed}, not the generic
 * {@code export_failed}, and {@code /healthz} reports the storage as failing (still 200: the node
 * stays ready) until a write succeeds again. Tests run as root, where permissions stop nothing, so
 * the local store is broken by replacing its upload directory with a plain file; S3 by a bucket
 * that does not exist.
 */
class StorageFailureIT {

  static JsonNode export(TestServer server, Tenant t) {
    String id =
        AsyncExports.create(
                server, t.key(), Json.object().put("format", "csv").put("type", "leads"))
            .path("id")
            .asText();
    return AsyncExports.await(server, t.key(), id);
  }

  static void assertStorageFailed(JsonNode job) {
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("error");
    assertThat(job.path("error").path("code").asText()).isEqualTo("storage_failed");
    assertThat(job.path("error").path("message").asText())
        .isEqualTo(
            "The export could not be written to the file store; it has been logged under job "
                + job.path("id").asText()
                + ".");
    assertThat(job.path("download_url").isNull()).isTrue();
  }

  static void assertHealth(TestServer server, String expected) {
    Reply health = server.call("GET", "/healthz", null, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text()).isEqualTo(expected);
  }

  @Test
  void anUnwritableLocalStoreFailsTheJobAsAStorageFailureUntilItIsRepaired() throws Exception {
    try (TestServer server = TestServer.start()) {
      Tenant t = server.tenant("storage-local");
      server.seed(t.workspaceId(), 5, 1);
      assertHealth(server, "{\"status\":\"ok\"}");
      Path partial = server.settings().dataDir().resolve("exports").resolve(".partial");
      Files.delete(partial);
      Files.writeString(partial, "not a directory");

      assertStorageFailed(export(server, t));
      assertHealth(server, "{\"status\":\"degraded\",\"checks\":{\"storage\":\"failing\"}}");

      Files.delete(partial);
      Files.createDirectory(partial);
      JsonNode done = export(server, t);
      assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
      assertHealth(server, "{\"status\":\"ok\"}");
    }
  }

  @Test
  @SuppressWarnings("try") // S3Proxy's stop(), called by close(), declares Exception
  void aFailingS3StoreFailsTheJobAsAStorageFailure() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start("id", "secret-key-secret", "exports");
        TestServer server =
            TestServer.builder()
                .exports(e -> e.withStorage("s3://no-such-bucket/exports", s3.env()))
                .start()) {
      Tenant t = server.tenant("storage-s3");
      server.seed(t.workspaceId(), 5, 1);
      assertStorageFailed(export(server, t));
      assertHealth(server, "{\"status\":\"degraded\",\"checks\":{\"storage\":\"failing\"}}");
    }
  }
}
