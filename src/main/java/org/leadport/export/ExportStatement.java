package org.leadport.export;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.RowType;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.ObjectKind;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.Sql;

/**
 * The statements of one export, built from its spec: its rows (select list, table and joins,
 * conditions on workspace, tombstones, the query and the segment's start, order and limit), where a
 * segment ends, and how many rows it has. Each is one {@link Sql} value: bound for a cursor,
 * inlined for PostgreSQL's COPY ({@link #copyCsv}). Every value is bound there; only
 * Leadport-written SQL is text. Immutable and thread-safe.
 */
record ExportStatement(ExportSpec spec) {

  ExportStatement {
    Objects.requireNonNull(spec, "spec");
  }

  /**
   * The rows of {@code set}'s columns, each as text (date-times in the export's date format), in
   * export order.
   *
   * @param last the position of a segment's last row (it ends there), or null to read to the end
   */
  Sql rows(ExportColumns.Set set, @Nullable Position last) {
    return rows(set, last, false);
  }

  /**
   * As {@link #rows(ExportColumns.Set, Position)}; with {@code copy}, for the COPY route, whose
   * writer formats the date-times: each is the text of its UTC time ({@link DateFormat#utcText}).
   */
  Sql rows(ExportColumns.Set set, @Nullable Position last, boolean copy) {
    Sql sql =
        Sql.text("select ").append(select(set, copy)).append(" from ").append(from(set.joins()));
    if (last != null) {
      sql =
          sql.append(" and (l.updated_at, l.id) <= (")
              .bind(Timestamp.from(last.updatedAt()))
              .append(", ")
              .bind(last.id())
              .append(")");
    }
    return sql.append(order()).append(childOrder()).append(rootRows() ? limit() : Sql.empty());
  }

  /**
   * The lead rows of {@code ids} that still match the export's conditions, in the order of {@code
   * ids}: the rows of a sync walk's catch-up, whatever their place in the keyset; date-times as
   * {@link #rows(ExportColumns.Set, Position, boolean)} writes them for {@code copy}.
   */
  Sql catchUp(ExportColumns.Set set, List<String> ids, boolean copy) {
    List<Sql> values = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      values.add(Sql.text("(").bind(ids.get(i)).append(", ").bind(i).append(")"));
    }
    return Sql.text("select ")
        .append(select(set, copy))
        .append(" from (values ")
        .append(Sql.join(", ", values))
        .append(") u(id, n) join leads l on l.id = u.id " + set.joins() + " where ")
        .append(where(false))
        .append(" order by u.n");
  }

  /**
   * The export's own conditions on a lead aliased {@code l}, without workspace or keyset: its
   * tombstone scope and its query, which a sync walk's catch-up applies to the changed leads.
   */
  Sql leadCondition() {
    Sql query = QueryCompiler.lead(spec.query(), "l");
    return spec.includeDeleted() ? query : Sql.text("l.deleted_at is null and ").append(query);
  }

  /** The lead rows of nested documents: {@code columns} over the lead and {@code joins}. */
  Sql documents(String columns, String joins) {
    return Sql.text("select " + columns + " from ")
        .append(from(joins))
        .append(order())
        .append(limit());
  }

  /** The positions of a segment's last row and the row after it (none when no row follows). */
  Sql boundary() {
    return Sql.text("select l.updated_at, l.id from leads l where ")
        .append(where())
        .append(" order by l.updated_at, l.id offset ")
        .bind(Objects.requireNonNull(spec.segmentLimit(), "a segment's limit") - 1)
        .append(" limit 2");
  }

  /** How many rows the export writes. */
  Sql count() {
    Sql from = from("");
    return rootRows() && spec.resultsLimit() != null
        ? Sql.text("select count(*) from (select 1 from ")
            .append(from)
            .append(limit())
            .append(") x")
        : Sql.text("select count(*) from ").append(from);
  }

  /**
   * A {@code COPY (query) TO STDOUT (FORMAT csv)} statement. COPY takes no bind parameters, so the
   * query's values are written in as literals ({@link Sql#inlined()}).
   */
  static String copyCsv(Sql query) {
    return "copy (" + query.inlined() + ") to stdout (format csv)";
  }

  private Sql select(ExportColumns.Set set, boolean copy) {
    List<Sql> select = new ArrayList<>(set.columns().size());
    for (ExportColumn c : set.columns()) {
      select.add(text(c, copy));
    }
    return Sql.join(", ", select);
  }

  /**
   * A column's value as text: date-times in the export's date format, or with {@code copy} as the
   * text of their UTC time, which the COPY route's writer formats.
   */
  private Sql text(ExportColumn c, boolean copy) {
    if (c.kind() == ColumnKind.DATETIME) {
      Sql iso = c.iso();
      if (copy) {
        return iso == null ? DateFormat.utcText(c.sql()) : DateFormat.storedUtcText(iso, c.sql());
      }
      DateFormat format = spec.format().dateFormat(spec.options());
      return iso == null ? format.sql(c.sql()) : format.stored(iso, c.sql());
    }
    return c.kind() == ColumnKind.TEXT ? c.sql() : Sql.text("(").append(c.sql()).append(")::text");
  }

  /**
   * The FROM clause (with {@code joins}) and WHERE conditions of the export's rows. With a results
   * limit on leads of child rows, the leads are picked first in a subquery.
   */
  private Sql from(String joins) {
    if (spec.root() != ObjectKind.LEAD) {
      String alias = alias(spec.root());
      return Sql.text(
              spec.root().table()
                  + " "
                  + alias
                  + " join leads l on l.id = "
                  + alias
                  + ".lead_id "
                  + joins
                  + " where "
                  + alias
                  + ".workspace_id = ")
          .bind(spec.workspaceId())
          .append(" and l.deleted_at is null and ")
          .append(QueryCompiler.root(spec.query(), spec.root(), alias));
    }
    String child = childJoin(spec.rows());
    if (spec.resultsLimit() != null && spec.rows() != RowType.LEADS) {
      return Sql.text("(select l.* from leads l where ")
          .append(where())
          .append(order())
          .append(" limit ")
          .bind(spec.resultsLimit())
          .append(") l " + child + joins + " where true");
    }
    return Sql.text("leads l " + child + joins + " where ").append(where());
  }

  private static String childJoin(RowType rows) {
    return switch (rows) {
      case LEADS -> "";
      case CONTACTS -> "join contacts c on c.lead_id = l.id ";
      case OPPORTUNITIES -> "join opportunities o on o.lead_id = l.id ";
    };
  }

  /** The alias of a query root's table in the export statements. */
  private static String alias(ObjectKind root) {
    return switch (root) {
      case LEAD -> "l";
      case CONTACT -> "c";
      case OPPORTUNITY -> "o";
      default -> throw new IllegalArgumentException("no export rows of " + root);
    };
  }

  private String childOrder() {
    if (spec.root() != ObjectKind.LEAD) {
      return "";
    }
    return switch (spec.rows()) {
      case LEADS -> "";
      case CONTACTS -> ", c.position, c.id";
      case OPPORTUNITIES -> ", o.position, o.id";
    };
  }

  /** Whether the rows are the objects the query selects, so the results limit is a row limit. */
  private boolean rootRows() {
    return spec.root() != ObjectKind.LEAD || spec.rows() == RowType.LEADS;
  }

  private Sql order() {
    String alias = alias(spec.root());
    Sql order = Sql.text(" order by ");
    for (SortTerm s : spec.sort()) {
      order = order.append(s.sql(alias)).append(", ");
    }
    if (spec.root() != ObjectKind.LEAD) {
      return order.append(alias + ".created_at, " + alias + ".id");
    }
    return order.append(spec.sort().isEmpty() ? "l.updated_at, l.id" : "l.id");
  }

  /** The row limit of exports whose rows are the selected objects themselves. */
  private Sql limit() {
    Long limit =
        spec.segmentLimit() != null ? Long.valueOf(spec.segmentLimit()) : spec.resultsLimit();
    return limit == null ? Sql.empty() : Sql.text(" limit ").bind(limit);
  }

  /** The lead conditions: workspace, tombstones, the query, and the segment's start. */
  private Sql where() {
    return where(true);
  }

  /**
   * The lead conditions: workspace, tombstones, the query, and with {@code fromKeyset} the
   * segment's start in the keyset.
   */
  private Sql where(boolean fromKeyset) {
    Sql sql = Sql.text("l.workspace_id = ").bind(spec.workspaceId());
    if (!spec.includeDeleted()) {
      sql = sql.append(" and l.deleted_at is null");
    }
    sql = sql.append(" and ").append(QueryCompiler.lead(spec.query(), "l"));
    Position after = spec.after() == null ? null : spec.after().keyset();
    if (fromKeyset && after != null) {
      sql =
          sql.append(" and (l.updated_at, l.id) > (")
              .bind(Timestamp.from(after.updatedAt()))
              .append(", ")
              .bind(after.id())
              .append(")");
    }
    return sql;
  }
}
