package org.leadport.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One file being written to S3 from a bounded buffer in memory: the part being filled. A file that
 * fits in one part is sent with one PutObject at {@link #publish()}; a larger one becomes a
 * multipart upload, created when the first part is full and completed at publish, so the object
 * appears whole and at once either way, and nothing is readable before publish. Closing before
 * publish aborts the multipart upload, so S3 keeps no orphaned parts. Not thread-safe.
 *
 * <p>Parts are {@link S3FileStore#partSize} long: the store's base size for the first 2,000 parts,
 * then twice as long every 2,000 parts up to 16 times the base, so a file of S3's most parts
 * (10,000) holds 62,000 base parts' worth ({@link S3FileStore#largestFile}).
 */
final class S3Upload implements FileStore.Upload {
  private static final String OCTETS = "application/octet-stream";

  /** A part's buffer starts this small and doubles as it fills, so a small file costs little. */
  private static final int FIRST_BUFFER = 64 * 1024;

  private final S3FileStore store;
  private final String objectKey;
  private final int basePartSize;
  private final @Nullable ChecksumAlgorithm checksum;
  private final OutputStream stream = new PartStream();
  private final List<CompletedPart> parts = new ArrayList<>();
  private byte[] buffer;
  private int count;

  /** Bytes of the parts already sent. */
  private long sent;

  private @Nullable String uploadId;
  private boolean streamClosed;
  private boolean published;

  /** {@code checksum}: the algorithm the client checksums parts with, null when it sends none. */
  S3Upload(
      S3FileStore store, String objectKey, int basePartSize, @Nullable ChecksumAlgorithm checksum) {
    this.store = store;
    this.objectKey = objectKey;
    this.basePartSize = basePartSize;
    this.checksum = checksum;
    this.buffer = new byte[Math.min(FIRST_BUFFER, basePartSize)];
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public long publish() throws IOException {
    if (published) {
      throw new IllegalStateException(store.uri(objectKey) + " is already published");
    }
    streamClosed = true;
    String id = uploadId;
    if (id == null) {
      byte[] bytes = buffer;
      int length = count;
      store.call(
          "PutObject",
          objectKey,
          () ->
              store
                  .s3()
                  .putObject(
                      b -> b.bucket(store.bucket()).key(objectKey).contentLength((long) length),
                      body(bytes, length)));
    } else {
      // Never empty: the upload is only created once bytes follow a full part.
      sendPart(id);
      CompletedPart[] completed = parts.toArray(CompletedPart[]::new);
      store.call(
          "CompleteMultipartUpload",
          objectKey,
          () ->
              store
                  .s3()
                  .completeMultipartUpload(b ->
                      b.bucket(store.bucket())
                          .key(objectKey)
                          .uploadId(id)
                          .multipartUpload(m -> m.parts(completed))));
    }
    published = true;
    long size = sent + count;
    buffer = new byte[0];
    count = 0;
    return size;
  }

  @Override
  public void close() throws IOException {
    streamClosed = true;
    buffer = new byte[0];
    count = 0;
    String id = uploadId;
    if (!published && id != null) {
      uploadId = null;
      store.abort(objectKey, id);
    }
  }

  private void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (streamClosed) {
      throw new IOException("The upload of " + store.uri(objectKey) + " is closed");
    }
    int at = off;
    int left = len;
    while (left > 0) {
      int partSize = S3FileStore.partSize(basePartSize, parts.size() + 1);
      if (count == partSize) {
        // More bytes follow a full part: only now is the file known to need parts.
        if (parts.size() + 1 == S3FileStore.MAX_PARTS) {
          throw new IOException(
              store.uri(objectKey)
                  + " would exceed the largest file the store writes, "
                  + S3FileStore.largestFile(basePartSize)
                  + " bytes");
        }
        sendPart(started());
        partSize = S3FileStore.partSize(basePartSize, parts.size() + 1);
      }
      if (count == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(partSize, Math.max(2 * buffer.length, left)));
      }
      int n = Math.min(left, Math.min(buffer.length, partSize) - count);
      System.arraycopy(b, at, buffer, count, n);
      count += n;
      at += n;
      left -= n;
    }
  }

  private String started() throws IOException {
    String id = uploadId;
    if (id == null) {
      id =
          store.call(
              "CreateMultipartUpload",
              objectKey,
              () ->
                  store
                      .s3()
                      .createMultipartUpload(
                          b -> b.bucket(store.bucket()).key(objectKey).checksumAlgorithm(checksum))
                      .uploadId());
      uploadId = id;
    }
    return id;
  }

  private void sendPart(String id) throws IOException {
    int number = parts.size() + 1;
    byte[] bytes = buffer;
    int length = count;
    UploadPartResponse response =
        store.call(
            "UploadPart",
            objectKey,
            () ->
                store
                    .s3()
                    .uploadPart(
                        b ->
                            b.bucket(store.bucket())
                                .key(objectKey)
                                .uploadId(id)
                                .partNumber(number)
                                .checksumAlgorithm(checksum)
                                .contentLength((long) length),
                        body(bytes, length)));
    // Completing an upload created with a checksum algorithm must repeat each part's checksum.
    parts.add(
        CompletedPart.builder()
            .partNumber(number)
            .eTag(response.eTag())
            .checksumCRC32(response.checksumCRC32())
            .checksumCRC32C(response.checksumCRC32C())
            .checksumCRC64NVME(response.checksumCRC64NVME())
            .checksumSHA1(response.checksumSHA1())
            .checksumSHA256(response.checksumSHA256())
            .build());
    sent += length;
    count = 0;
  }

  /** The buffer's bytes, re-read from the start should the SDK retry; never copied. */
  private static RequestBody body(byte[] bytes, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, 0, length), length, OCTETS);
  }

  /**
   * The upload's stream. Closing it only ends writing (a writer closes its stream before the file
   * is published); {@link #close()} of the upload is what drops the file.
   */
  private final class PartStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      if (!streamClosed && count < buffer.length) {
        buffer[count++] = (byte) b;
      } else {
        S3Upload.this.write(new byte[] {(byte) b}, 0, 1);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      S3Upload.this.write(b, off, len);
    }

    @Override
    public void close() {
      streamClosed = true;
    }
  }
}
