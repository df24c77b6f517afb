package org.leadport.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of SQL as one immutable value: Leadport-written text with the values it binds in their
 * places ({@code texts} around {@code values}: text, value, text, … text). Values never meet the
 * text until the value is rendered, one of two ways (jOOQ's {@code ParamType} is the model):
 *
 * <ul>
 *   <li>{@link #bound()}: named placeholders {@code :p0}, {@code :p1} … and their values, for jdbi
 *       to bind;
 *   <li>{@link #inlined()}: each value written as an escaped, typed literal, for statements that
 *       take no parameters (PostgreSQL's COPY).
 * </ul>
 *
 * Pieces compose by {@link #append(Sql)} and {@link #join}; only text written by Leadport is ever
 * passed as text. Immutable and thread-safe.
 *
 * @param texts the text around the values; always one more than the values
 * @param values the bound values in text order (null binds SQL's NULL)
 */
public record Sql(List<String> texts, List<Object> values) {
  private static final Sql EMPTY = text("");

  public Sql {
    texts = List.copyOf(texts);
    values = Collections.unmodifiableList(new ArrayList<>(values));
    if (texts.size() != values.size() + 1) {
      throw new IllegalArgumentException(
          texts.size() + " texts cannot stand around " + values.size() + " values");
    }
  }

  /** Leadport-written SQL text without values. */
  public static Sql text(String text) {
    return new Sql(List.of(text), List.of());
  }

  /** One bound value and nothing else. */
  public static Sql value(Object value) {
    return new Sql(List.of("", ""), Collections.singletonList(value));
  }

  /** No SQL at all: the start of a piece built by appending. */
  public static Sql empty() {
    return EMPTY;
  }

  /** The pieces in order with {@code delimiter} between each two (empty for no pieces). */
  public static Sql join(String delimiter, List<Sql> pieces) {
    List<String> texts = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    StringBuilder open = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0) {
        open.append(delimiter);
      }
      Sql piece = pieces.get(i);
      open.append(piece.texts.getFirst());
      for (int v = 0; v < piece.values.size(); v++) {
        texts.add(open.toString());
        values.add(piece.values.get(v));
        open.setLength(0);
        open.append(piece.texts.get(v + 1));
      }
    }
    texts.add(open.toString());
    return new Sql(texts, values);
  }

  /** This piece followed by Leadport-written {@code text}. */
  public Sql append(String text) {
    if (text.isEmpty()) {
      return this;
    }
    List<String> joined = new ArrayList<>(texts);
    joined.set(joined.size() - 1, texts.getLast() + text);
    return new Sql(joined, values);
  }

  /** This piece followed by {@code next}. */
  public Sql append(Sql next) {
    return join("", List.of(this, next));
  }

  /** This piece followed by a bound {@code value}. */
  public Sql bind(Object value) {
    return append(value(value));
  }

  /** Whether this piece holds neither text nor values. */
  public boolean isEmpty() {
    return values.isEmpty() && texts.getFirst().isEmpty();
  }

  /**
   * The text with a named placeholder ({@code :p0}, {@code :p1} …, numbered in text order) where
   * each value stands, and the values by name.
   */
  public Bound bound() {
    StringBuilder sql = new StringBuilder();
    Map<String, Object> binds = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      String name = "p" + i;
      sql.append(texts.get(i)).append(':').append(name);
      binds.put(name, values.get(i));
    }
    return new Bound(sql.append(texts.getLast()).toString(), binds);
  }

  /**
   * The text with each value written as a literal of the type the driver would have bound it as
   * (see {@link SqlLiteral}).
   *
   * @throws IllegalStateException when a text leaves a quoted literal or identifier open, so that a
   *     value would be written inside it
   * @throws IllegalArgumentException when a value has no literal (its type, or a NUL in a string)
   */
  public String inlined() {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      sql.append(SqlLiteral.closed(texts.get(i))).append(SqlLiteral.of(values.get(i)));
    }
    return sql.append(SqlLiteral.closed(texts.getLast())).toString();
  }

  /** The bound text, placeholders in place of values (values are not written into logs). */
  @Override
  public String toString() {
    return bound().sql();
  }

  /**
   * An SQL value rendered for jdbi: {@code h.createQuery(b.sql()).bindMap(b.binds())}.
   *
   * @param sql the text with named placeholders
   * @param binds the values by placeholder name, in text order
   */
  public record Bound(String sql, Map<String, Object> binds) {
    public Bound {
      binds = Collections.unmodifiableMap(new LinkedHashMap<>(binds));
    }
  }
}
