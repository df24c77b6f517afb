package org.leadport.query;

import java.util.List;
import java.util.Objects;

/**
 * The one query model every surface's query language is parsed into and the compiler turns into
 * SQL: a small tree over a root object kind.
 */
public sealed interface Query {

  /** Matches everything. */
  record All() implements Query {}

  /** Every child matches. */
  record And(List<Query> queries) implements Query {
    public And {
      queries = List.copyOf(queries);
    }
  }

  /** Some child matches. */
  record Or(List<Query> queries) implements Query {
    public Or {
      queries = List.copyOf(queries);
    }
  }

  /** The child does not match. */
  record Not(Query query) implements Query {
    public Not {
      Objects.requireNonNull(query, "query");
    }
  }

  /** A field of the current object satisfies a condition. */
  record Match(FieldRef field, Condition condition) implements Query {
    public Match {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(condition, "condition");
    }
  }

  /** The lead has at least one related object of {@code kind} matching {@code query}. */
  record Related(ObjectKind kind, Query query) implements Query {
    public Related {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(query, "query");
    }
  }

  /** The lead is a member of the list. */
  record InList(String listId) implements Query {}

  /** Free text over the default searchable fields (name, contact names, emails, phones, url). */
  record FreeText(String text) implements Query {}

  /**
   * The field equals {@code value}: the one-value term that every surface's equality filters (a
   * status, a source, an id) map to.
   */
  static Query equal(FieldRef field, Object value) {
    return new Match(field, new Condition.Term(List.of(value)));
  }

  static Query and(List<Query> queries) {
    return queries.size() == 1 ? queries.get(0) : new And(queries);
  }
}
