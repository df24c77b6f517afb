package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReadAhead}: a body within the bound is taken whole while the client reads nothing, so the
 * export's snapshot is released; a larger one waits for the client without ever buffering more than
 * the bound; no file is written.
 */
class ReadAheadTest {
  private static final int KIB = 1024;

  @Test
  void theClientGetsEveryByteInOrderAndTheWriterNeverWaitsForItWithinTheBound() throws Exception {
    byte[] data = random(3 * 1024 * KIB + 17);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    // A client that takes nothing until released: the writer must finish anyway.
    OutputStream client = client(received, release, 0);
    ReadAhead.Budget budget = new ReadAhead.Budget(8 * 1024 * KIB);
    try (ReadAhead ahead =
        new ReadAhead(ReadAhead.WINDOW, 4 * 1024 * KIB, budget, ReadAhead.MAX_HOLD)) {
      try (OutputStream in = ahead.start(client)) {
        write(in, data);
      }
      assertThat(ahead.buffered()).isEqualTo(data.length);
      release.countDown();
      ahead.awaitSent();
      assertThat(ahead.buffered()).isZero();
    }
    assertThat(received.toByteArray()).isEqualTo(data);
    assertThat(budget.available()).isEqualTo(8 * 1024 * KIB);
  }

  /**
   * A slow client of a body four times the bound: the writer waits for it (backpressure) instead of
   * buffering more, the client still gets every byte, and the budget is whole again after.
   */
  @Test
  void aSlowClientOfABodyLargerThanTheBoundHoldsTheWriterAtTheBound() throws Exception {
    int bound = 256 * KIB;
    byte[] data = random(4 * bound + 5);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    OutputStream client = client(received, new CountDownLatch(0), 2);
    ReadAhead.Budget budget = new ReadAhead.Budget(bound);
    long most = 0;
    long takenWhenWritten;
    try (ReadAhead ahead = new ReadAhead(64 * KIB, bound, budget, ReadAhead.MAX_HOLD)) {
      try (OutputStream in = ahead.start(client)) {
        for (int i = 0; i < data.length; i += 1000) {
          in.write(data, i, Math.min(1000, data.length - i));
          most = Math.max(most, ahead.buffered());
        }
      }
      synchronized (received) {
        takenWhenWritten = received.size();
      }
      ahead.awaitSent();
    }
    assertThat(received.toByteArray()).isEqualTo(data);
    assertThat(most).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
    // The writer could only end at the client's pace: all but the bound had been taken by then.
    assertThat(takenWhenWritten).isGreaterThanOrEqualTo(data.length - bound);
    assertThat(budget.available()).isEqualTo(bound);
  }

  /** A client that keeps the export waiting past the longest hold ends the export's writes. */
  @Test
  void aClientTooSlowForTheLongestHoldEndsTheExport() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ReadAhead.Budget budget = new ReadAhead.Budget(0);
    try (ReadAhead ahead =
        new ReadAhead(64 * KIB, 64 * KIB, budget, java.time.Duration.ofMillis(200))) {
      OutputStream in = ahead.start(client(new ByteArrayOutputStream(), never, 0));
      assertThatThrownBy(() -> write(in, new byte[1024 * KIB]))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("has held the export for PT0.2S");
      never.countDown();
    }
  }

  /** Without budget (other streams hold it all), a stream still moves within its own window. */
  @Test
  void anExhaustedBudgetLeavesEachStreamItsWindow() throws Exception {
    int window = 64 * KIB;
    byte[] data = random(10 * window);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ReadAhead.Budget none = new ReadAhead.Budget(0);
    long most = 0;
    try (ReadAhead ahead = new ReadAhead(window, 16 * window, none, ReadAhead.MAX_HOLD)) {
      try (OutputStream in = ahead.start(client(received, new CountDownLatch(0), 1))) {
        for (int i = 0; i < data.length; i += 1000) {
          in.write(data, i, Math.min(1000, data.length - i));
          most = Math.max(most, ahead.buffered());
        }
      }
      ahead.awaitSent();
    }
    assertThat(received.toByteArray()).isEqualTo(data);
    assertThat(most).isLessThanOrEqualTo(window);
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
    ReadAhead.Budget budget = new ReadAhead.Budget(1024 * KIB);
    try (ReadAhead ahead = new ReadAhead(64 * KIB, 1024 * KIB, budget, ReadAhead.MAX_HOLD)) {
      OutputStream in = ahead.start(client);
      in.write(new byte[1000]);
      in.flush();
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      // The sender has stopped: awaiting it says why, and the export's next write fails, even
      // one that would have waited for room.
      assertThatThrownBy(ahead::awaitSent)
          .isInstanceOf(UncheckedIOException.class)
          .hasRootCauseMessage("stalled past the idle timeout");
      assertThatThrownBy(
              () -> {
                in.write(new byte[3 * 1024 * KIB]);
                in.flush();
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("client stopped reading");
    }
    assertThat(budget.available()).isEqualTo(1024 * KIB);
  }

  /**
   * No file: a slow client of a body larger than the bound, run in a JVM of its own whose temporary
   * directory is empty, leaves that directory empty.
   */
  @Test
  void noTemporaryFileIsWritten(@TempDir Path tmp) throws Exception {
    Path javaTmp = Files.createDirectory(tmp.resolve("java-io-tmpdir"));
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + javaTmp,
                    "-XX:-UsePerfData",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SlowRender.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("sent " + SlowRender.SIZE);
    try (Stream<Path> left = Files.list(javaTmp)) {
      assertThat(left).isEmpty();
    }
  }

  /** The child of {@link #noTemporaryFileIsWritten}: a slow client of 4 bounds' worth. */
  static final class SlowRender {
    static final int SIZE = 4 * ReadAhead.BOUND / 16 + 3;

    public static void main(String[] args) throws Exception {
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] data = random(SIZE);
      try (ReadAhead ahead =
          new ReadAhead(
              64 * KIB,
              ReadAhead.BOUND / 16,
              new ReadAhead.Budget(ReadAhead.BOUND),
              ReadAhead.MAX_HOLD)) {
        try (OutputStream in = ahead.start(client(received, new CountDownLatch(0), 1))) {
          write(in, data);
        }
        ahead.awaitSent();
      }
      if (!java.util.Arrays.equals(received.toByteArray(), data)) {
        throw new AssertionError("the bytes differ");
      }
      System.out.println("sent " + received.size());
    }
  }

  private static byte[] random(int n) {
    byte[] data = new byte[n];
    new Random(n).nextBytes(data);
    return data;
  }

  private static void write(OutputStream in, byte[] data) throws IOException {
    for (int i = 0; i < data.length; i += 1000) {
      in.write(data, i, Math.min(1000, data.length - i));
    }
  }

  /** A client that waits for {@code release}, then takes each write after {@code millis} ms. */
  private static OutputStream client(
      ByteArrayOutputStream into, CountDownLatch release, int millis) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        try {
          release.await();
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (into) {
          into.write(b, off, len);
        }
      }
    };
  }
}
