package org.leadport.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * Decouples a streamed export from its client: the export writes into a temporary file at the
 * database's pace, while a thread of its own sends the file to the client at the client's pace, so
 * the snapshot and the export connection are released as soon as the rows are read, however slowly
 * the client reads (docs/operations.md, "Limits"). A fast client reads the bytes as they are
 * written, from the page cache, so it waits for nothing but the rows. The file is deleted on close.
 *
 * <p>Use: {@link #start} once the response's headers are out, write the export into the stream it
 * returns and close that, then {@link #awaitSent()}; {@link #close()} in every case (a spool that
 * never started holds nothing). A failure of the client (it went away, or a write stalled past the
 * stall timeout) ends the export's writes too, so a render whose client left stops reading rows.
 * Not thread-safe beyond that protocol.
 */
public final class Spool implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final Object lock = new Object();
  private @Nullable Path file;
  private @Nullable FileChannel channel;
  private long written;
  private boolean ended;
  private boolean abandoned;
  private volatile @Nullable IOException clientFailure;
  private @Nullable Thread sender;

  /**
   * Starts sending to {@code out} (which the spool flushes, never closes) and returns where the
   * export writes; closing that marks the end of the body. Once only.
   */
  public OutputStream start(OutputStream out) throws IOException {
    if (sender != null) {
      throw new IllegalStateException("the spool has started already");
    }
    Path file = Files.createTempFile("leadport-spool-", ".part");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.file = file;
    this.channel = channel;
    this.sender = Thread.ofVirtual().name("spool-sender").start(() -> send(channel, out));
    return new BufferedOutputStream(new Writer(channel), BUFFER);
  }

  /**
   * Waits until the client has every byte; throws when it did not take them (it went away, or
   * stalled past the stall timeout). Returns at once when the spool never started.
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

  /** Stops sending (when not done yet) and deletes the file. */
  @Override
  public void close() throws IOException {
    Thread sender = this.sender;
    FileChannel channel = this.channel;
    Path file = this.file;
    if (sender == null || channel == null || file == null) {
      return;
    }
    synchronized (lock) {
      abandoned = !ended || abandoned;
      lock.notifyAll();
    }
    try {
      join(sender);
    } finally {
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(file);
      }
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

  /** The sender thread: file to client, as far as written, until the end. */
  private void send(FileChannel channel, OutputStream client) {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    long position = 0;
    try {
      while (true) {
        long available;
        synchronized (lock) {
          while (position == written && !ended && !abandoned) {
            lock.wait();
          }
          if (abandoned) {
            return;
          }
          if (position == written) {
            break;
          }
          available = written - position;
        }
        buffer.clear().limit((int) Math.min(available, BUFFER));
        int n = channel.read(buffer, position);
        client.write(buffer.array(), 0, n);
        position += n;
        boolean caughtUp;
        synchronized (lock) {
          caughtUp = position == written;
        }
        if (caughtUp) {
          // Caught up with the export: what there is goes out now, not when a buffer fills.
          client.flush();
        }
      }
      client.flush();
    } catch (IOException e) {
      clientFailure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clientFailure = new IOException("spool sender interrupted", e);
    }
  }

  /** Appends to the file and wakes the sender; fails once the client has failed. */
  private final class Writer extends OutputStream {
    private final FileChannel channel;

    Writer(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      IOException failure = clientFailure;
      if (failure != null) {
        throw new IOException("the client stopped reading", failure);
      }
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      long at;
      synchronized (lock) {
        at = written;
      }
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      synchronized (lock) {
        written = at;
        lock.notifyAll();
      }
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
