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
 * Compiles a {@link Query} into a boolean SQL expression over a lead row. Values are only ever
 * bound. A condition on an absent value may yield NULL, which a WHERE clause treats as false;
 * negation is compiled as {@code is not true}, so it always means "does not match". Not
 * thread-safe: one per compilation (it numbers its table aliases).
 */
public final class QueryCompiler {
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.^$|?*+()\\[\\]{}]");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}_]+");

  /** The lead fields whose values {@code search_text} holds. */
  private static final java.util.Set<FieldRef> NAME_FIELDS =
      java.util.Set.of(
          Fields.STANDARD.regular(ObjectKind.LEAD, "display_name").orElseThrow(),
          Fields.STANDARD.regular(ObjectKind.LEAD, "name").orElseThrow());

  private final SqlFragment binds;
  private int aliases;

  public QueryCompiler(SqlFragment binds) {
    this.binds = binds;
  }

  /** The condition on the lead table aliased {@code alias}. */
  public String lead(Query query, String alias) {
    return compile(query, ObjectKind.LEAD, alias);
  }

  /**
   * The condition on a table of {@code root} objects aliased {@code alias} (contacts, opportunities
   * … searched as objects of their own); {@link Query.Related} is only reachable from leads.
   */
  public String root(Query query, ObjectKind root, String alias) {
    return compile(query, root, alias);
  }

  private String compile(Query q, ObjectKind kind, String alias) {
    return switch (q) {
      case Query.All a -> "true";
      case Query.And a -> join(a.queries(), " and ", "true", kind, alias);
      case Query.Or o -> join(o.queries(), " or ", "false", kind, alias);
      // NULL (an absent value) means "no match"; "is not true" keeps that under negation.
      case Query.Not n -> "((" + compile(n.query(), kind, alias) + ") is not true)";
      // Left bare (no coalesce) so that the planner can use indexes on the column.
      case Query.Match m -> match(m.field(), m.condition(), alias);
      case Query.Related r -> related(r, kind, alias);
      case Query.InList l ->
          "exists (select 1 from list_members m where m.list_id = "
              + binds.bind(l.listId())
              + " and m.lead_id = "
              + leadId(kind, alias)
              + ")";
      case Query.FreeText t -> freeText(t.text(), kind, alias);
    };
  }

  private String join(List<Query> qs, String op, String empty, ObjectKind kind, String alias) {
    if (qs.isEmpty()) {
      return empty;
    }
    List<String> parts = new ArrayList<>(qs.size());
    for (Query q : qs) {
      parts.add(compile(q, kind, alias));
    }
    return "(" + String.join(op, parts) + ")";
  }

  private String related(Query.Related r, ObjectKind kind, String alias) {
    if (kind != ObjectKind.LEAD) {
      throw new IllegalArgumentException("related objects are only reachable from a lead");
    }
    aliases++;
    String child = "r" + aliases;
    return "exists (select 1 from "
        + r.kind().table()
        + " "
        + child
        + " where "
        + child
        + ".lead_id = "
        + alias
        + ".id and "
        + compile(r.query(), r.kind(), child)
        + ")";
  }

  private static String leadId(ObjectKind kind, String alias) {
    return kind == ObjectKind.LEAD ? alias + ".id" : alias + ".lead_id";
  }

  /**
   * Free text: the lead's name or URL, or a name, email address or phone number of one of its
   * contacts, contains the text (ignoring case). All of these are in the lead's {@code
   * search_text}, which one trigram index serves.
   */
  private String freeText(String text, ObjectKind kind, String alias) {
    String p = binds.bind("%" + likeEscape(text) + "%");
    if (kind == ObjectKind.LEAD) {
      return "(" + alias + ".search_text ilike " + p + ")";
    }
    return "exists (select 1 from leads fl where fl.id = "
        + leadId(kind, alias)
        + " and fl.search_text ilike "
        + p
        + ")";
  }

  private String match(FieldRef f, Condition c, String alias) {
    if (f.arrayKey() != null) {
      String column = f.requiredColumn().formatted(alias);
      if (c instanceof Condition.Exists) {
        return "jsonb_array_length(" + column + ") > 0";
      }
      return "exists (select 1 from jsonb_array_elements("
          + column
          + ") e where "
          + predicate("(e.value ->> " + binds.bind(f.arrayKey()) + ")", f.type(), c)
          + ")";
    }
    String expr =
        f.customFieldId() != null
            ? "(" + alias + ".custom ->> " + binds.bind(f.customFieldId()) + ")"
            : f.requiredColumn().formatted(alias);
    String predicate = predicate(expr, f.type(), c);
    if (c instanceof Condition.Text t && NAME_FIELDS.contains(f)) {
      return "(" + searchTextFilter(t, alias) + predicate + ")";
    }
    return predicate;
  }

  /**
   * A lead's names are inside its {@code search_text}, so each literal piece of a text condition on
   * them must occur there too: an index-served filter in front of the exact (regex) match.
   */
  private String searchTextFilter(Condition.Text t, String alias) {
    List<String> pieces =
        switch (t.mode()) {
          case EXACT_VALUE -> List.of(t.value());
          case TOKEN_PATTERN -> List.of(t.value().split("\\*"));
          default -> words(t.value().trim());
        };
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      if (!piece.isEmpty()) {
        out.append(alias)
            .append(".search_text ilike ")
            .append(binds.bind("%" + likeEscape(piece) + "%"))
            .append(" and ");
      }
    }
    return out.toString();
  }

  private String predicate(String text, ValueType type, Condition c) {
    String typed = typed(text, type);
    return switch (c) {
      case Condition.Exists e ->
          type == ValueType.TEXT ? "(" + text + " <> '')" : "(" + text + " is not null)";
      case Condition.Text t -> text(text, t);
      case Condition.Term t -> term(typed, type, t.values());
      case Condition.NumberRange r -> {
        List<String> parts = new ArrayList<>();
        bound(parts, typed, ">", r.gt());
        bound(parts, typed, ">=", r.gte());
        bound(parts, typed, "<", r.lt());
        bound(parts, typed, "<=", r.lte());
        yield parts.isEmpty()
            ? "(" + typed + " is not null)"
            : "(" + String.join(" and ", parts) + ")";
      }
      case Condition.MomentRange r -> {
        List<String> parts = new ArrayList<>();
        bound(parts, typed, ">", moment(type, r.after()));
        bound(parts, typed, ">=", moment(type, r.onOrAfter()));
        bound(parts, typed, "<", moment(type, r.before()));
        bound(parts, typed, "<=", moment(type, r.onOrBefore()));
        yield parts.isEmpty()
            ? "(" + typed + " is not null)"
            : "(" + String.join(" and ", parts) + ")";
      }
    };
  }

  private void bound(List<String> parts, String expr, String op, @Nullable Object value) {
    if (value != null) {
      parts.add(expr + " " + op + " " + binds.bind(value));
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

  private String term(String typed, ValueType type, List<Object> values) {
    if (values.isEmpty()) {
      return "false";
    }
    List<String> parts = new ArrayList<>();
    for (Object v : values) {
      parts.add(typed + " = " + binds.bind(termValue(type, v)));
    }
    return "(" + String.join(" or ", parts) + ")";
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

  private static String typed(String text, ValueType type) {
    return switch (type) {
      case TEXT -> text;
      case NUMBER -> "(" + text + ")::numeric";
      case DATE -> "(" + text + ")::date";
      case DATETIME -> "(" + text + ")::timestamptz";
      case BOOLEAN -> "(" + text + ")::boolean";
    };
  }

  private String text(String expr, Condition.Text t) {
    String value = t.value().trim();
    // Words as PostgreSQL's \m and \M see them: runs of letters, digits and underscores, so that
    // "ACME Inc." is the words ACME and Inc. A value without any word matches nothing.
    List<String> words = words(value);
    if (words.isEmpty()
        && t.mode() != Condition.TextMode.EXACT_VALUE
        && t.mode() != Condition.TextMode.TOKEN_PATTERN) {
      return "false";
    }
    return switch (t.mode()) {
      case EXACT_VALUE -> "(lower(" + expr + ") = lower(" + binds.bind(t.value()) + "))";
      case PHRASE ->
          "("
              + expr
              + " ~* "
              + binds.bind("\\m" + String.join("[^[:alnum:]_]+", escaped(words)) + "\\M")
              + ")";
      case FULL_WORDS -> everyWord(expr, words, "\\M");
      case BEGINNING_OF_WORDS -> everyWord(expr, words, "");
      case TOKEN_PATTERN -> "(" + expr + " ~* " + binds.bind(tokenRegex(value)) + ")";
    };
  }

  /**
   * How many regular expressions a text condition compiles to. PostgreSQL caches 32 compiled
   * expressions per connection; a query needing more recompiles them for every row, so parsers
   * bound the total.
   */
  public static int regexCount(Condition.Text t) {
    return switch (t.mode()) {
      case EXACT_VALUE -> 0;
      case PHRASE, TOKEN_PATTERN -> 1;
      case FULL_WORDS, BEGINNING_OF_WORDS -> words(t.value().trim()).size();
    };
  }

  /** The words of a text: maximal runs of letters, digits and {@code _}. */
  static List<String> words(String text) {
    return List.of(NON_WORD.split(text)).stream().filter(w -> !w.isEmpty()).toList();
  }

  private String everyWord(String expr, List<String> words, String end) {
    List<String> parts = new ArrayList<>();
    for (String w : escaped(words)) {
      parts.add(expr + " ~* " + binds.bind("\\m" + w + end));
    }
    return "(" + String.join(" and ", parts) + ")";
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
