package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpoolTest {
  @Test
  void theClientGetsEveryByteInOrderAndTheWriterNeverWaitsForIt() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(data);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    // A client that takes nothing until released: the writer must finish anyway.
    OutputStream client =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            received.write(b, off, len);
          }
        };
    try (Spool spool = new Spool()) {
      try (OutputStream in = spool.start(client)) {
        for (int i = 0; i < data.length; i += 1000) {
          in.write(data, i, Math.min(1000, data.length - i));
        }
      }
      release.countDown();
      spool.awaitSent();
    }
    assertThat(received.toByteArray()).isEqualTo(data);
  }

  @Test
  void aFailingClientFailsTheWriterAndAwaitSent() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    OutputStream client =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            failed.countDown();
            throw new IOException("stalled past the idle timeout");
          }
        };
    try (Spool spool = new Spool()) {
      OutputStream in = spool.start(client);
      in.write(new byte[100_000]);
      in.flush();
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      // The sender has stopped: awaiting it says why, and the export's next write fails.
      assertThatThrownBy(spool::awaitSent)
          .isInstanceOf(UncheckedIOException.class)
          .hasRootCauseMessage("stalled past the idle timeout");
      assertThatThrownBy(
              () -> {
                in.write(new byte[100_000]);
                in.flush();
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("client stopped reading");
    }
  }
}
