package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.SqlFragment;

/**
 * Reads an export's rows with one streaming SQL statement inside a read-only, repeatable-read
 * snapshot, so an export is consistent however long it takes to write. Rows of columns come
 * straight from the statement (a CSV file of one part as PostgreSQL's COPY of it, see {@link
 * CopyCsv}); nested lead documents come from its ids, loaded in batches on the same snapshot.
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
          if (spec.segmentLimit() == null) {
            progress.total(count(h, spec));
          }
          try (OutputStream out = sink.open(new Segment(last.isPresent(), last.orElse(null)))) {
            return spec.nested()
                ? documents(h, spec, out, progress)
                : rows(h, spec, columns, last.orElse(null), out, sink, progress);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The position of the segment's last row when more rows follow it, else empty. */
  private static Optional<Position> boundary(Handle h, ExportSpec spec) {
    SqlFragment where = new SqlFragment();
    String sql =
        "select l.updated_at, l.id from leads l where "
            + ExportSql.where(spec, where)
            + " order by l.updated_at, l.id offset "
            + where.bind(spec.segmentLimit() - 1)
            + " limit 2";
    List<Position> rows =
        h.createQuery(sql)
            .bindMap(where.binds())
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
    SqlFragment binds = new SqlFragment();
    String from = ExportSql.from(spec, binds, "");
    String sql =
        ExportSql.rootRows(spec) && spec.resultsLimit() != null
            ? "select count(*) from (select 1 from " + from + ExportSql.limit(spec, binds) + ") x"
            : "select count(*) from " + from;
    return h.createQuery(sql).bindMap(binds.binds()).mapTo(Long.class).one();
  }

  private static long rows(
      Handle h,
      ExportSpec spec,
      ExportColumns.Set set,
      Position last,
      OutputStream out,
      Sink sink,
      ExportProgress progress)
      throws IOException {
    List<ExportColumn> columns = set.columns();
    SqlFragment binds = new SqlFragment();
    StringBuilder select = new StringBuilder("select ");
    for (int i = 0; i < columns.size(); i++) {
      ExportColumn c = columns.get(i);
      String expr = c.sql();
      for (Object value : c.binds()) {
        expr = expr.replaceFirst("\\?", binds.bind(value));
      }
      if (c.kind() == ColumnKind.DATETIME) {
        expr =
            (spec.format().spreadsheet() ? DateFormat.RFC3339_MICROS : spec.options().dateFormat())
                .sql(expr);
      } else if (c.kind() != ColumnKind.TEXT) {
        expr = "(" + expr + ")::text";
      }
      select.append(i == 0 ? "" : ", ").append(expr);
    }
    String sql = select + " from " + ExportSql.from(spec, binds, set.joins());
    if (last != null) {
      sql +=
          " and (l.updated_at, l.id) <= ("
              + binds.bind(Timestamp.from(last.updatedAt()))
              + ", "
              + binds.bind(last.id())
              + ")";
    }
    sql +=
        ExportSql.order(spec, binds)
            + ExportSql.childOrder(spec)
            + (ExportSql.rootRows(spec) ? ExportSql.limit(spec, binds) : "");
    if (spec.format() == ExportFormat.CSV && sink.rowsPerPart() == 0) {
      return copied(h, spec, columns, CopySql.csv(sql, binds.binds()), out, progress);
    }
    try (RowWriter writer =
        sink.rowsPerPart() > 0
            ? new PartedRowWriter(spec.format(), spec.options(), sink.rowsPerPart(), out, sink)
            : spec.format().writer(out, spec.options())) {
      writer.begin(columns);
      long rows =
          h.createQuery(sql)
              .bindMap(binds.binds())
              .setFetchSize(FETCH_SIZE)
              .scanResultSet((supplier, ctx) -> {
                String[] values = new String[columns.size()];
                try (Prefetch<Object[][]> prefetch =
                    Prefetch.rows(supplier.get(), columns.size())) {
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
  }

  /**
   * A CSV file of one part, its rows formatted by PostgreSQL's COPY: the server spends less on COPY
   * than on serving a cursor, and the rows need no decoding into strings here.
   */
  private static long copied(
      Handle h,
      ExportSpec spec,
      List<ExportColumn> columns,
      String copy,
      OutputStream out,
      ExportProgress progress)
      throws IOException {
    CsvRowWriter header = new CsvRowWriter(out, spec.options().bom());
    header.begin(columns);
    header.finish();
    try {
      long rows = CopyCsv.copy(h.getConnection(), copy, columns, out, progress::rows);
      progress.rows(rows);
      return rows;
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
    SqlFragment binds = new SqlFragment();
    String sql =
        "select "
            + docs.columns()
            + " from "
            + ExportSql.from(spec, binds, docs.joins())
            + ExportSql.order(spec, binds)
            + ExportSql.limit(spec, binds);
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

  private static LeadDocuments.Batch loaded(LeadDocuments docs, Handle h, List<String[]> leads) {
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
