package org.leadport.store;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.Sql;

/**
 * Runs the searches of the search surfaces: the ids, or the count, of the live objects of one root
 * kind (leads, or contacts or opportunities as objects of their own) matching a {@link Query}. The
 * one place their statements are compiled, so that a surface hands over its query and sort terms
 * and never SQL. Stateless.
 */
final class SearchSql {
  /** The alias of a searched contact or opportunity; its lead is {@code xl}. */
  private static final String OBJECT_ALIAS = "x";

  private static final String LEAD_ALIAS = "l";

  private SearchSql() {}

  /**
   * Ids of live {@code kind} objects of the workspace matching {@code query}, in the order of
   * {@code sort} (nulls last) with the id as tie-break, {@code limit} after {@code offset}.
   */
  static List<String> ids(
      Jdbi jdbi,
      String workspaceId,
      ObjectKind kind,
      Query query,
      List<SortTerm> sort,
      long offset,
      int limit) {
    String alias = alias(kind);
    List<Sql> order = new ArrayList<>();
    for (SortTerm t : sort) {
      order.add(t.sql(alias));
    }
    order.add(Sql.text(alias + ".id"));
    Sql.Bound sql =
        Sql.text("select " + alias + ".id ")
            .append(from(workspaceId, kind, query))
            .append(" order by ")
            .append(Sql.join(", ", order))
            .append(" offset ")
            .bind(offset)
            .append(" limit ")
            .bind(limit)
            .bound();
    return jdbi.withHandle(
        h -> h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(String.class).list());
  }

  /** How many live {@code kind} objects of the workspace match {@code query}. */
  static long count(Jdbi jdbi, String workspaceId, ObjectKind kind, Query query) {
    Sql.Bound sql = Sql.text("select count(*) ").append(from(workspaceId, kind, query)).bound();
    return jdbi.withHandle(
        h -> h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(Long.class).one());
  }

  /** The FROM and WHERE clauses: the workspace's objects of live leads matching the query. */
  private static Sql from(String workspaceId, ObjectKind kind, Query query) {
    String alias = alias(kind);
    Sql condition = QueryCompiler.root(query, kind, alias);
    String from =
        kind == ObjectKind.LEAD
            ? "from leads " + LEAD_ALIAS + " where "
            : "from "
                + kind.table()
                + " "
                + OBJECT_ALIAS
                + " join leads xl on xl.id = "
                + OBJECT_ALIAS
                + ".lead_id where ";
    String lead = kind == ObjectKind.LEAD ? LEAD_ALIAS : "xl";
    return Sql.text(from + alias + ".workspace_id = ")
        .bind(workspaceId)
        .append(" and " + lead + ".deleted_at is null and ")
        .append(condition);
  }

  private static String alias(ObjectKind kind) {
    return switch (kind) {
      case LEAD -> LEAD_ALIAS;
      case CONTACT, OPPORTUNITY -> OBJECT_ALIAS;
      default -> throw new IllegalArgumentException("not searched as an object: " + kind);
    };
  }
}
