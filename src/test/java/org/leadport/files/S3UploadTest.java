package org.leadport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The part sizes of {@link S3FileStore} against S3's limits, S3's 10,000-part limit reached with
 * 1-byte parts, and the part checksums AWS wants, against a recording client (s3proxy would take
 * minutes for 10,000 parts, and refuses the checksums the SDK sends AWS).
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
    Recording s3 = new Recording(RequestChecksumCalculation.WHEN_REQUIRED);
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

  @Test
  void againstAwsPartsCarryTheChecksumTheClientSendsAndCompletionRepeatsIt() throws IOException {
    Recording aws = new Recording(RequestChecksumCalculation.WHEN_SUPPORTED);
    try (S3FileStore store = new S3FileStore(aws, "b", "p", 1);
        FileStore.Upload upload = store.create("k")) {
      upload.stream().write(new byte[3]);
      upload.publish();
    }
    assertThat(aws.created).isEqualTo(ChecksumAlgorithm.CRC32);
    assertThat(aws.partChecksums)
        .containsExactly(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32);
    assertThat(aws.completedChecksums).containsExactly("crc-1", "crc-2", "crc-3");

    Recording compatible = new Recording(RequestChecksumCalculation.WHEN_REQUIRED);
    try (S3FileStore store = new S3FileStore(compatible, "b", "p", 1);
        FileStore.Upload upload = store.create("k")) {
      upload.stream().write(new byte[3]);
      upload.publish();
    }
    assertThat(compatible.created).isNull();
    assertThat(compatible.partChecksums).containsOnlyNulls().hasSize(3);
    assertThat(compatible.completedChecksums).containsOnlyNulls().hasSize(3);
  }

  /** Records the multipart calls of one upload; every other call is unsupported. */
  private static final class Recording implements S3Client {
    final RequestChecksumCalculation checksums;
    final List<Long> parts = new ArrayList<>();
    final List<@Nullable ChecksumAlgorithm> partChecksums = new ArrayList<>();
    final List<@Nullable String> completedChecksums = new ArrayList<>();
    @Nullable ChecksumAlgorithm created;
    int completedParts;
    int aborted;

    Recording(RequestChecksumCalculation checksums) {
      this.checksums = checksums;
    }

    @Override
    public S3ServiceClientConfiguration serviceClientConfiguration() {
      return S3ServiceClientConfiguration.builder().requestChecksumCalculation(checksums).build();
    }

    @Override
    public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest r) {
      created = r.checksumAlgorithm();
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
      partChecksums.add(r.checksumAlgorithm());
      return UploadPartResponse.builder()
          .eTag("e" + r.partNumber())
          .checksumCRC32(r.checksumAlgorithm() == null ? null : "crc-" + r.partNumber())
          .build();
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
        CompleteMultipartUploadRequest r) {
      completedParts = r.multipartUpload().parts().size();
      r.multipartUpload().parts().forEach(p -> completedChecksums.add(p.checksumCRC32()));
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
