package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.SqlFragment;

/**
 * Reads an export's rows with one streaming SQL statement inside a read-only, repeatable-read
 * snapshot, so a segment is consistent however long it takes to write. Thread-safe; each call uses
 * its own connection.
 */
public final class RowSource {
  /** Rows fetched per round trip: large enough to keep PostgreSQL busy, small for the heap. */
  static final int FETCH_SIZE = 5_000;

  private final Jdbi jdbi;

  public RowSource(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Plans the segment (is it truncated, where does it end), opens the sink with that plan, then
   * streams every row of the segment through a writer of the spec's format.
   *
   * @return the number of rows written
   */
  public long export(ExportSpec spec, List<ExportColumn> columns, Sink sink) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          h.execute("set transaction read only");
          // Each segment is a fresh statement; JIT-compiling it again every time costs more
          // (tens of ms a segment) than it saves on 10,000 rows.
          h.execute("set local jit = off");
          Optional<Position> last = boundary(h, spec);
          boolean truncated = last.isPresent();
          try {
            try (OutputStream out = sink.open(new Segment(truncated, last.orElse(null)));
                RowWriter writer = spec.format().writer(out, spec)) {
              writer.begin(columns);
              long rows = stream(h, spec, columns, last.orElse(null), writer);
              writer.finish();
              return rows;
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The position of the segment's last row when more rows follow it, else empty. */
  private static Optional<Position> boundary(Handle h, ExportSpec spec) {
    SqlFragment where = where(spec);
    String sql =
        "select l.updated_at, l.id from leads l where "
            + where.sql()
            + " order by l.updated_at, l.id offset "
            + where.bind(spec.limit() - 1)
            + " limit 2";
    List<Position> rows =
        h.createQuery(sql)
            .bindMap(where.binds())
            .map((rs, ctx) -> new Position(rs.getTimestamp(1).toInstant(), rs.getString(2)))
            .list();
    return rows.size() == 2 ? Optional.of(rows.get(0)) : Optional.empty();
  }

  private static long stream(
      Handle h, ExportSpec spec, List<ExportColumn> columns, Position last, RowWriter writer) {
    SqlFragment where = new SqlFragment();
    StringBuilder select = new StringBuilder("select ");
    for (int i = 0; i < columns.size(); i++) {
      ExportColumn c = columns.get(i);
      String expr = c.sql();
      for (Object value : c.binds()) {
        expr = expr.replaceFirst("\\?", where.bind(value));
      }
      select.append(i == 0 ? "" : ", ").append(expr);
    }
    where(spec, where);
    if (last != null) {
      where.and(
          "(l.updated_at, l.id) <= ("
              + where.bind(Timestamp.from(last.updatedAt()))
              + ", "
              + where.bind(last.id())
              + ")");
    }
    String sql =
        select
            + " from leads l "
            + LeadColumns.JOINS
            + " where "
            + where.sql()
            + " order by l.updated_at, l.id limit "
            + where.bind(spec.limit());
    return h.createQuery(sql)
        .bindMap(where.binds())
        .setFetchSize(FETCH_SIZE)
        .scanResultSet((supplier, ctx) -> {
          ResultSet rs = supplier.get();
          String[] values = new String[columns.size()];
          long rows = 0;
          try {
            while (rs.next()) {
              for (int i = 0; i < values.length; i++) {
                values[i] = rs.getString(i + 1);
              }
              writer.row(values);
              rows++;
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return rows;
        });
  }

  private static SqlFragment where(ExportSpec spec) {
    return where(spec, new SqlFragment());
  }

  private static SqlFragment where(ExportSpec spec, SqlFragment where) {
    where.and("l.workspace_id = " + where.bind(spec.workspaceId()));
    spec.filter().appendTo(where);
    if (spec.after() != null) {
      where.and(
          "(l.updated_at, l.id) > ("
              + where.bind(Timestamp.from(spec.after().updatedAt()))
              + ", "
              + where.bind(spec.after().id())
              + ")");
    }
    return where;
  }
}
