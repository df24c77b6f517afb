package org.leadport.export.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.files.StorageException;

class HandOffTest {
  @Test
  void theTargetGetsEveryByteInOrderWhateverTheWrites() throws IOException {
    SplittableRandom r = new SplittableRandom(18);
    byte[] all = new byte[5 * HandOff.CHUNK + 1234];
    r.nextBytes(all);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (HandOff out = new HandOff(target)) {
      int at = 0;
      while (at < all.length) {
        int n = Math.min(all.length - at, r.nextInt(3) == 0 ? 1 : r.nextInt(3 * HandOff.CHUNK));
        if (n == 1) {
          out.write(all[at]);
        } else {
          out.write(all, at, n);
        }
        at += n;
        if (r.nextInt(10) == 0) {
          out.flush();
        }
      }
    }
    assertThat(target.toByteArray()).isEqualTo(all);
  }

  @Test
  void flushReachesTheTargetAndCloseLeavesItOpen() throws IOException {
    AtomicInteger flushes = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream target =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.write(b);
          }

          @Override
          public void flush() {
            flushes.incrementAndGet();
          }

          @Override
          public void close() {
            closes.incrementAndGet();
          }
        };
    HandOff out = new HandOff(target);
    out.write(new byte[] {1, 2, 3});
    out.flush();
    out.close();
    out.close();
    assertThat(bytes.toByteArray()).containsExactly(1, 2, 3);
    assertThat(flushes).hasValue(1);
    assertThat(closes).hasValue(0);
  }

  /**
   * A failure of the target, whatever it is, is thrown to the writer as it was thrown there, and
   * the writer never hangs on a dead target: an Error too, which once ended the target's thread and
   * left the writer waiting for room forever.
   */
  @ParameterizedTest
  @MethodSource("failures")
  @Timeout(30)
  void aFailureOfTheTargetIsThrownToTheWriterAsItWasThrown(Throwable failure) {
    OutputStream target =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (failure instanceof IOException io) {
              throw io;
            }
            if (failure instanceof Error e) {
              throw e;
            }
            throw (RuntimeException) failure;
          }
        };
    assertThatThrownBy(
            () -> {
              try (HandOff out = new HandOff(target)) {
                byte[] chunk = new byte[HandOff.CHUNK];
                // Far more than the chunks that wait: the writer must not hang on a dead target.
                for (int i = 0; i < 20 * HandOff.AHEAD; i++) {
                  out.write(chunk);
                }
              }
            })
        .isSameAs(failure);
  }

  static Stream<Throwable> failures() {
    return Stream.of(
        new StorageException("disk full", new IOException("ENOSPC")),
        new IllegalStateException("closed"),
        new OutOfMemoryError("Java heap space"));
  }
}
