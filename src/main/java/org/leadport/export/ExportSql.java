package org.leadport.export;

import java.sql.Timestamp;
import org.leadport.query.ObjectKind;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.SqlFragment;

/**
 * The clauses of an export's statements, from its spec: which table and joins, which conditions
 * (workspace, tombstones, the query, the segment's start), which order and limit. Every value is
 * bound through the {@link SqlFragment}; only Leadport-written SQL is concatenated. Stateless.
 */
final class ExportSql {
  private ExportSql() {}

  /**
   * The FROM clause (with {@code joins}) and WHERE conditions of the export's rows. With a results
   * limit on leads of child rows, the leads are picked first in a subquery.
   */
  static String from(ExportSpec spec, SqlFragment binds, String joins) {
    if (spec.root() != ObjectKind.LEAD) {
      String alias = alias(spec.root());
      String condition = new QueryCompiler(binds).root(spec.query(), spec.root(), alias);
      return spec.root().table()
          + " "
          + alias
          + " join leads l on l.id = "
          + alias
          + ".lead_id "
          + joins
          + " where "
          + alias
          + ".workspace_id = "
          + binds.bind(spec.workspaceId())
          + " and l.deleted_at is null and "
          + condition;
    }
    String child = childJoin(spec.rows());
    if (spec.resultsLimit() != null && spec.rows() != RowType.LEADS) {
      String picked =
          "(select l.* from leads l where "
              + where(spec, binds)
              + order(spec, binds)
              + " limit "
              + binds.bind(spec.resultsLimit())
              + ") l ";
      return picked + child + joins + " where true";
    }
    return "leads l " + child + joins + " where " + where(spec, binds);
  }

  static String childJoin(RowType rows) {
    return switch (rows) {
      case LEADS -> "";
      case CONTACTS -> "join contacts c on c.lead_id = l.id ";
      case OPPORTUNITIES -> "join opportunities o on o.lead_id = l.id ";
    };
  }

  /** The alias of a query root's table in the export statements. */
  static String alias(ObjectKind root) {
    return switch (root) {
      case LEAD -> "l";
      case CONTACT -> "c";
      case OPPORTUNITY -> "o";
      default -> throw new IllegalArgumentException("no export rows of " + root);
    };
  }

  static String childOrder(ExportSpec spec) {
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
  static boolean rootRows(ExportSpec spec) {
    return spec.root() != ObjectKind.LEAD || spec.rows() == RowType.LEADS;
  }

  static String order(ExportSpec spec, SqlFragment binds) {
    String alias = alias(spec.root());
    StringBuilder order = new StringBuilder(" order by ");
    for (SortTerm s : spec.sort()) {
      order.append(s.sql(binds, alias)).append(", ");
    }
    if (spec.root() != ObjectKind.LEAD) {
      return order.append(alias).append(".created_at, ").append(alias).append(".id").toString();
    }
    return order.append(spec.sort().isEmpty() ? "l.updated_at, l.id" : "l.id").toString();
  }

  /** The row limit of exports whose rows are the selected objects themselves. */
  static String limit(ExportSpec spec, SqlFragment binds) {
    Long limit =
        spec.segmentLimit() != null ? Long.valueOf(spec.segmentLimit()) : spec.resultsLimit();
    return limit == null ? "" : " limit " + binds.bind(limit);
  }

  /** The lead conditions: workspace, tombstones, the query, and the segment's start. */
  static String where(ExportSpec spec, SqlFragment where) {
    StringBuilder sql =
        new StringBuilder("l.workspace_id = ").append(where.bind(spec.workspaceId()));
    if (!spec.includeDeleted()) {
      sql.append(" and l.deleted_at is null");
    }
    sql.append(" and ").append(new QueryCompiler(where).lead(spec.query(), "l"));
    if (spec.after() != null) {
      sql.append(" and (l.updated_at, l.id) > (")
          .append(where.bind(Timestamp.from(spec.after().updatedAt())))
          .append(", ")
          .append(where.bind(spec.after().id()))
          .append(")");
    }
    return sql.toString();
  }
}
