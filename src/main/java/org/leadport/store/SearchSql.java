package org.leadport.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.SqlFragment;

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
    SqlFragment where = new SqlFragment();
    String from = from(where, workspaceId, kind, query);
    String alias = alias(kind);
    StringBuilder order = new StringBuilder();
    for (SortTerm t : sort) {
      order.append(t.sql(where, alias)).append(", ");
    }
    order.append(alias).append(".id");
    String sql =
        "select "
            + alias
            + ".id "
            + from
            + " order by "
            + order
            + " offset "
            + where.bind(offset)
            + " limit "
            + where.bind(limit);
    return jdbi.withHandle(
        h -> h.createQuery(sql).bindMap(where.binds()).mapTo(String.class).list());
  }

  /** How many live {@code kind} objects of the workspace match {@code query}. */
  static long count(Jdbi jdbi, String workspaceId, ObjectKind kind, Query query) {
    SqlFragment where = new SqlFragment();
    String sql = "select count(*) " + from(where, workspaceId, kind, query);
    return jdbi.withHandle(h -> h.createQuery(sql).bindMap(where.binds()).mapTo(Long.class).one());
  }

  /** The FROM and WHERE clauses: the workspace's objects of live leads matching the query. */
  private static String from(SqlFragment where, String workspaceId, ObjectKind kind, Query query) {
    String alias = alias(kind);
    String condition = new QueryCompiler(where).root(query, kind, alias);
    where.and(alias + ".workspace_id = " + where.bind(workspaceId));
    if (kind == ObjectKind.LEAD) {
      where.and(LEAD_ALIAS + ".deleted_at is null");
      where.and(condition);
      return "from leads " + LEAD_ALIAS + " where " + where.sql();
    }
    where.and("xl.deleted_at is null");
    where.and(condition);
    return "from "
        + kind.table()
        + " "
        + OBJECT_ALIAS
        + " join leads xl on xl.id = "
        + OBJECT_ALIAS
        + ".lead_id where "
        + where.sql();
  }

  private static String alias(ObjectKind kind) {
    return switch (kind) {
      case LEAD -> LEAD_ALIAS;
      case CONTACT, OPPORTUNITY -> OBJECT_ALIAS;
      default -> throw new IllegalArgumentException("not searched as an object: " + kind);
    };
  }
}
