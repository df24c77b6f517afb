package org.leadport.export.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Passes the bytes written to it on to a target stream on a thread of its own, in chunks, so that
 * what the target does with them (gzip or zstd, a checksum, the file store) runs beside the writer
 * that produces them instead of in turn with it. Bytes reach the target in the order written; a
 * bounded number of chunks wait, so memory stays flat. A failure of the target is thrown by the
 * next write, flush or close. {@link #close()} hands the last bytes over and waits until the target
 * has them, and leaves the target open. Not thread-safe; one writer.
 */
public final class HandOff extends OutputStream {
  /** Bytes handed over at a time. */
  static final int CHUNK = 64 * 1024;

  /** Chunks waiting for the target at most. */
  static final int AHEAD = 4;

  /** What the writer hands over: bytes, or a request to flush the target, or the end. */
  private record Piece(byte @Nullable [] bytes, int length) {}

  private static final Piece FLUSH = new Piece(null, 0);
  private static final Piece END = new Piece(null, -1);

  private final OutputStream target;
  private final BlockingQueue<Piece> pieces = new ArrayBlockingQueue<>(AHEAD);
  private final Thread thread;
  private volatile @Nullable Throwable failure;
  private byte[] buffer = new byte[CHUNK];
  private int used;
  private boolean closed;

  /** Whether the target's failure has reached the writer: a close after it does not repeat it. */
  private boolean thrown;

  public HandOff(OutputStream target) {
    this.target = target;
    this.thread = Thread.ofVirtual().name("export-hand-off").start(this::run);
  }

  @Override
  public void write(int b) throws IOException {
    if (used == buffer.length) {
      handBuffer();
    }
    buffer[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (used == buffer.length) {
        handBuffer();
      }
      int n = Math.min(len, buffer.length - used);
      System.arraycopy(b, off, buffer, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  /** Hands the bytes so far over and has the target flush them. */
  @Override
  public void flush() throws IOException {
    if (used > 0) {
      hand(new Piece(Arrays.copyOf(buffer, used), used));
      used = 0;
    }
    hand(FLUSH);
  }

  /** Hands the last bytes over and waits until the target has them; the target stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (used > 0 && failure == null) {
        hand(new Piece(buffer, used));
      }
    } finally {
      stop();
    }
    if (!thrown) {
      check();
    }
  }

  private void handBuffer() throws IOException {
    hand(new Piece(buffer, used));
    // The handed buffer is the target's now.
    buffer = new byte[CHUNK];
    used = 0;
  }

  private void hand(Piece piece) throws IOException {
    check();
    try {
      pieces.put(piece);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
  }

  /** Ends the thread and waits for it; an interrupt meanwhile is kept for the caller. */
  private void stop() {
    boolean interrupted = Thread.interrupted();
    while (true) {
      try {
        pieces.put(END);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Throws the target's failure as it was thrown there, so its callers read it as ever. */
  private void check() throws IOException {
    Throwable e = failure;
    if (e != null) {
      thrown = true;
    }
    if (e instanceof IOException io) {
      throw io;
    } else if (e instanceof RuntimeException r) {
      throw r;
    } else if (e instanceof Error error) {
      throw error;
    }
  }

  /** The target's side: writes each piece until the end; after a failure, drops the rest. */
  private void run() {
    while (true) {
      Piece piece;
      try {
        piece = pieces.take();
      } catch (InterruptedException e) {
        // Nobody interrupts this thread but the JVM's end; the writer's close still waits.
        continue;
      }
      if (piece == END) {
        return;
      }
      if (failure != null) {
        continue;
      }
      try {
        byte[] bytes = piece.bytes();
        if (bytes == null) {
          target.flush();
        } else {
          target.write(bytes, 0, piece.length());
        }
      } catch (IOException | RuntimeException | Error e) {
        // An Error too: a thread that ended on it would leave the writer waiting for room
        // forever, its pieces never taken.
        failure = e;
      }
    }
  }
}
