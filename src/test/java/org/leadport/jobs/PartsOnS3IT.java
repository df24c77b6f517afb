package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leadport.files.FileStore;
import org.leadport.files.S3FileStore;
import org.leadport.files.S3ProxyServer;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Parts on an S3 store (s3proxy, like the other S3 ITs): each part its own object, streamed in and
 * checked by the manifest's SHA-256 when downloaded; deleting the export deletes every object.
 */
class PartsOnS3IT {
  @Test
  @SuppressWarnings("try") // S3Proxy's stop(), called by close(), declares Exception
  void partsAreObjectsOfTheirOwnAndGoWithTheExport() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start("id", "secret-key-secret", "parts");
        TestServer server =
            TestServer.builder()
                .rateLimit(100_000)
                .exports(e ->
                    e.withStorage("s3://parts/pre", s3.env())
                        .withParts(PartsIT.PART_ROWS, 1L << 30))
                .start()) {
      Tenant t = server.tenant("parts-s3");
      server.seed(t.workspaceId(), PartsIT.LEADS, 3);
      JsonNode job =
          AsyncExports.run(
              server, t.key(), Json.object().put("type", "leads").put("format", "csv"));
      PartsIT.assertParts(job.path("manifest"), PartsIT.LEADS, true);
      String id = job.path("id").asText();
      List<String> keys =
          server
              .leadport()
              .services()
              .database()
              .jdbi()
              .withHandle(h ->
                  h.createQuery(
                          "select file_key from export_job_parts where job_id = :id order by n")
                      .bind("id", id)
                      .mapTo(String.class)
                      .list());
      assertThat(keys).hasSize(3);
      assertThat(s3.keysUnder("pre/exports/"))
          .containsExactlyInAnyOrderElementsOf(keys.stream().map(k -> "pre/" + k).toList());
      for (int i = 0; i < keys.size(); i++) {
        assertThat(s3.bytes("pre/" + keys.get(i)).length)
            .isEqualTo(job.path("manifest").path("parts").get(i).path("bytes").asInt());
      }

      Reply deleted = server.call("DELETE", "/api/v1/export/" + id + "/", t.key(), null);
      assertThat(deleted.status()).as(deleted.toString()).isBetween(200, 204);
      assertThat(s3.keysUnder("pre/exports/")).isEmpty();
    }
  }

  @Test
  @SuppressWarnings("try") // S3Proxy's stop(), called by close(), declares Exception
  void aDeadAttemptsPartsAreDeletedByKey() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start("id", "secret-key-secret", "dead")) {
      // The store does not own the proxy's client here: it is not closed.
      S3FileStore store = new S3FileStore(s3.client(), "dead", "pre");
      String key = "exports/ws_1/expo_1-1";
      String other = "exports/ws_1/expo_1-11";
      for (String k :
          List.of(
              FileStore.partKey(key, 2), FileStore.partKey(key, 3), FileStore.partKey(other, 2))) {
        FileStore.Upload u = store.create(k);
        u.stream().write(7);
        u.publish();
      }
      store.deleteParts(key);
      assertThat(s3.keysUnder("pre/")).containsExactly("pre/" + FileStore.partKey(other, 2));
    }
  }
}
