package org.leadport.files;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy in the test JVM over jclouds' in-memory {@code transient} blob store, with AWS v2/v4
 * signatures checked, and one bucket created: the setup of {@link S3FileStoreIT}, for tests outside
 * this package that start server processes on {@code s3://} storage. Public only because {@link
 * FileStores#s3Client} is package-private.
 */
@SuppressWarnings("try") // close() stops a server, which may be interrupted
public final class S3ProxyServer implements AutoCloseable {
  private final BlobStoreContext blobs;
  private final S3Proxy proxy;
  private final Map<String, String> env;
  private final S3Client client;
  private final String bucket;

  private S3ProxyServer(
      BlobStoreContext blobs,
      S3Proxy proxy,
      Map<String, String> env,
      S3Client client,
      String bucket) {
    this.blobs = blobs;
    this.proxy = proxy;
    this.env = env;
    this.client = client;
    this.bucket = bucket;
  }

  /** Starts s3proxy on a free port with the given credentials and creates {@code bucket}. */
  public static S3ProxyServer start(String identity, String credential, String bucket)
      throws Exception {
    BlobStoreContext blobs =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    S3Proxy proxy = null;
    S3Client client = null;
    try {
      proxy =
          S3Proxy.builder()
              .blobStore(blobs.getBlobStore())
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
              .build();
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10);
      }
      Map<String, String> env =
          Map.of(
              "LEADPORT_S3_ENDPOINT", "http://127.0.0.1:" + proxy.getPort(),
              "AWS_ACCESS_KEY_ID", identity,
              "AWS_SECRET_ACCESS_KEY", credential);
      client = FileStores.s3Client(env);
      client.createBucket(b -> b.bucket(bucket));
      return new S3ProxyServer(blobs, proxy, env, client, bucket);
    } catch (Exception | Error e) {
      if (client != null) {
        client.close();
      }
      if (proxy != null) {
        proxy.stop();
      }
      blobs.close();
      throw e;
    }
  }

  /** {@code LEADPORT_S3_ENDPOINT} and the AWS credentials, as a server process needs them. */
  public Map<String, String> env() {
    return env;
  }

  /** An S3 client of the proxy, owned by this server (closed with it). */
  public S3Client client() {
    return client;
  }

  public String bucket() {
    return bucket;
  }

  /** The keys of the bucket's objects that start with {@code keyPrefix}, in key order. */
  public List<String> keysUnder(String keyPrefix) {
    return client.listObjectsV2(b -> b.bucket(bucket).prefix(keyPrefix)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  /** The stored bytes of an object. */
  public byte[] bytes(String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
      proxy.stop();
    } finally {
      blobs.close();
    }
  }
}
