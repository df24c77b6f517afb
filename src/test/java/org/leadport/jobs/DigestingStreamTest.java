package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DigestingStream}: the bytes pass unchanged, counted and hashed on the way. */
class DigestingStreamTest {
  @Test
  void countsAndHashesWhatPassesWhicheverWayItIsWritten() throws Exception {
    byte[] data = new byte[300_000];
    new Random(19).nextBytes(data);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    DigestingStream s = new DigestingStream(target);
    s.write(data[0]);
    s.write(data, 1, 99_999);
    s.write(data, 100_000, 0);
    s.write(data, 100_000, 200_000);
    s.close();
    assertThat(target.toByteArray()).isEqualTo(data);
    assertThat(s.bytes()).isEqualTo(data.length);
    assertThat(s.sha256Hex())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @Test
  void anEmptyFileHasTheEmptyDigest() throws IOException {
    DigestingStream s = new DigestingStream(new ByteArrayOutputStream());
    assertThat(s.bytes()).isZero();
    assertThat(s.sha256Hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
