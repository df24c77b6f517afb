package org.leadport.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files as objects of an S3 (or S3-compatible) bucket under a key prefix. An upload is written from
 * a bounded buffer in memory, never to local disk (issue 16: no export writes a temporary file): a
 * file smaller than one part is sent with one PutObject at publish; a larger one is a multipart
 * upload, created when the first part is full, one part sent each time the buffer fills, and
 * completed at publish. S3 makes either visible atomically: readers see the old object or the whole
 * new one, never a part. An upload closed before publish is aborted, and {@link #discard} aborts
 * whatever upload of a key another node left in progress.
 *
 * <p>Memory: one part per upload being written (one per busy worker). Parts are 8 MiB for the first
 * 2,000 parts (files up to 15.6 GiB), then twice as long every 2,000 parts up to 128 MiB (16 MiB up
 * to 46.9 GiB, 32 MiB up to 109 GiB, 64 MiB up to 234 GiB), so S3's limit of 10,000 parts is never
 * reached: the largest file is 484 GiB ({@link #largestFile}); a larger one fails at the write that
 * would pass it. The buffer grows as it fills, so a file smaller than a part holds at most about
 * twice its size.
 *
 * <p>Thread-safe. The store owns its {@link S3Client}: {@link #close()} closes it, after which the
 * store must not be used.
 */
public final class S3FileStore implements FileStore, Closeable {
  /** S3 allows parts of 5 MiB and more (but the last); 8 MiB is a common default. */
  static final int PART_SIZE = 8 * 1024 * 1024;

  /** The most parts one S3 multipart upload may have. */
  static final int MAX_PARTS = 10_000;

  /** Parts double in length after every this many, {@link #MAX_DOUBLINGS} times at most. */
  private static final int PARTS_PER_SIZE = 2_000;

  private static final int MAX_DOUBLINGS = 4;
  private static final int RANGE_NOT_SATISFIABLE = 416;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int partSize;
  private final @Nullable ChecksumAlgorithm partChecksum;

  /**
   * A store keeping objects under {@code prefix} (a {@code /} is added when missing; empty for the
   * bucket's root).
   */
  public S3FileStore(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, PART_SIZE);
  }

  /** A store of another first part size: tests write files of several parts with small ones. */
  S3FileStore(S3Client s3, String bucket, String prefix, int partSize) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be blank");
    }
    if (partSize <= 0 || partSize > Integer.MAX_VALUE >> MAX_DOUBLINGS) {
      throw new IllegalArgumentException("part size out of range: " + partSize);
    }
    this.bucket = bucket;
    String p = prefix == null ? "" : prefix;
    this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    this.partSize = partSize;
    // A client that checksums what it can (the SDK's default, against AWS) sends a CRC32 with each
    // part; S3 then wants the upload created with that algorithm and each part's checksum repeated
    // when it is completed. A client that checksums only where required (compatible stores, see
    // FileStores) sends none, and naming an algorithm would make it send one.
    this.partChecksum =
        s3.serviceClientConfiguration().requestChecksumCalculation()
                == RequestChecksumCalculation.WHEN_REQUIRED
            ? null
            : ChecksumAlgorithm.CRC32;
  }

  /** The length of part {@code number} (from 1) of an upload whose first part is {@code base}. */
  static int partSize(int base, int number) {
    return base << Math.min((number - 1) / PARTS_PER_SIZE, MAX_DOUBLINGS);
  }

  /** The largest file written with first parts of {@code base} bytes: 10,000 parts' worth. */
  static long largestFile(int base) {
    long bytes = 0;
    for (int number = 1; number <= MAX_PARTS; number += PARTS_PER_SIZE) {
      bytes += (long) PARTS_PER_SIZE * partSize(base, number);
    }
    return bytes;
  }

  @Override
  public Upload create(String key) {
    return new S3Upload(this, objectKey(key), partSize, partChecksum);
  }

  /**
   * Aborts every multipart upload of {@code key} in progress in the bucket, whichever node started
   * it: a node that died or lost its claim mid-export leaves one, whose parts S3 would keep (and
   * bill) until a lifecycle rule removed them. A file smaller than one part left nothing to drop.
   */
  @Override
  public void discard(String key) throws IOException {
    String objectKey = objectKey(key);
    List<String> uploadIds =
        call(
            "ListMultipartUploads",
            objectKey,
            () ->
                s3
                    .listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(objectKey))
                    .uploads()
                    .stream()
                    .filter(u -> objectKey.equals(u.key()))
                    .map(MultipartUpload::uploadId)
                    .toList());
    for (String uploadId : uploadIds) {
      abort(objectKey, uploadId);
    }
  }

  /** Deletes the objects of {@code key}'s parts and aborts their uploads in progress. */
  @Override
  public void deleteParts(String key) throws IOException {
    String prefix = objectKey(FileStore.partKey(key, 1)).replaceFirst("1$", "");
    List<String> objects =
        call(
            "ListObjectsV2",
            prefix,
            () ->
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(o -> o.key())
                    .toList());
    for (String objectKey : objects) {
      delete(objectKey.substring(this.prefix.length()));
    }
    List<MultipartUpload> uploads =
        call(
            "ListMultipartUploads",
            prefix,
            () ->
                s3
                    .listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix))
                    .uploads()
                    .stream()
                    .toList());
    for (MultipartUpload u : uploads) {
      abort(u.key(), u.uploadId());
    }
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    String objectKey = objectKey(key);
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(objectKey);
    if (offset > 0) {
      request.range("bytes=" + offset + "-");
    }
    try {
      return s3.getObject(request.build());
    } catch (NoSuchKeyException e) {
      throw noSuchFile(objectKey, e);
    } catch (S3Exception e) {
      if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
        // S3 refuses a range that starts at or past the end; a file read from there is empty.
        return InputStream.nullInputStream();
      }
      throw failed("GetObject", objectKey, e);
    } catch (SdkException e) {
      throw failed("GetObject", objectKey, e);
    }
  }

  @Override
  public long size(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      return s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(objectKey).build())
          .contentLength();
    } catch (NoSuchKeyException e) {
      return -1;
    } catch (S3Exception e) {
      // A HEAD answer has no body, so a missing key may arrive as a bare 404.
      if (e.statusCode() == 404) {
        return -1;
      }
      throw failed("HeadObject", objectKey, e);
    } catch (SdkException e) {
      throw failed("HeadObject", objectKey, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(objectKey).build());
    } catch (NoSuchKeyException e) {
      // S3 answers 204 for a missing key; some compatible stores answer 404 instead.
    } catch (SdkException e) {
      throw failed("DeleteObject", objectKey, e);
    }
  }

  /** Closes the S3 client. */
  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }

  /** Keys are ours, but each must name one object under the prefix, as it names one file. */
  private String objectKey(String key) {
    if (key.isEmpty() || key.startsWith("/") || hasDotSegment(key)) {
      throw new LeadportException(500, "internal_error", "Refused file key " + key);
    }
    return prefix + key;
  }

  private static boolean hasDotSegment(String key) {
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private NoSuchFileException noSuchFile(String objectKey, Exception cause) {
    NoSuchFileException e = new NoSuchFileException(uri(objectKey));
    e.initCause(cause);
    return e;
  }

  private IOException failed(String operation, String objectKey, SdkException e) {
    return new IOException(operation + " of " + uri(objectKey) + " failed: " + e.getMessage(), e);
  }

  /** Runs one S3 call on {@code objectKey}, its failure an IOException naming both. */
  <T> T call(String operation, String objectKey, Supplier<T> call) throws IOException {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failed(operation, objectKey, e);
    }
  }

  /** Aborts a multipart upload; one already gone (completed, or aborted by another) is fine. */
  void abort(String objectKey, String uploadId) throws IOException {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (NoSuchUploadException e) {
      // Already gone.
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failed("AbortMultipartUpload", objectKey, e);
      }
    } catch (SdkException e) {
      throw failed("AbortMultipartUpload", objectKey, e);
    }
  }

  S3Client s3() {
    return s3;
  }

  String bucket() {
    return bucket;
  }

  String uri(String objectKey) {
    return "s3://" + bucket + "/" + objectKey;
  }
}
