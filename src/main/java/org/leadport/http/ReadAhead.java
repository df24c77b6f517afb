package org.leadport.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Decouples a streamed export from its client in memory: the export writes into a bounded buffer at
 * the database's pace while a thread of its own sends the buffer to the client at the client's
 * pace. A body that fits the buffer is read whole however slowly the client reads, so the snapshot
 * and the export connection are released as soon as the last row is read; past the bound the export
 * waits for the client (backpressure), holding its snapshot while the client keeps taking bytes,
 * and a client that stalls past the stall timeout is cut, which fails the export's next write, and
 * one that keeps the export waiting past {@link #MAX_HOLD} ends it (docs/operations.md, "Slow
 * clients"). A fast client gets the bytes as they are written. No file is written.
 *
 * <p>Memory: each stream buffers up to {@link #WINDOW} bytes of its own, and beyond that up to
 * {@link #BOUND} while the node's {@link Budget} (shared by every stream of the process) has room,
 * so the heap all streams take is at most the budget plus one window a stream.
 *
 * <p>Use: {@link #start} once the response's headers are out, write the export into the stream it
 * returns and close that, then {@link #awaitSent()}; {@link #close()} in every case (a read-ahead
 * that never started holds nothing). A failure of the client (it went away, or a write stalled past
 * the stall timeout) ends the export's writes too, so a render whose client left stops reading
 * rows. Not thread-safe beyond that protocol.
 */
public final class ReadAhead implements AutoCloseable {
  /** What a stream may always buffer, budget or not: 1 MiB. */
  public static final int WINDOW = 1 << 20;

  /** The most one stream buffers: 16 MiB, a 10,000-lead sync segment several times over. */
  public static final int BOUND = 16 << 20;

  /**
   * The longest a stream keeps its export waiting for room, from its start: an hour, the default
   * timeout of a whole export's statements, which a cursor's fetches (XLSX) do not run into.
   */
  public static final Duration MAX_HOLD = Duration.ofHours(1);

  /** The bytes the streams of this process buffer beyond their windows: 64 MiB. */
  public static final Budget NODE = new Budget(64 << 20);

  private static final int CHUNK = 64 * 1024;

  /** How long a writer waiting on another stream's share of the budget sleeps between looks. */
  private static final long BUDGET_POLL_MILLIS = 20;

  private final int window;
  private final int bound;
  private final Budget budget;
  private final Duration maxHold;
  private long startedNanos;
  private final Object lock = new Object();
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private long buffered;
  private boolean ended;
  private boolean abandoned;
  private volatile @Nullable IOException clientFailure;
  private @Nullable Thread sender;

  /** The bytes of the streams beyond their windows, shared by every stream of a process. */
  public static final class Budget {
    private final Semaphore bytes;

    public Budget(int bytes) {
      this.bytes = new Semaphore(bytes);
    }

    /** The bytes no stream holds now. */
    public int available() {
      return bytes.availablePermits();
    }
  }

  /** A read-ahead of {@link #BOUND} bytes on the node's budget. */
  public ReadAhead() {
    this(WINDOW, BOUND, NODE, MAX_HOLD);
  }

  /**
   * @param window what this stream may always buffer
   * @param bound the most this stream buffers, with what it takes from {@code budget}
   * @param maxHold how long after its start the export may still be made to wait for the client
   */
  public ReadAhead(int window, int bound, Budget budget, Duration maxHold) {
    if (window < CHUNK || bound < window) {
      throw new IllegalArgumentException("window must hold a chunk and bound the window");
    }
    this.window = window;
    this.bound = bound;
    this.budget = budget;
    this.maxHold = maxHold;
  }

  /** A piece of the body, never changed once buffered; borrowed when from the budget. */
  @SuppressWarnings("ArrayRecordComponent") // the bytes are private to this class, compared never
  private record Chunk(byte[] bytes, boolean borrowed) {}

  /**
   * Starts sending to {@code out} (which the read-ahead flushes, never closes) and returns where
   * the export writes; closing that marks the end of the body. Once only.
   */
  public OutputStream start(OutputStream out) {
    if (sender != null) {
      throw new IllegalStateException("the read-ahead has started already");
    }
    this.startedNanos = System.nanoTime();
    this.sender = Thread.ofVirtual().name("read-ahead-sender").start(() -> send(out));
    return new BufferedOutputStream(new Writer(), CHUNK);
  }

  /**
   * Waits until the client has every byte; throws when it did not take them (it went away, or
   * stalled past the stall timeout). Returns at once when the read-ahead never started.
   */
  public void awaitSent() {
    Thread sender = this.sender;
    if (sender == null) {
      return;
    }
    join(sender);
    IOException failure = clientFailure;
    if (failure != null) {
      throw new UncheckedIOException("the client did not take the whole body", failure);
    }
  }

  /** Stops sending (when not done yet) and gives the buffered bytes back. */
  @Override
  public void close() {
    Thread sender = this.sender;
    if (sender == null) {
      return;
    }
    synchronized (lock) {
      abandoned = !ended || abandoned;
      lock.notifyAll();
    }
    join(sender);
    drop();
  }

  /** Bytes buffered and not yet sent, for tests and metrics. */
  long buffered() {
    synchronized (lock) {
      return buffered;
    }
  }

  private static void join(Thread sender) {
    boolean interrupted = false;
    while (true) {
      try {
        sender.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Empties the buffer, giving borrowed bytes back, and wakes a waiting writer. */
  private void drop() {
    synchronized (lock) {
      for (Chunk c : chunks) {
        if (c.borrowed()) {
          budget.bytes.release(c.bytes().length);
        }
      }
      chunks.clear();
      buffered = 0;
      lock.notifyAll();
    }
  }

  /** The sender thread: buffer to client, chunk by chunk, until the end. */
  private void send(OutputStream client) {
    try {
      while (true) {
        Chunk next;
        synchronized (lock) {
          while (chunks.isEmpty() && !ended && !abandoned) {
            lock.wait();
          }
          if (abandoned) {
            return;
          }
          if (chunks.isEmpty()) {
            break;
          }
          next = chunks.getFirst();
        }
        client.write(next.bytes());
        boolean caughtUp;
        synchronized (lock) {
          chunks.removeFirst();
          buffered -= next.bytes().length;
          if (next.borrowed()) {
            budget.bytes.release(next.bytes().length);
          }
          caughtUp = chunks.isEmpty();
          lock.notifyAll();
        }
        if (caughtUp) {
          // Caught up with the export: what there is goes out now, not when a buffer fills.
          client.flush();
        }
      }
      client.flush();
    } catch (IOException e) {
      fail(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new IOException("read-ahead sender interrupted", e));
    }
  }

  private void fail(IOException e) {
    clientFailure = e;
    // Nothing more will be sent: a writer waiting for room wakes to the failure.
    drop();
  }

  /** Appends to the buffer and wakes the sender; waits for room past the bound. */
  private final class Writer extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int at = off; at < off + len; at += CHUNK) {
        append(Arrays.copyOfRange(b, at, Math.min(off + len, at + CHUNK)));
      }
    }

    private void append(byte[] bytes) throws IOException {
      int n = bytes.length;
      synchronized (lock) {
        while (true) {
          IOException failure = clientFailure;
          if (failure != null) {
            throw new IOException("the client stopped reading", failure);
          }
          if (abandoned) {
            throw new IOException("the body was abandoned");
          }
          if (buffered + n <= window) {
            add(new Chunk(bytes, false));
            return;
          }
          if (buffered + n <= bound && budget.bytes.tryAcquire(n)) {
            add(new Chunk(bytes, true));
            return;
          }
          if (System.nanoTime() - startedNanos > maxHold.toNanos()) {
            // A client this slow would keep the snapshot past any statement timeout.
            throw new IOException("the client has held the export for " + maxHold + " already");
          }
          try {
            // Woken when the client takes a chunk; the budget is freed by other streams too.
            lock.wait(BUDGET_POLL_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the client");
          }
        }
      }
    }

    /** Under the lock. */
    private void add(Chunk c) {
      chunks.addLast(c);
      buffered += c.bytes().length;
      lock.notifyAll();
    }

    @Override
    public void close() {
      synchronized (lock) {
        ended = true;
        lock.notifyAll();
      }
    }
  }
}
