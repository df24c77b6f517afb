package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.sink.HandOff;
import org.leadport.export.sink.Segment;
import org.leadport.export.sink.Sink;
import org.leadport.export.writer.DocumentField;
import org.leadport.export.writer.DocumentWriter;
import org.leadport.export.writer.ExportRoute;
import org.leadport.export.writer.FileLayout;
import org.leadport.export.writer.RowWriter;
import org.leadport.model.CustomField;
import org.leadport.query.Sql;
import org.leadport.store.ChangeLog;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads an export's rows with one streaming SQL statement (its {@link ExportStatement}) inside a
 * read-only, repeatable-read snapshot, so an export is consistent however long it takes to write.
 * Rows of columns come straight from the statement, by the route their writer picks (CSV as
 * PostgreSQL's COPY of it, see {@link RowWriter#takesCopy()}); nested lead documents from a binary
 * COPY of their lead statement ({@link BinaryRows}), items included, on the same snapshot.
 * Thread-safe; each call uses its own connection.
 */
public final class RowSource {
  /**
   * Rows fetched per round trip. PostgreSQL produces a fetch while the writer works on the one
   * before, so the first and last fetch of a statement do not overlap: small fetches keep that part
   * of a 10,000-row segment short (5,000 left half of each segment's writing unoverlapped), and a
   * local round trip costs well under a millisecond.
   */
  static final int FETCH_SIZE = 1_000;

  private final Jdbi jdbi;
  private final ChangeLog changes;
  private final Duration segmentTimeout;
  private final Duration exportTimeout;

  /**
   * @param changes the change log a sync walk catches up from
   * @param segmentTimeout the statement timeout of a segment's statements (they stream to a client)
   * @param exportTimeout the statement timeout of a whole export's statements
   */
  public RowSource(Jdbi jdbi, ChangeLog changes, Duration segmentTimeout, Duration exportTimeout) {
    this.jdbi = jdbi;
    this.changes = changes;
    this.segmentTimeout = segmentTimeout;
    this.exportTimeout = exportTimeout;
  }

  /**
   * Plans the export (for a segment: is it truncated, where does it end), opens the sink with that
   * plan, then streams every row through a writer of the spec's format.
   *
   * @return the number of rows (or documents) written
   */
  public long export(
      ExportSpec spec, ExportColumns.Set columns, Sink sink, ExportProgress progress) {
    return export(spec, columns, List.of(), sink, FileLayout.ONE_FILE, progress);
  }

  /**
   * As {@link #export(ExportSpec, ExportColumns.Set, Sink, ExportProgress)}, the rows laid into the
   * sink's stream by {@code layout} (whose writer picks the route that reads them); {@code
   * customFields} (the workspace's) type the custom values of lead documents in typed columns.
   */
  public long export(
      ExportSpec spec,
      ExportColumns.Set columns,
      List<CustomField> customFields,
      Sink sink,
      FileLayout layout,
      ExportProgress progress) {
    return jdbi.inTransaction(h -> {
      // The snapshot's settings in one round trip, sent with the BEGIN (a sync walk pays this
      // per segment, 100 times a million leads): jdbi's isolation level instead costs four
      // more (reading the session's level, setting it, and both again to restore it), and a
      // statement each three more. The pool's timeout is a request's; an export's statements
      // stream to their reader for longer, so they get the timeout of their kind, for this
      // transaction only. Each segment is a fresh statement; JIT-compiling it again every
      // time costs more (tens of ms a segment) than it saves on 10,000 rows. A whole export
      // is one statement over all its rows, where PostgreSQL's JIT pays for itself.
      boolean segmented = spec.segmentLimit() != null;
      h.execute(snapshotSettings(segmented ? segmentTimeout : exportTimeout, segmented));
      if (segmented) {
        return segment(h, spec, columns, sink, layout, progress);
      }
      // The handoff position: the feed from it holds exactly the changes this snapshot missed.
      progress.snapshot(ChangeLog.position(h));
      long total = count(h, spec);
      progress.total(total);
      Segment segment = new Segment(false, null, total);
      try (OutputStream out = sink.open(segment)) {
        if (spec.nested()) {
          progress.route(ExportRoute.DOCUMENTS);
          return documents(h, spec, customFields, segment, out, layout, progress);
        }
        try (RowWriter writer = layout.writer(spec.format(), spec.options(), segment, out)) {
          writer.begin(columns.columns());
          Sql statement = new ExportStatement(spec).rows(columns, null, writer.takesCopy());
          long rows = rows(h, statement, columns, writer, 0, progress);
          writer.finish();
          progress.rows(rows);
          return rows;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * One segment of a sync walk: planned first (its end, where the walk goes on, or the position it
   * hands over), then its keyset rows and its catch-up rows into one writer.
   */
  private long segment(
      Handle h,
      ExportSpec spec,
      ExportColumns.Set columns,
      Sink sink,
      FileLayout layout,
      ExportProgress progress) {
    SyncWalk.Plan plan = SyncWalk.plan(h, spec, changes);
    ExportStatement statement = new ExportStatement(spec);
    try (OutputStream out = sink.open(plan.segment());
        RowWriter writer = layout.writer(spec.format(), spec.options(), plan.segment(), out)) {
      writer.begin(columns.columns());
      boolean copy = writer.takesCopy();
      long rows = 0;
      if (plan.keyset()) {
        Sql keyset = statement.rows(columns, plan.keysetLast(), copy);
        rows = rows(h, keyset, columns, writer, 0, progress);
      }
      if (!plan.catchUp().isEmpty()) {
        Sql catchUp = statement.catchUp(columns, plan.catchUp(), copy);
        rows += rows(h, catchUp, columns, writer, rows, progress);
      }
      writer.finish();
      progress.rows(rows);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The settings of an export's transaction, as one statement text (several statements, which the
   * driver sends in one round trip): a repeatable-read, read-only snapshot, {@code timeout} for its
   * statements, and JIT off when {@code noJit}. Must be the transaction's first statement.
   */
  static String snapshotSettings(Duration timeout, boolean noJit) {
    return "set transaction isolation level repeatable read, read only; "
        + "set local statement_timeout = "
        + timeout.toMillis()
        + (noJit ? "; set local jit = off" : "");
  }

  /** How many rows the spec's export would write now, in a read-only snapshot of its own. */
  public long count(ExportSpec spec) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          h.execute("set transaction read only");
          return count(h, spec);
        });
  }

  static long count(Handle h, ExportSpec spec) {
    Sql.Bound sql = new ExportStatement(spec).count().bound();
    return h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(Long.class).one();
  }

  /**
   * Streams the rows of {@code statement} (built for the writer's route: {@link
   * ExportStatement#rows(ExportColumns.Set, org.leadport.query.KeysetCursor.Position, boolean)})
   * into the begun {@code writer}, reporting them to {@code progress} after the {@code before} rows
   * already written; returns how many it wrote.
   */
  private static long rows(
      Handle h,
      Sql statement,
      ExportColumns.Set set,
      RowWriter writer,
      long before,
      ExportProgress progress)
      throws IOException {
    List<ExportColumn> columns = set.columns();
    ExportRoute route = writer.takesCopy() ? ExportRoute.COPY : ExportRoute.CURSOR;
    if (before == 0) {
      progress.route(route);
    }
    LongConsumer done = n -> progress.rows(before + n);
    if (route == ExportRoute.COPY) {
      return copied(h, ExportStatement.copyCsv(statement), writer, done);
    }
    Sql.Bound binds = statement.bound();
    return h.createQuery(binds.sql())
        .bindMap(binds.binds())
        .setFetchSize(FETCH_SIZE)
        .scanResultSet((supplier, ctx) -> {
          String[] values = new String[columns.size()];
          try (Prefetch<Object[][]> prefetch = Prefetch.rows(supplier.get(), columns.size())) {
            return prefetch.drain(
                chunk -> {
                  for (Object[] row : chunk) {
                    Prefetch.text(row, values);
                    writer.row(values);
                  }
                  return chunk.length;
                },
                done);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * The rows formatted by PostgreSQL's COPY, for a writer that takes them: the server spends less
   * on COPY than on serving a cursor, and the rows need no decoding into strings here.
   */
  private static long copied(Handle h, String copy, RowWriter writer, LongConsumer done)
      throws IOException {
    try {
      return CopyReader.copy(h.getConnection(), copy, writer, done);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /**
   * Nested lead documents in export order, written in batches on this snapshot. Each lead row
   * carries its items (lead_items, migration V21): one thread reads the lead statement's rows, this
   * one writes them.
   */
  private long documents(
      Handle h,
      ExportSpec spec,
      List<CustomField> customFields,
      Segment segment,
      OutputStream out,
      FileLayout layout,
      ExportProgress progress)
      throws IOException {
    LeadDocuments docs = new LeadDocuments(spec.options(), spec.includeDeleted());
    Sql statement = new ExportStatement(spec).documents(docs.columns(), docs.joins());
    // Only typed columns need the documents' members; JSON copies what each lead holds.
    List<DocumentField> shape =
        spec.format().nestsWhenAsked() ? LeadDocumentShape.of(docs, customFields) : List.of();
    // The sink (gzip or zstd, the file's checksum, the store) takes the documents' bytes on a
    // thread of its own: writing JSON and compressing it are each about as long as reading the
    // rows, so taking turns on one thread made the writer the export's slowest stage.
    try (HandOff handOff = new HandOff(out);
        DocumentWriter writer = layout.documentWriter(spec.format(), shape, segment, handOff)) {
      writer.begin();
      long written = copiedDocuments(h, statement, docs, writer, progress);
      writer.finish();
      progress.rows(written);
      return written;
    }
  }

  /**
   * The lead statement's rows as a binary COPY ({@link BinaryRows}): PostgreSQL sends each value
   * length-prefixed, the items' arrays without {@code array_out}'s quoting, and the rows need no
   * unquoting here. A failure anywhere, the writing included, cancels the COPY before it is thrown,
   * once the reading thread has stopped.
   */
  private static long copiedDocuments(
      Handle h, Sql statement, LeadDocuments docs, DocumentWriter writer, ExportProgress progress) {
    try {
      Connection connection = h.getConnection();
      CopyOut copy =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut(BinaryRows.copy(statement.inlined()));
      BinaryRows rows = new BinaryRows(copy::readFromCopy, docs.statementColumns());
      try {
        return writeDocuments(docs, writer, progress, () -> docs.read(rows));
      } catch (Throwable t) {
        if (copy.isActive()) {
          CopyReader.cancel(connection, copy, t);
        }
        throw t;
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Writes the batches {@code batches} reads, a few ahead of the writer. */
  private static long writeDocuments(
      LeadDocuments docs,
      DocumentWriter writer,
      ExportProgress progress,
      Prefetch.Reader<LeadDocuments.Batch> batches)
      throws SQLException {
    try (Prefetch<LeadDocuments.Batch> prefetch = new Prefetch<>(batches)) {
      return prefetch.drain(
          b -> {
            docs.write(b, writer);
            return b.leads().size();
          },
          progress::rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
