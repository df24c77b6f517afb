package org.leadport.files;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.leadport.LeadportException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files as objects of an S3 (or S3-compatible) bucket under a key prefix. An upload is spooled to a
 * local temporary file and published with one PutObject of the complete file, which S3 makes
 * visible atomically: readers see the old object or the whole new one, never a part. A single PUT
 * holds at most 5 GB.
 *
 * <p>Thread-safe. The store owns its {@link S3Client}: {@link #close()} closes it, after which the
 * store must not be used.
 */
public final class S3FileStore implements FileStore, Closeable {
  private static final int BUFFER = 256 * 1024;
  private static final int RANGE_NOT_SATISFIABLE = 416;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Path spool;

  /** A store spooling uploads to the system's temporary directory. */
  public S3FileStore(S3Client s3, String bucket, String prefix) throws IOException {
    this(s3, bucket, prefix, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * A store keeping objects under {@code prefix} (a {@code /} is added when missing; empty for the
   * bucket's root) and spooling uploads to {@code spool}, which is created when missing.
   */
  public S3FileStore(S3Client s3, String bucket, String prefix, Path spool) throws IOException {
    this.s3 = Objects.requireNonNull(s3, "s3");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be blank");
    }
    this.bucket = bucket;
    String p = prefix == null ? "" : prefix;
    this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    this.spool = spool.toAbsolutePath().normalize();
    Files.createDirectories(this.spool);
  }

  @Override
  public Upload create(String key) throws IOException {
    String objectKey = objectKey(key);
    Path temp = spool.resolve(Spool.fileName(key));
    Files.deleteIfExists(temp);
    OutputStream out;
    try {
      out = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return new SpooledUpload(objectKey, temp, out);
  }

  /** Only this node's spool is reachable: a dead node's spool went with its disk. */
  @Override
  public void discard(String key) throws IOException {
    Files.deleteIfExists(spool.resolve(Spool.fileName(key)));
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

  private String uri(String objectKey) {
    return "s3://" + bucket + "/" + objectKey;
  }

  /** An upload spooled to a local file, so nothing reaches the bucket before publish. */
  private final class SpooledUpload implements Upload {
    private final String objectKey;
    private final Path temp;
    private final OutputStream out;
    private boolean published;

    SpooledUpload(String objectKey, Path temp, OutputStream out) {
      this.objectKey = objectKey;
      this.temp = temp;
      this.out = out;
    }

    @Override
    public OutputStream stream() {
      return out;
    }

    @Override
    public long publish() throws IOException {
      if (published) {
        throw new IllegalStateException(uri(objectKey) + " is already published");
      }
      out.close();
      long size = Files.size(temp);
      PutObjectRequest request =
          PutObjectRequest.builder().bucket(bucket).key(objectKey).contentLength(size).build();
      try {
        s3.putObject(request, RequestBody.fromFile(temp));
      } catch (SdkException e) {
        throw failed("PutObject", objectKey, e);
      }
      published = true;
      Files.deleteIfExists(temp);
      return size;
    }

    @Override
    public void close() throws IOException {
      out.close();
      Files.deleteIfExists(temp);
    }
  }
}
