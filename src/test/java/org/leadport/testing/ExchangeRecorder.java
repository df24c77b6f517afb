package org.leadport.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks every exchange the integration tests make with a real server ({@link TestServer#send},
 * {@link AsyncExports#get}) against {@code openapi.yaml} as it happens, and keeps what it found for
 * {@code OpenApiConformanceIT}: the violations, and which operations each test class reached with
 * which statuses. Only the outcome is kept, not the exchanges, so a suite of any size fits.
 * Thread-safe; one per test JVM.
 */
public final class ExchangeRecorder {
  /** Violations kept at most; a drifting document would otherwise repeat one finding a lot. */
  static final int MAX_VIOLATIONS = 500;

  private static final AtomicLong CHECKED = new AtomicLong();
  private static final List<String> VIOLATIONS = new ArrayList<>();
  private static final Map<String, Map<String, Integer>> HITS = new TreeMap<>();

  private ExchangeRecorder() {}

  /** Checks one exchange and remembers the outcome; never throws. */
  public static void record(String method, URI uri, Reply reply) {
    String origin = origin();
    try {
      Exchange e = Exchange.of(method, uri, reply);
      OpenApiContract contract = OpenApiContract.repository();
      List<String> problems = contract.check(e);
      Optional<OpenApiContract.Op> op = contract.operation(e.method(), e.path());
      String key = op.map(OpenApiContract.Op::id).orElse("(undocumented " + e.method() + ")");
      synchronized (ExchangeRecorder.class) {
        CHECKED.incrementAndGet();
        HITS.computeIfAbsent(origin, o -> new TreeMap<>())
            .merge(key + " " + e.status(), 1, Integer::sum);
        for (String p : problems) {
          if (VIOLATIONS.size() < MAX_VIOLATIONS) {
            VIOLATIONS.add(origin + ": " + p);
          }
        }
      }
    } catch (RuntimeException | LinkageError ex) {
      synchronized (ExchangeRecorder.class) {
        if (VIOLATIONS.size() < MAX_VIOLATIONS) {
          VIOLATIONS.add(
              origin + ": " + method + " " + uri.getPath() + " could not be checked: " + ex);
        }
      }
    }
  }

  /** Exchanges checked so far. */
  public static long checked() {
    return CHECKED.get();
  }

  /** Violations found so far, each naming the test class that made the exchange. */
  public static synchronized List<String> violations() {
    return List.copyOf(VIOLATIONS);
  }

  /** Per test class, how often each {@code "operationId status"} was seen. */
  public static synchronized Map<String, Map<String, Integer>> hits() {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    HITS.forEach((k, v) -> out.put(k, Map.copyOf(v)));
    return out;
  }

  /** The integration test class whose code made this request, or {@code (unknown)}. */
  static String origin() {
    return StackWalker.getInstance()
        .walk(frames ->
            frames
                .map(StackWalker.StackFrame::getClassName)
                .map(n -> n.contains("$") ? n.substring(0, n.indexOf('$')) : n)
                .filter(n -> n.endsWith("IT"))
                .findFirst())
        .map(n -> n.substring(n.lastIndexOf('.') + 1))
        .orElse("(unknown)");
  }
}
