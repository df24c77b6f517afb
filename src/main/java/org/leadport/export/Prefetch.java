package org.leadport.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads an export's next pieces (chunks of rows, batches of lead documents) on a thread of its own,
 * a few pieces ahead of the writer, so that PostgreSQL produces and the driver decodes the next
 * rows while the current ones are written: the two halves of an export overlap instead of taking
 * turns. Only the reading thread touches the database until {@link #close()} returns. Not
 * thread-safe; one consumer.
 *
 * @param <T> what one read yields
 */
final class Prefetch<T> implements AutoCloseable {
  /** Rows handed over at a time by {@link #rows}: also how often an export reports progress. */
  static final int CHUNK = 1_000;

  /** Pieces read ahead of the writer: bounded, so memory stays flat whatever the export's size. */
  static final int AHEAD = 4;

  /** Reads the next piece on the reading thread, or returns null after the last. */
  @FunctionalInterface
  interface Reader<T> {
    @Nullable T read() throws SQLException;
  }

  private static final Object END = new Object();

  /** PostgreSQL's text types, by the driver's type name; the driver speaks UTF-8 to the server. */
  private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name");

  private final BlockingQueue<Object> pieces = new ArrayBlockingQueue<>(AHEAD);
  private final Thread thread;
  private volatile boolean stopped;
  private volatile @Nullable Throwable failure;

  Prefetch(Reader<T> reader) {
    this.thread = Thread.ofVirtual().name("export-prefetch").start(() -> run(reader));
  }

  /**
   * Chunks of at most {@link #CHUNK} rows of a result set's first {@code columns} columns, each
   * value a {@code byte[]} (a text column's raw UTF-8, as the driver received it), a {@code String}
   * (any other type, read with {@code getString}) or null; {@link #text} decodes them. Decoding is
   * left to the consumer so that this thread asks for the next fetch as soon as it can: PostgreSQL
   * waits idle between a cursor's fetches, and whatever is done here per row lengthens each wait.
   */
  static Prefetch<Object[][]> rows(ResultSet rs, int columns) throws SQLException {
    boolean[] raw = new boolean[columns];
    ResultSetMetaData meta = rs.getMetaData();
    for (int i = 0; i < columns; i++) {
      // Only text travels as text whatever the driver's binary transfer does with other types.
      raw[i] = TEXT_TYPES.contains(meta.getColumnTypeName(i + 1));
    }
    return new Prefetch<>(() -> {
      Object[][] chunk = new Object[CHUNK][];
      int n = 0;
      while (n < CHUNK && rs.next()) {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = raw[i] ? rs.getBytes(i + 1) : rs.getString(i + 1);
        }
        chunk[n++] = row;
      }
      return n == 0 ? null : n == CHUNK ? chunk : Arrays.copyOf(chunk, n);
    });
  }

  /** Decodes a row of {@link #rows} into {@code into}. */
  static void text(Object[] row, String[] into) {
    for (int i = 0; i < row.length; i++) {
      into[i] =
          row[i] instanceof byte[] bytes
              ? new String(bytes, StandardCharsets.UTF_8)
              : (String) row[i];
    }
  }

  /** Writes one piece on the consumer's thread and says how many rows it held. */
  @FunctionalInterface
  interface PieceWriter<T> {
    long write(T piece) throws IOException;
  }

  /**
   * Writes every piece until the last, reporting the rows written so far after each one.
   *
   * @return the rows written
   */
  long drain(PieceWriter<T> writer, LongConsumer progress) throws SQLException, IOException {
    long rows = 0;
    for (T piece = next(); piece != null; piece = next()) {
      rows += writer.write(piece);
      progress.accept(rows);
    }
    return rows;
  }

  /**
   * The next piece, or null after the last; a failure of the reading thread is thrown here, and an
   * interrupt of this thread ends the export.
   */
  @SuppressWarnings("unchecked")
  @Nullable T next() throws SQLException {
    Object piece;
    try {
      piece = pieces.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("export interrupted", e);
    }
    if (piece == END) {
      pieces.offer(END);
      Throwable t = failure;
      if (t instanceof SQLException e) {
        throw e;
      } else if (t instanceof RuntimeException e) {
        throw e;
      } else if (t instanceof Error e) {
        throw e;
      }
      return null;
    }
    return (T) piece;
  }

  private void run(Reader<T> reader) {
    try {
      for (T piece = reader.read(); piece != null; piece = reader.read()) {
        if (!hand(piece)) {
          return;
        }
      }
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
    }
    hand(END);
  }

  /** Hands a piece over, waiting for room; false once the consumer has gone. */
  private boolean hand(Object piece) {
    try {
      while (!stopped) {
        if (pieces.offer(piece, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Stops the reading thread and waits for it, so the database is the caller's again. */
  @Override
  public void close() {
    stopped = true;
    pieces.clear();
    boolean interrupted = false;
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
}
