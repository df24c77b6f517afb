package org.leadport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The part sizes of {@link S3FileStore} against S3's limits, and S3's 10,000-part limit reached
 * with 1-byte parts against a recording client (s3proxy would take minutes for 10,000 parts).
 */
class S3UploadTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void partsStayWithinS3sLimitsAndGrowForLargeFiles() {
    int base = S3FileStore.PART_SIZE;
    assertThat(S3FileStore.partSize(base, 1)).isEqualTo(8 * MIB);
    assertThat(S3FileStore.partSize(base, 2_000)).isEqualTo(8 * MIB);
    assertThat(S3FileStore.partSize(base, 2_001)).isEqualTo(16 * MIB);
    assertThat(S3FileStore.partSize(base, 8_001)).isEqualTo(128 * MIB);
    assertThat(S3FileStore.partSize(base, S3FileStore.MAX_PARTS)).isEqualTo(128 * MIB);
    for (int number = 1; number <= S3FileStore.MAX_PARTS; number++) {
      assertThat((long) S3FileStore.partSize(base, number))
          .as("part %d", number)
          .isBetween(5 * MIB, 5 * 1024 * MIB);
    }
    // What the Javadoc promises: 496,000 MiB, 484 GiB.
    assertThat(S3FileStore.largestFile(base)).isEqualTo(496_000 * MIB);
  }

  @Test
  void theLargestFileFitsInTenThousandPartsAndOneByteMoreFails() throws IOException {
    Recording s3 = new Recording();
    long largest = S3FileStore.largestFile(1);
    assertThat(largest).isEqualTo(62_000);
    try (S3FileStore store = new S3FileStore(s3, "b", "p", 1);
        FileStore.Upload upload = store.create("big")) {
      upload.stream().write(new byte[(int) largest]);
      assertThatThrownBy(() -> upload.stream().write(0))
          .isInstanceOf(IOException.class)
          .hasMessage("s3://b/p/big would exceed the largest file the store writes, 62000 bytes");
      assertThat(upload.publish()).isEqualTo(largest);
    }
    assertThat(s3.parts).hasSize(S3FileStore.MAX_PARTS);
    assertThat(s3.parts.stream().mapToLong(Long::longValue).sum()).isEqualTo(largest);
    assertThat(s3.completedParts).isEqualTo(S3FileStore.MAX_PARTS);
    assertThat(s3.aborted).isZero();
  }

  /** Records the multipart calls of one upload; every other call is unsupported. */
  private static final class Recording implements S3Client {
    final List<Long> parts = new ArrayList<>();
    int completedParts;
    int aborted;

    @Override
    public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest r) {
      return CreateMultipartUploadResponse.builder().uploadId("u1").build();
    }

    @Override
    public UploadPartResponse uploadPart(UploadPartRequest r, RequestBody body) {
      assertThat(r.partNumber()).isEqualTo(parts.size() + 1);
      try (InputStream in = body.contentStreamProvider().newStream()) {
        parts.add((long) in.readAllBytes().length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return UploadPartResponse.builder().eTag("e" + r.partNumber()).build();
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
        CompleteMultipartUploadRequest r) {
      completedParts = r.multipartUpload().parts().size();
      return CompleteMultipartUploadResponse.builder().build();
    }

    @Override
    public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest r) {
      aborted++;
      return AbortMultipartUploadResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }
}
