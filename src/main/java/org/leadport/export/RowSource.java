package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.sink.Segment;
import org.leadport.export.sink.Sink;
import org.leadport.export.writer.DocumentWriter;
import org.leadport.export.writer.ExportRoute;
import org.leadport.export.writer.FileLayout;
import org.leadport.export.writer.RowWriter;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.Sql;

/**
 * Reads an export's rows with one streaming SQL statement (its {@link ExportStatement}) inside a
 * read-only, repeatable-read snapshot, so an export is consistent however long it takes to write.
 * Rows of columns come straight from the statement, by the route their writer picks (CSV as
 * PostgreSQL's COPY of it, see {@link RowWriter#takesCopy()}); nested lead documents come from its
 * ids, loaded in batches on the same snapshot. Thread-safe; each call uses its own connection.
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
  private final Duration segmentTimeout;
  private final Duration exportTimeout;

  /**
   * @param segmentTimeout the statement timeout of a segment's statements (they stream to a client)
   * @param exportTimeout the statement timeout of a whole export's statements
   */
  public RowSource(Jdbi jdbi, Duration segmentTimeout, Duration exportTimeout) {
    this.jdbi = jdbi;
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
    return export(spec, columns, sink, FileLayout.ONE_FILE, progress);
  }

  /**
   * As {@link #export(ExportSpec, ExportColumns.Set, Sink, ExportProgress)}, the rows laid into the
   * sink's stream by {@code layout} (whose writer picks the route that reads them).
   */
  public long export(
      ExportSpec spec,
      ExportColumns.Set columns,
      Sink sink,
      FileLayout layout,
      ExportProgress progress) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          h.execute("set transaction read only");
          // The pool's timeout is a request's; an export's statements stream to their reader for
          // longer, so they get the timeout of their kind, for this transaction only.
          Duration timeout = spec.segmentLimit() == null ? exportTimeout : segmentTimeout;
          h.execute("set local statement_timeout = " + timeout.toMillis());
          if (spec.segmentLimit() != null) {
            // Each segment is a fresh statement; JIT-compiling it again every time costs more
            // (tens of ms a segment) than it saves on 10,000 rows. A whole export is one
            // statement over all its rows, where PostgreSQL's JIT pays for itself.
            h.execute("set local jit = off");
          }
          Optional<Position> last =
              spec.segmentLimit() == null ? Optional.empty() : boundary(h, spec);
          long total = -1;
          if (spec.segmentLimit() == null) {
            total = count(h, spec);
            progress.total(total);
          }
          Segment segment = new Segment(last.isPresent(), last.orElse(null), total);
          try (OutputStream out = sink.open(segment)) {
            if (spec.nested()) {
              progress.route(ExportRoute.DOCUMENTS);
              return documents(h, spec, out, progress);
            }
            try (RowWriter writer = layout.writer(spec.format(), spec.options(), segment, out)) {
              return rows(h, spec, columns, last.orElse(null), writer, progress);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The position of the segment's last row when more rows follow it, else empty. */
  private static Optional<Position> boundary(Handle h, ExportSpec spec) {
    Sql.Bound sql = new ExportStatement(spec).boundary().bound();
    List<Position> rows =
        h.createQuery(sql.sql())
            .bindMap(sql.binds())
            .map((rs, ctx) -> new Position(rs.getTimestamp(1).toInstant(), rs.getString(2)))
            .list();
    return rows.size() == 2 ? Optional.of(rows.get(0)) : Optional.empty();
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

  private static long count(Handle h, ExportSpec spec) {
    Sql.Bound sql = new ExportStatement(spec).count().bound();
    return h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(Long.class).one();
  }

  private static long rows(
      Handle h,
      ExportSpec spec,
      ExportColumns.Set set,
      @Nullable Position last,
      RowWriter writer,
      ExportProgress progress)
      throws IOException {
    List<ExportColumn> columns = set.columns();
    Sql statement = new ExportStatement(spec).rows(set, last);
    writer.begin(columns);
    ExportRoute route = writer.takesCopy() ? ExportRoute.COPY : ExportRoute.CURSOR;
    progress.route(route);
    if (route == ExportRoute.COPY) {
      long rows = copied(h, ExportStatement.copyCsv(statement), writer, progress);
      writer.finish();
      progress.rows(rows);
      return rows;
    }
    Sql.Bound binds = statement.bound();
    long rows =
        h.createQuery(binds.sql())
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
                    progress::rows);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    writer.finish();
    progress.rows(rows);
    return rows;
  }

  /**
   * The rows formatted by PostgreSQL's COPY, for a writer that takes them: the server spends less
   * on COPY than on serving a cursor, and the rows need no decoding into strings here.
   */
  private static long copied(Handle h, String copy, RowWriter writer, ExportProgress progress)
      throws IOException {
    try {
      return CopyReader.copy(h.getConnection(), copy, writer, progress::rows);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /**
   * Nested lead documents in export order, written in batches on this snapshot. One thread reads
   * the lead rows, a second loads each batch's children on a second connection sharing the
   * snapshot, and this one writes: two PostgreSQL backends and the writer all work at once.
   */
  private long documents(Handle h, ExportSpec spec, OutputStream out, ExportProgress progress)
      throws IOException {
    LeadDocuments docs = new LeadDocuments(spec.options());
    Sql.Bound binds = new ExportStatement(spec).documents(docs.columns(), docs.joins()).bound();
    String sql = binds.sql();
    try (DocumentWriter writer = spec.format().documentWriter(out);
        SharedSnapshot shared = SharedSnapshot.open(jdbi, h)) {
      Handle children = shared.handle().orElse(h);
      writer.begin();
      long written =
          h.createQuery(sql)
              .bindMap(binds.binds())
              .setFetchSize(FETCH_SIZE)
              .scanResultSet((supplier, ctx) -> {
                ResultSet rs = supplier.get();
                Prefetch.Reader<List<String[]>> leadRows =
                    () -> {
                      List<String[]> leads = new ArrayList<>(LeadDocuments.BATCH);
                      while (leads.size() < LeadDocuments.BATCH && rs.next()) {
                        leads.add(docs.lead(rs));
                      }
                      return leads.isEmpty() ? null : leads;
                    };
                if (children == h) {
                  // One connection: the one reading thread runs the cursor and the child
                  // queries.
                  return writeDocuments(
                      docs, writer, progress, () -> loaded(docs, h, leadRows.read()));
                }
                try (Prefetch<List<String[]>> leads = new Prefetch<>(leadRows)) {
                  return writeDocuments(
                      docs, writer, progress, () -> loaded(docs, children, leads.next()));
                }
              });
      writer.finish();
      progress.rows(written);
      return written;
    }
  }

  private static LeadDocuments.@Nullable Batch loaded(
      LeadDocuments docs, Handle h, @Nullable List<String[]> leads) {
    return leads == null ? null : docs.load(h, leads);
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
