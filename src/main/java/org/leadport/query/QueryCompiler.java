package org.leadport.query;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a {@link Query} into a boolean SQL expression over a lead row, an {@link Sql} value: the
 * query's values are only ever bound there, never written into its text. A condition on an absent
 * value may yield NULL, which a WHERE clause treats as false; negation is compiled as {@code is not
 * true}, so it always means "does not match". Stateless entry points, thread-safe (each compilation
 * numbers its own table aliases).
 */
public final class QueryCompiler {
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.^$|?*+()\\[\\]{}]");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}_]+");

  /** The lead fields whose values {@code search_text} holds. */
  private static final java.util.Set<FieldRef> NAME_FIELDS =
      java.util.Set.of(
          Fields.STANDARD.regular(ObjectKind.LEAD, "display_name").orElseThrow(),
          Fields.STANDARD.regular(ObjectKind.LEAD, "name").orElseThrow());

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
      // Left bare (no coalesce) so that the planner can use indexes on the column.
      case Query.Match m -> match(m.field(), m.condition(), alias);
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

  private static Sql parenthesized(Sql sql) {
    return Sql.text("(").append(sql).append(")");
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
    Sql p = Sql.value("%" + likeEscape(text) + "%");
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

  private static Sql match(FieldRef f, Condition c, String alias) {
    if (f.arrayKey() != null) {
      String column = f.requiredColumn().formatted(alias);
      if (c instanceof Condition.Exists) {
        return Sql.text("jsonb_array_length(" + column + ") > 0");
      }
      Sql element = Sql.text("(e.value ->> ").bind(f.arrayKey()).append(")");
      return Sql.text("exists (select 1 from jsonb_array_elements(" + column + ") e where ")
          .append(predicate(element, f.type(), c))
          .append(")");
    }
    Sql expr =
        f.customFieldId() != null
            ? Sql.text("(" + alias + ".custom ->> ").bind(f.customFieldId()).append(")")
            : Sql.text(f.requiredColumn().formatted(alias));
    Sql predicate = predicate(expr, f.type(), c);
    if (c instanceof Condition.Text t && NAME_FIELDS.contains(f)) {
      return parenthesized(searchTextFilter(t, alias).append(predicate));
    }
    return predicate;
  }

  /**
   * A lead's names are inside its {@code search_text}, so each literal piece of a text condition on
   * them must occur there too: an index-served filter in front of the exact (regex) match.
   */
  private static Sql searchTextFilter(Condition.Text t, String alias) {
    List<String> pieces =
        switch (t.mode()) {
          case EXACT_VALUE -> List.of(t.value());
          case TOKEN_PATTERN -> List.of(t.value().split("\\*"));
          default -> words(t.value().trim());
        };
    Sql out = Sql.empty();
    for (String piece : pieces) {
      if (!piece.isEmpty()) {
        out =
            out.append(alias + ".search_text ilike ")
                .bind("%" + likeEscape(piece) + "%")
                .append(" and ");
      }
    }
    return out;
  }

  private static Sql predicate(Sql text, ValueType type, Condition c) {
    Sql typed = typed(text, type);
    return switch (c) {
      case Condition.Exists e ->
          type == ValueType.TEXT
              ? parenthesized(text.append(" <> ''"))
              : parenthesized(text.append(" is not null"));
      case Condition.Text t -> text(text, t);
      case Condition.Term t -> term(typed, type, t.values());
      case Condition.NumberRange r -> {
        List<Sql> parts = new ArrayList<>();
        bound(parts, typed, ">", r.gt());
        bound(parts, typed, ">=", r.gte());
        bound(parts, typed, "<", r.lt());
        bound(parts, typed, "<=", r.lte());
        yield parts.isEmpty()
            ? parenthesized(typed.append(" is not null"))
            : parenthesized(Sql.join(" and ", parts));
      }
      case Condition.MomentRange r -> {
        List<Sql> parts = new ArrayList<>();
        bound(parts, typed, ">", moment(type, r.after()));
        bound(parts, typed, ">=", moment(type, r.onOrAfter()));
        bound(parts, typed, "<", moment(type, r.before()));
        bound(parts, typed, "<=", moment(type, r.onOrBefore()));
        yield parts.isEmpty()
            ? parenthesized(typed.append(" is not null"))
            : parenthesized(Sql.join(" and ", parts));
      }
    };
  }

  private static void bound(List<Sql> parts, Sql expr, String op, @Nullable Object value) {
    if (value != null) {
      parts.add(expr.append(" " + op + " ").bind(value));
    }
  }

  private static @Nullable Object moment(ValueType type, @Nullable Instant t) {
    if (t == null) {
      return null;
    }
    return type == ValueType.DATE
        ? java.sql.Date.valueOf(LocalDate.ofInstant(t, ZoneOffset.UTC))
        : Timestamp.from(t);
  }

  private static Sql term(Sql typed, ValueType type, List<Object> values) {
    if (values.isEmpty()) {
      return Sql.text("false");
    }
    List<Sql> parts = new ArrayList<>();
    for (Object v : values) {
      parts.add(typed.append(" = ").bind(termValue(type, v)));
    }
    return parenthesized(Sql.join(" or ", parts));
  }

  private static Object termValue(ValueType type, Object v) {
    return switch (type) {
      case NUMBER -> v instanceof BigDecimal ? v : new BigDecimal(v.toString());
      case BOOLEAN -> v instanceof Boolean ? v : Boolean.valueOf(v.toString());
      case DATE -> v instanceof LocalDate d ? java.sql.Date.valueOf(d) : v;
      case DATETIME -> v instanceof Instant i ? Timestamp.from(i) : v;
      case TEXT -> v.toString();
    };
  }

  /** {@code text} as a value of {@code type}, so that numbers compare as numbers (9 before 10). */
  static Sql typed(Sql text, ValueType type) {
    return switch (type) {
      case TEXT -> text;
      case NUMBER -> parenthesized(text).append("::numeric");
      case DATE -> parenthesized(text).append("::date");
      case DATETIME -> parenthesized(text).append("::timestamptz");
      case BOOLEAN -> parenthesized(text).append("::boolean");
    };
  }

  private static Sql text(Sql expr, Condition.Text t) {
    String value = t.value().trim();
    // Words as PostgreSQL's \m and \M see them: runs of letters, digits and underscores, so that
    // "ACME Inc." is the words ACME and Inc. A value without any word matches nothing.
    List<String> words = words(value);
    if (words.isEmpty()
        && t.mode() != Condition.TextMode.EXACT_VALUE
        && t.mode() != Condition.TextMode.TOKEN_PATTERN) {
      return Sql.text("false");
    }
    return switch (t.mode()) {
      case EXACT_VALUE ->
          Sql.text("(lower(").append(expr).append(") = lower(").bind(t.value()).append("))");
      case PHRASE -> regex(expr, "\\m" + String.join("[^[:alnum:]_]+", escaped(words)) + "\\M");
      case FULL_WORDS -> everyWord(expr, words, "\\M");
      case BEGINNING_OF_WORDS -> everyWord(expr, words, "");
      case TOKEN_PATTERN -> regex(expr, tokenRegex(value));
    };
  }

  /** {@code expr} matches the regular expression {@code regex}, ignoring case. */
  private static Sql regex(Sql expr, String regex) {
    return parenthesized(expr.append(" ~* ").bind(regex));
  }

  /** The words of a text: maximal runs of letters, digits and {@code _}. */
  static List<String> words(String text) {
    return List.of(NON_WORD.split(text)).stream().filter(w -> !w.isEmpty()).toList();
  }

  private static Sql everyWord(Sql expr, List<String> words, String end) {
    List<Sql> parts = new ArrayList<>();
    for (String w : escaped(words)) {
      parts.add(expr.append(" ~* ").bind("\\m" + w + end));
    }
    return parenthesized(Sql.join(" and ", parts));
  }

  /** {@code *} matches any run of characters; the token is anchored at word edges elsewhere. */
  static String tokenRegex(String pattern) {
    StringBuilder out = new StringBuilder();
    if (!pattern.startsWith("*")) {
      out.append("(^|[^[:alnum:]_])");
    }
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append(".*");
      }
      out.append(escape(parts[i]));
    }
    if (!pattern.endsWith("*")) {
      out.append("($|[^[:alnum:]_])");
    }
    return out.toString();
  }

  private static List<String> escaped(List<String> words) {
    return words.stream().filter(w -> !w.isEmpty()).map(QueryCompiler::escape).toList();
  }

  static String escape(String s) {
    return REGEX_SPECIAL.matcher(s).replaceAll("\\\\$0");
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
