package org.leadport.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WHERE clause under construction: conditions joined by AND and the values they bind by name.
 * Values are bound, never written into the SQL text here; only the export's COPY route, which takes
 * no parameters, writes them as escaped, typed literals (see {@code export.CopySql}). Not
 * thread-safe.
 */
public final class SqlFragment {
  private final List<String> conditions = new ArrayList<>();
  private final Map<String, Object> binds = new LinkedHashMap<>();

  /** Adds a value to bind and returns its placeholder, such as {@code :p3}. */
  public String bind(Object value) {
    String name = "p" + binds.size();
    binds.put(name, value);
    return ":" + name;
  }

  /** Adds one condition; it must use only placeholders from {@link #bind}. */
  public SqlFragment and(String condition) {
    conditions.add(condition);
    return this;
  }

  /** The conditions joined by AND, or {@code true} when there are none. */
  public String sql() {
    return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
  }

  public Map<String, Object> binds() {
    return Collections.unmodifiableMap(binds);
  }
}
