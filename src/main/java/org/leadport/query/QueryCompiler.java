package org.leadport.query;

import static org.leadport.query.Operand.parenthesized;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link Query} into a boolean SQL expression over a row, an {@link Sql} value: the
 * tree's nodes (and, or, not, related objects, lists, free text) here, each field's condition by
 * the {@link Condition} itself over an {@link Operand}. The query's values are only ever bound,
 * never written into the text. A condition on an absent value may yield NULL, which a WHERE clause
 * treats as false; negation is compiled as {@code is not true}, so it always means "does not
 * match". Stateless entry points, thread-safe (each compilation numbers its own table aliases).
 */
public final class QueryCompiler {
  private int aliases;

  private QueryCompiler() {}

  /** The condition on the lead table aliased {@code alias}. */
  public static Sql lead(Query query, String alias) {
    return new QueryCompiler().compile(query, ObjectKind.LEAD, alias);
  }

  /**
   * The condition on a table of {@code root} objects aliased {@code alias} (contacts, opportunities
   * … searched as objects of their own); {@link Query.Related} is only reachable from leads.
   */
  public static Sql root(Query query, ObjectKind root, String alias) {
    return new QueryCompiler().compile(query, root, alias);
  }

  private Sql compile(Query q, ObjectKind kind, String alias) {
    return switch (q) {
      case Query.All a -> Sql.text("true");
      case Query.And a -> join(a.queries(), " and ", "true", kind, alias);
      case Query.Or o -> join(o.queries(), " or ", "false", kind, alias);
      // NULL (an absent value) means "no match"; "is not true" keeps that under negation.
      case Query.Not n ->
          Sql.text("((").append(compile(n.query(), kind, alias)).append(") is not true)");
      case Query.Match m -> m.condition().sql(new Operand(m.field(), alias));
      case Query.Related r -> related(r, kind, alias);
      case Query.InList l ->
          Sql.text("exists (select 1 from list_members m where m.list_id = ")
              .bind(l.listId())
              .append(" and m.lead_id = " + leadId(kind, alias) + ")");
      case Query.FreeText t -> freeText(t.text(), kind, alias);
    };
  }

  private Sql join(List<Query> qs, String op, String empty, ObjectKind kind, String alias) {
    if (qs.isEmpty()) {
      return Sql.text(empty);
    }
    List<Sql> parts = new ArrayList<>(qs.size());
    for (Query q : qs) {
      parts.add(compile(q, kind, alias));
    }
    return parenthesized(Sql.join(op, parts));
  }

  private Sql related(Query.Related r, ObjectKind kind, String alias) {
    if (kind != ObjectKind.LEAD) {
      throw new IllegalArgumentException("related objects are only reachable from a lead");
    }
    aliases++;
    String child = "r" + aliases;
    return Sql.text(
            "exists (select 1 from "
                + r.kind().table()
                + " "
                + child
                + " where "
                + child
                + ".lead_id = "
                + alias
                + ".id and ")
        .append(compile(r.query(), r.kind(), child))
        .append(")");
  }

  private static String leadId(ObjectKind kind, String alias) {
    return kind == ObjectKind.LEAD ? alias + ".id" : alias + ".lead_id";
  }

  /**
   * Free text: the lead's name or URL, or a name, email address or phone number of one of its
   * contacts, contains the text (ignoring case). All of these are in the lead's {@code
   * search_text}, which one trigram index serves.
   */
  private static Sql freeText(String text, ObjectKind kind, String alias) {
    Sql p = Sql.value("%" + Patterns.likeEscape(text) + "%");
    if (kind == ObjectKind.LEAD) {
      return Sql.text("(" + alias + ".search_text ilike ").append(p).append(")");
    }
    return Sql.text(
            "exists (select 1 from leads fl where fl.id = "
                + leadId(kind, alias)
                + " and fl.search_text ilike ")
        .append(p)
        .append(")");
  }
}
