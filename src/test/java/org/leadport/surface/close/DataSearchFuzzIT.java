package org.leadport.surface.close;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.surface.close.DataSearchIT.Gen;
import org.leadport.surface.close.DataSearchIT.MutableClock;
import org.leadport.surface.close.DataSearchIT.Q;
import org.leadport.surface.close.DataSearchIT.Workspace;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * Property-style fuzzing of Close advanced filtering over HTTP: thousands of random valid query
 * trees, mutations of them (dropped and renamed keys, wrong types, huge numbers, deep nesting,
 * strange strings) and random JSON, from a seeded {@link Random}. Every one must answer within the
 * timeout with 200 or a 4xx JSON error: never a 500. Override with {@code -Dfuzz.seed=…} and {@code
 * -Dfuzz.count=…} to explore further.
 */
class DataSearchFuzzIT {
  static final long SEED = Long.getLong("fuzz.seed", 20_260_401L);
  static final int COUNT = Integer.getInteger("fuzz.count", 4_000);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Node, field, condition and moment type names, so mutations confuse one with another. */
  static final List<String> TYPES =
      List.of(
          "and",
          "or",
          "object_type",
          "field_condition",
          "has_related",
          "saved_search",
          "regular_field",
          "custom_field",
          "text",
          "term",
          "reference",
          "number_range",
          "moment_range",
          "exists",
          "boolean",
          "fixed_utc",
          "fixed_local_date",
          "now",
          "offset");

  static final List<String> KEYS =
      List.of(
          "type",
          "queries",
          "negate",
          "object_type",
          "field",
          "condition",
          "field_name",
          "custom_field_id",
          "mode",
          "value",
          "values",
          "object_ids",
          "reference_type",
          "gt",
          "gte",
          "lt",
          "lte",
          "on_or_after",
          "after",
          "before",
          "on_or_before",
          "moment",
          "offset",
          "direction",
          "which",
          "days",
          "months",
          "years",
          "related_query",
          "related_object_type",
          "this_object_type",
          "saved_search_id",
          "sort",
          "_limit",
          "results_limit",
          "_fields",
          "cursor",
          "include_counts",
          "query");

  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "lead",
          "contact",
          "opportunity",
          "address",
          "activity",
          "full_words",
          "phrase",
          "beginning_of_words",
          "exact_value",
          "asc",
          "desc",
          "past",
          "future",
          "start",
          "end",
          "name",
          "display_name",
          "date_created",
          "email",
          "value",
          "date_won",
          "city",
          "date",
          "2026-02-18",
          "2026-02-30",
          "2026-02-18T09:30:00Z",
          "2026-02-18T09:30:00",
          "+999999999-12-31T23:59:59Z",
          "-999999999-01-01",
          "+10000-01-01",
          "0000-01-01",
          "9999-12-31",
          "1e999",
          "NaN",
          "-0",
          "null",
          "true",
          "Ракета",
          "山田太郎",
          "🚀🚀",
          "e\u0301",
          "\u202Eevil",
          "\u0001",
          "\u0002 \u0003",
          "\u0085",
          "\u2028",
          "\u00A0",
          "\uFEFF",
          "\t\n\r",
          "\u0001\u001f\u007f",
          "\\u0000",
          "a\\b",
          "%_%",
          "\"",
          "'",
          "';--",
          "$$",
          "\\m",
          "[[:alpha:]]",
          "(a+)+$",
          "x{1000}",
          "cf_",
          "save_",
          "lead_",
          "stat_");

  static final java.util.Set<String> MOMENT_KEYS =
      java.util.Set.of("on_or_after", "after", "before", "on_or_before", "moment");

  static final java.util.Set<String> VALUE_KEYS =
      java.util.Set.of(
          "value",
          "values",
          "object_ids",
          "field_name",
          "custom_field_id",
          "saved_search_id",
          "gt",
          "gte",
          "lt",
          "lte",
          "offset",
          "days",
          "months",
          "years",
          "hours",
          "mode",
          "on_or_after",
          "after",
          "before",
          "on_or_before",
          "moment");

  static final List<String> MOMENTS =
      List.of(
          "2026-02-18",
          "2026-02-18T09:30:00Z",
          "2026-02-18T09:30:00+14:00",
          "0001-01-01",
          "0001-01-01T00:00:00Z",
          "0001-01-01T00:00:00+01:00",
          "9999-12-31",
          "9999-12-31T23:59:59Z",
          "9999-12-31T23:59:59-01:00",
          "+10000-01-01",
          "-0001-12-31",
          "+999999999-12-31",
          "-999999999-01-01",
          "+999999999-12-31T23:59:59.999999999-18:00",
          "2026-13-01",
          "x");

  static MutableClock clock;
  static TestServer server;
  static Workspace w;
  static List<String> savedIds = new ArrayList<>();

  @BeforeAll
  static void start() {
    clock = new MutableClock(DataSearchIT.BATCHES[0]);
    server = TestServer.start(clock, 100_000_000);
    w = Workspace.create(server, clock, "close-fuzz", new Random(SEED));
    savedIds.addAll(List.of(w.savedWon, w.savedNested, w.savedNested2));
    String a = w.createSaved("cycle a", Q.and());
    String b = w.createSaved("cycle b", Q.or(Q.saved(a)));
    // Invalid saved searches cannot be saved any more; these stand for ones stored before.
    w.storeSaved(a, Q.saved(b));
    savedIds.add(a);
    String broken = w.createSaved("broken", Q.and());
    w.storeSaved(broken, Json.object().put("type", "text"));
    savedIds.add(broken);
    savedIds.add("save_nope");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One generated request: a category for the report and the exact bytes sent. */
  record Case(int index, String kind, byte[] body) {}

  record Outcome(Case c, int status, String code, String problem) {}

  @Test
  void thousandsOfRandomAndMutatedQueriesNeverFail() throws Exception {
    Random r = new Random(SEED);
    Fuzzer f = new Fuzzer(r);
    List<Case> cases = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      cases.add(f.next(i));
    }
    Map<String, AtomicInteger> histogram = new ConcurrentHashMap<>();
    List<Outcome> failures = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
    Map<Integer, Long> times = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (Case c : cases) {
        done.add(
            pool.submit(() -> {
              long t0 = System.nanoTime();
              Outcome o = send(c);
              long took = System.nanoTime() - t0;
              slowest.accumulateAndGet(took, Math::max);
              times.put(c.index, took);
              histogram
                  .computeIfAbsent(o.status + " " + o.code, k -> new AtomicInteger())
                  .incrementAndGet();
              histogram
                  .computeIfAbsent("kind " + c.kind, k -> new AtomicInteger())
                  .incrementAndGet();
              if (o.problem != null) {
                failures.add(o);
              }
            }));
      }
      for (Future<?> d : done) {
        d.get();
      }
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    StringBuilder report = new StringBuilder();
    report
        .append("DataSearchFuzzIT: ")
        .append(cases.size())
        .append(" queries sent (seed ")
        .append(SEED)
        .append(") in ")
        .append(millis)
        .append(" ms; slowest answer ")
        .append(slowest.get() / 1_000_000)
        .append(" ms\n");
    new TreeMap<>(histogram)
        .forEach((k, v) -> report.append("  ").append(k).append(": ").append(v).append('\n'));
    times.entrySet().stream()
        .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed())
        .limit(5)
        .forEach(e -> {
          Case c = cases.get(e.getKey());
          String body = new String(c.body, StandardCharsets.UTF_8);
          report
              .append("  slow: #")
              .append(c.index)
              .append(' ')
              .append(c.kind)
              .append(' ')
              .append(e.getValue() / 1_000_000)
              .append(" ms ")
              .append(body, 0, Math.min(160, body.length()))
              .append('\n');
        });
    System.out.print(report);
    List<String> shown = new ArrayList<>();
    synchronized (failures) {
      failures.sort((a, b) -> Integer.compare(a.c.index, b.c.index));
      for (Outcome o : failures.subList(0, Math.min(15, failures.size()))) {
        String body = new String(o.c.body, StandardCharsets.UTF_8);
        shown.add(
            "#"
                + o.c.index
                + " "
                + o.c.kind
                + " -> "
                + o.problem
                + "\n    body: "
                + (body.length() > 600 ? body.substring(0, 600) + "…" : body));
      }
    }
    assertThat(shown)
        .as(failures.size() + " failures of " + cases.size() + "\n" + report)
        .isEmpty();
    // The workspace is intact: every fixture lead is still there.
    Reply all =
        server.call(
            "POST", DataSearchIT.PATH, w.tenant.key(), Json.object().put("include_counts", true));
    assertThat(all.json().path("count").path("total").asInt()).isEqualTo(w.leads.size());
  }

  /**
   * A 60 KB query of 52 phrase conditions of 250 distinct words each. Text conditions compile to
   * regular expressions and PostgreSQL caches only 32 compiled ones, so such a query would
   * recompile every pattern for every row (minutes over 600 leads); the parser bounds the patterns
   * a query may need, so it must answer at once.
   */
  @Test
  void hugeQueriesOfDistinctPhrasesAnswerInTime() {
    Random r = new Random(SEED);
    ObjectNode or = Q.or();
    for (int k = 0; k < 52; k++) {
      StringBuilder v = new StringBuilder();
      while (v.length() < 990) {
        for (int c = 0; c < 3; c++) {
          v.append((char) ('a' + r.nextInt(26)));
        }
        v.append(' ');
      }
      ((ArrayNode) or.get("queries")).add(Q.lead("display_name", Q.text("phrase", v.toString())));
    }
    Outcome o = send(new Case(0, "huge", Json.bytes(DataSearchIT.body(or))));
    assertThat(o.problem()).isNull();
  }

  private static Outcome send(Case c) {
    Reply r;
    try {
      r =
          server.send(
              DataSearchIT.PATH,
              b ->
                  b.timeout(TIMEOUT)
                      .header("Authorization", "Bearer " + w.tenant.key())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(c.body)));
    } catch (UncheckedIOException e) {
      String what = e.getCause() instanceof HttpTimeoutException ? "timeout" : "io " + e.getCause();
      return new Outcome(c, 0, what, "no answer within " + TIMEOUT + ": " + what);
    }
    String problem = null;
    String code = "";
    JsonNode json = null;
    try {
      json = Json.parse(r.text());
    } catch (Exception e) {
      problem = "not JSON: " + r;
    }
    if (json != null) {
      if (r.status() == 200) {
        if (!json.path("data").isArray()
            || !(json.path("cursor").isNull() || json.path("cursor").isTextual())) {
          problem = "200 without data and cursor: " + r;
        }
      } else {
        code = json.path("code").asText();
        if (r.status() < 400 || r.status() >= 500) {
          problem = "status " + r;
        } else if (code.isEmpty() || json.path("message").asText().isEmpty()) {
          problem = "error without code or message: " + r;
        } else if (code.equals("invalid_parameter") && !json.has("param")) {
          problem = "invalid_parameter without param: " + r;
        }
      }
    }
    if (r.header("Content-Type") == null
        || !r.header("Content-Type").startsWith("application/json")) {
      problem = "content type " + r.header("Content-Type") + ": " + r;
    }
    return new Outcome(c, r.status(), code, problem);
  }

  /** Generates the requests: valid trees, mutations of them, random JSON and raw bytes. */
  static final class Fuzzer {
    final Random r;
    final Gen gen;

    Fuzzer(Random r) {
      this.r = r;
      this.gen = new Gen(w, r);
    }

    Case next(int i) {
      int pick = r.nextInt(100);
      if (pick < 25) {
        return json(i, "valid", options(DataSearchIT.body(gen.query("lead", 1))));
      }
      if (pick < 65) {
        ObjectNode body = options(DataSearchIT.body(gen.query("lead", 1)));
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
          mutate(body);
        }
        return json(i, "mutated", body);
      }
      if (pick < 75) {
        ObjectNode body = Json.object();
        body.set("query", randomJson(4));
        if (r.nextInt(4) == 0) {
          return json(i, "random", randomJson(4));
        }
        return json(i, "random", body);
      }
      if (pick < 85) {
        return json(i, "options", randomOptions());
      }
      if (pick < 93) {
        return raw(i);
      }
      return json(i, "large", large());
    }

    private Case json(int i, String kind, JsonNode body) {
      return new Case(i, kind, Json.bytes(body));
    }

    ObjectNode options(ObjectNode body) {
      if (r.nextBoolean()) {
        body.put("_limit", 1 + r.nextInt(200));
      }
      if (r.nextInt(4) == 0) {
        body.put("results_limit", 1 + r.nextInt(100));
      }
      if (r.nextInt(3) == 0) {
        ArrayNode sort = body.putArray("sort");
        for (int k = r.nextInt(3); k >= 0; k--) {
          ObjectNode s = sort.addObject();
          if (r.nextInt(4) > 0) {
            s.put("direction", r.nextBoolean() ? "asc" : "desc");
          }
          if (r.nextBoolean()) {
            List<String> names = List.copyOf(w.model.regular.get("lead").keySet());
            s.set("field", Q.regular("lead", names.get(r.nextInt(names.size()))));
          } else {
            List<String> names = List.copyOf(DataSearchIT.CUSTOM_FIELDS.keySet());
            s.set("field", Q.custom(w.field(names.get(r.nextInt(names.size())))));
          }
        }
      }
      if (r.nextInt(4) == 0) {
        ArrayNode fields =
            r.nextBoolean() ? body.putObject("_fields").putArray("lead") : body.putArray("_fields");
        // Close's lead keys, as the data search names them.
        List<String> all =
            List.copyOf(
                new java.util.TreeSet<>(CloseObjects.KEYS.get(org.leadport.query.ObjectKind.LEAD)));
        for (int k = r.nextInt(4); k >= 0; k--) {
          fields.add(all.get(r.nextInt(all.size())));
        }
      }
      if (r.nextInt(3) == 0) {
        body.put("include_counts", r.nextBoolean());
      }
      return body;
    }

    ObjectNode randomOptions() {
      ObjectNode body = r.nextBoolean() ? DataSearchIT.body(gen.query("lead", 2)) : Json.object();
      for (String key :
          List.of("sort", "_limit", "results_limit", "_fields", "cursor", "include_counts")) {
        if (r.nextInt(3) == 0) {
          body.set(key, r.nextBoolean() ? randomJson(3) : randomScalar());
        }
      }
      if (r.nextInt(5) == 0) {
        body.set(randomString(), randomScalar());
      }
      return body;
    }

    /** Valid JSON that stresses limits: wide, deep, long strings, many words, many values. */
    JsonNode large() {
      return switch (r.nextInt(8)) {
        case 0 -> {
          ObjectNode or = Q.or();
          int n = 900 + r.nextInt(200);
          for (int k = 0; k < n; k++) {
            ((ArrayNode) or.get("queries"))
                .add(k % 7 == 0 ? gen.query("lead", 4) : Q.objectType("lead"));
          }
          yield DataSearchIT.body(or);
        }
        case 1 -> {
          ObjectNode q = gen.query("lead", 4);
          int n = 25 + r.nextInt(15);
          for (int k = 0; k < n; k++) {
            q = r.nextBoolean() ? Q.and(q) : Q.not(Q.or(q));
          }
          yield DataSearchIT.body(q);
        }
        case 2 -> {
          StringBuilder words = new StringBuilder();
          while (words.length() < 990) {
            words.append((char) ('a' + r.nextInt(26))).append(' ');
          }
          String mode =
              List.of("full_words", "phrase", "beginning_of_words", "exact_value")
                  .get(r.nextInt(4));
          // At most 30 distinct patterns: see hugeQueriesOfDistinctPhrasesAnswerInTime.
          ObjectNode or = Q.or();
          for (int k = 0; k < 3 + r.nextInt(10); k++) {
            ((ArrayNode) or.get("queries"))
                .add(Q.lead("display_name", Q.text(mode, words.toString())));
          }
          yield DataSearchIT.body(or);
        }
        case 3 -> {
          ArrayNode values = Json.array();
          for (int k = 0; k < 1000 + r.nextInt(2); k++) {
            values.add(r.nextBoolean() ? randomString() : "v" + k);
          }
          ObjectNode term = Q.node("term");
          term.set("values", values);
          ObjectNode and = Q.and();
          for (int k = 0; k < 5; k++) {
            ((ArrayNode) and.get("queries")).add(Q.lead("source", term));
          }
          yield DataSearchIT.body(and);
        }
        case 4 -> {
          JsonNode m = Q.now();
          for (int k = 0; k < 20; k++) {
            m =
                Q.offset(
                    r.nextBoolean() ? "past" : "future",
                    m,
                    List.of("years", "months", "days", "seconds").get(r.nextInt(4)),
                    r.nextInt(100_001));
          }
          yield DataSearchIT.body(Q.lead("date_created", Q.moments(m, null)));
        }
        case 5 ->
            DataSearchIT.body(
                Q.lead("name", Q.text("phrase", "x".repeat(r.nextBoolean() ? 1000 : 1001))));
        case 6 -> {
          ObjectNode and = Q.and();
          for (int k = 0; k < 300; k++) {
            ((ArrayNode) and.get("queries")).add(Q.saved(savedIds.get(r.nextInt(savedIds.size()))));
          }
          yield DataSearchIT.body(and);
        }
        default -> {
          ObjectNode or = Q.or();
          for (int k = 0; k < 60; k++) {
            String kind =
                List.of("contact", "opportunity", "address", "activity").get(r.nextInt(4));
            ((ArrayNode) or.get("queries")).add(Q.related(kind, gen.query(kind, 3)));
          }
          yield DataSearchIT.body(or);
        }
      };
    }

    /** Bytes that are not (quite) the JSON the endpoint expects. */
    Case raw(int i) {
      byte[] valid = Json.bytes(options(DataSearchIT.body(gen.query("lead", 2))));
      String text = new String(valid, StandardCharsets.UTF_8);
      String out =
          switch (r.nextInt(10)) {
            case 0 -> text.substring(0, r.nextInt(text.length()));
            case 1 -> text.replaceFirst("\\{\"query\":", "{\"query\":null,\"query\":");
            case 2 -> "[".repeat(20 + r.nextInt(200)) + "]".repeat(r.nextInt(10));
            case 3 ->
                "{\"query\":"
                    + "{\"type\":\"and\",\"queries\":[".repeat(33 + r.nextInt(20))
                    + "]}".repeat(10)
                    + "}";
            case 4 -> "{\"_limit\":1" + "0".repeat(r.nextInt(3000)) + "}";
            case 5 ->
                "{\"query\":{\"type\":\"field_condition\",\"field\":{\"type\":\"custom_field\",\"custom_field_id\":\""
                    + w.field("Employees")
                    + "\"},\"condition\":{\"type\":\"number_range\",\"gte\":"
                    + List.of(
                            "1e999",
                            "-1e999",
                            "1" + "0".repeat(900),
                            "0.0000000000000000000000000001e-300",
                            "1E+2147483648",
                            "-0")
                        .get(r.nextInt(6))
                    + "}}}";
            case 6 -> text.replace("\"", r.nextBoolean() ? "'" : "");
            case 7 -> "\uFEFF" + text;
            case 8 ->
                List.of(
                        "",
                        "null",
                        "true",
                        "1",
                        "\"x\"",
                        "{}",
                        "{ ",
                        "{\"query\":{}}",
                        "{\"query\":[]}")
                    .get(r.nextInt(9));
            default -> text.replaceFirst("\"([a-z_]+)\":", "\"$1\\u0000\":");
          };
      byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
      if (r.nextInt(6) == 0) {
        // Other encodings, which JSON readers detect from NUL bytes, or stray NUL bytes.
        bytes =
            switch (r.nextInt(4)) {
              case 0 -> text.getBytes(StandardCharsets.UTF_16BE);
              case 1 -> text.getBytes(StandardCharsets.UTF_16LE);
              case 2 -> text.getBytes(java.nio.charset.Charset.forName("UTF-32"));
              default -> {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                for (int k = r.nextInt(4); k >= 0; k--) {
                  b[r.nextInt(b.length)] = 0;
                }
                yield b;
              }
            };
      } else if (r.nextInt(4) == 0 && bytes.length > 0) {
        // Invalid UTF-8 somewhere.
        bytes = bytes.clone();
        bytes[r.nextInt(bytes.length)] = (byte) (0x80 | r.nextInt(0x80));
      }
      return new Case(i, "raw", bytes);
    }

    // ---------------------------------------------------------------------------- mutations

    /** A place in the tree: an object member or an array element. */
    record Slot(JsonNode parent, String key, int index) {}

    void mutate(ObjectNode root) {
      List<Slot> slots = new ArrayList<>();
      collect(root, slots);
      if (slots.isEmpty()) {
        root.set("query", randomJson(2));
        return;
      }
      // Half the time, aim at a value slot: that is where values reach the SQL.
      List<Slot> values =
          slots.stream().filter(x -> x.key != null && VALUE_KEYS.contains(x.key)).toList();
      Slot s =
          !values.isEmpty() && r.nextBoolean()
              ? values.get(r.nextInt(values.size()))
              : slots.get(r.nextInt(slots.size()));
      JsonNode current = get(s);
      if (s.key != null && MOMENT_KEYS.contains(s.key) && r.nextBoolean()) {
        set(s, randomMoment(3));
        return;
      }
      if ("value".equals(s.key)
          && s.parent.path("type").asText().equals("text")
          && r.nextBoolean()) {
        set(s, Json.MAPPER.getNodeFactory().textNode(wordless()));
        return;
      }
      switch (r.nextInt(14)) {
        case 0 -> remove(s);
        case 1 -> {
          if (s.parent instanceof ObjectNode o) {
            JsonNode v = o.remove(s.key);
            o.set(r.nextBoolean() ? KEYS.get(r.nextInt(KEYS.size())) : typo(s.key), v);
          }
        }
        case 2 -> set(s, randomJson(2));
        case 3 -> set(s, randomScalar());
        case 4 -> set(s, hugeNumber());
        case 5 -> set(s, Json.MAPPER.getNodeFactory().textNode(randomString()));
        case 6 -> {
          if (current instanceof ObjectNode o) {
            o.put("type", TYPES.get(r.nextInt(TYPES.size())));
          } else {
            set(s, Json.MAPPER.getNodeFactory().textNode(TYPES.get(r.nextInt(TYPES.size()))));
          }
        }
        case 7 -> {
          JsonNode q = current;
          for (int k = 30 + r.nextInt(10); k > 0; k--) {
            q = r.nextBoolean() ? Q.and(q) : Q.related("contact", q);
          }
          set(s, q);
        }
        case 8 -> {
          ArrayNode many = Json.array();
          for (int k = r.nextInt(1100); k >= 0; k--) {
            many.add(current.deepCopy());
          }
          set(s, many);
        }
        case 9 -> {
          if (current instanceof ObjectNode o) {
            o.set("negate", randomScalar());
          }
        }
        case 10 -> {
          if (current instanceof ObjectNode o) {
            o.set(
                r.nextBoolean() ? KEYS.get(r.nextInt(KEYS.size())) : randomString(), randomJson(2));
          }
        }
        case 11 -> set(s, get(slots.get(r.nextInt(slots.size()))).deepCopy());
        case 12 -> set(s, randomMoment(3));
        default -> {
          if (current.isTextual() && !current.textValue().isEmpty()) {
            String t = current.textValue();
            int at = r.nextInt(t.length());
            set(
                s,
                Json.MAPPER
                    .getNodeFactory()
                    .textNode(t.substring(0, at) + randomString() + t.substring(at)));
          } else {
            set(s, Json.MAPPER.getNodeFactory().textNode(randomString()));
          }
        }
      }
    }

    private void collect(JsonNode n, List<Slot> into) {
      if (n instanceof ObjectNode o) {
        for (var it = o.fieldNames(); it.hasNext(); ) {
          String k = it.next();
          into.add(new Slot(o, k, -1));
          collect(o.get(k), into);
        }
      } else if (n instanceof ArrayNode a) {
        for (int k = 0; k < a.size(); k++) {
          into.add(new Slot(a, null, k));
          collect(a.get(k), into);
        }
      }
    }

    private static JsonNode get(Slot s) {
      return s.key != null ? s.parent.get(s.key) : s.parent.get(s.index);
    }

    private static void set(Slot s, JsonNode v) {
      if (s.parent instanceof ObjectNode o) {
        o.set(s.key, v);
      } else {
        ((ArrayNode) s.parent).set(s.index, v);
      }
    }

    private static void remove(Slot s) {
      if (s.parent instanceof ObjectNode o) {
        o.remove(s.key);
      } else {
        ((ArrayNode) s.parent).remove(s.index);
      }
    }

    private String typo(String key) {
      if (key.isEmpty()) {
        return "x";
      }
      return switch (r.nextInt(4)) {
        case 0 -> key.toUpperCase(java.util.Locale.ROOT);
        case 1 -> key.substring(1);
        case 2 -> key + "s";
        default -> " " + key;
      };
    }

    // ---------------------------------------------------------------------------- values

    JsonNode randomJson(int depth) {
      int pick = r.nextInt(depth <= 0 ? 6 : 9);
      return switch (pick) {
        case 6, 7 -> {
          ObjectNode o = Json.object();
          for (int k = r.nextInt(5); k > 0; k--) {
            String key = r.nextInt(3) > 0 ? KEYS.get(r.nextInt(KEYS.size())) : randomString();
            o.set(key, randomJson(depth - 1));
          }
          if (r.nextBoolean()) {
            o.put("type", TYPES.get(r.nextInt(TYPES.size())));
          }
          yield o;
        }
        case 8 -> {
          ArrayNode a = Json.array();
          for (int k = r.nextInt(5); k > 0; k--) {
            a.add(randomJson(depth - 1));
          }
          yield a;
        }
        default -> randomScalar();
      };
    }

    JsonNode randomScalar() {
      var f = Json.MAPPER.getNodeFactory();
      return switch (r.nextInt(7)) {
        case 0 -> f.nullNode();
        case 1 -> f.booleanNode(r.nextBoolean());
        case 2 -> f.numberNode(r.nextInt(401) - 200);
        case 3 -> hugeNumber();
        case 4 -> f.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
        default -> f.textNode(randomString());
      };
    }

    JsonNode hugeNumber() {
      var f = Json.MAPPER.getNodeFactory();
      return switch (r.nextInt(8)) {
        case 0 -> f.numberNode(BigInteger.TEN.pow(r.nextInt(400)));
        case 1 -> f.numberNode(BigInteger.TEN.pow(r.nextInt(400)).negate());
        case 2 -> f.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        case 3 -> f.numberNode(Long.MIN_VALUE);
        case 4 -> f.numberNode(Double.MAX_VALUE);
        case 5 -> f.numberNode(Double.MIN_VALUE);
        case 6 -> f.numberNode(new BigDecimal("1E-" + r.nextInt(400)));
        default -> f.numberNode(-0.0);
      };
    }

    /** A moment, sometimes a valid one, sometimes far out of range. */
    JsonNode randomMoment(int depth) {
      return switch (r.nextInt(depth <= 0 ? 3 : 4)) {
        case 0 -> Q.now();
        case 1 -> Q.utc(MOMENTS.get(r.nextInt(MOMENTS.size())));
        case 2 -> Q.day(MOMENTS.get(r.nextInt(MOMENTS.size())), r.nextBoolean() ? "start" : "end");
        default ->
            Q.offset(
                r.nextBoolean() ? "past" : "future",
                randomMoment(depth - 1),
                List.of("years", "months", "weeks", "days", "hours", "minutes", "seconds")
                    .get(r.nextInt(7)),
                r.nextInt(4) == 0 ? 100_000 : r.nextInt(1000));
      };
    }

    /** Text without a letter or digit: control characters (never NUL), punctuation, spaces. */
    String wordless() {
      String controls = "\u0001\u0002\u0007\u001b\u007f\u0085";
      String all = controls + " %_.*-/\\'\"()[]|^$\t";
      String from = r.nextBoolean() ? controls : all;
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(5); k >= 0; k--) {
        sb.append(from.charAt(r.nextInt(from.length())));
      }
      return sb.toString();
    }

    String randomString() {
      return switch (r.nextInt(6)) {
        case 0 -> STRINGS.get(r.nextInt(STRINGS.size()));
        case 1 -> DataSearchIT.INJECTIONS.get(r.nextInt(DataSearchIT.INJECTIONS.size()));
        case 2 -> {
          // Control characters (never NUL), whitespace and punctuation.
          StringBuilder sb = new StringBuilder();
          for (int k = r.nextInt(8); k >= 0; k--) {
            sb.append((char) (1 + r.nextInt(0x2f)));
          }
          yield sb.toString();
        }
        case 3 -> {
          // Any valid code points, supplementary ones included.
          StringBuilder sb = new StringBuilder();
          for (int k = r.nextInt(12); k >= 0; k--) {
            int cp;
            do {
              cp = 1 + r.nextInt(r.nextBoolean() ? 0x3000 : 0x10FFFF);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            sb.appendCodePoint(cp);
          }
          yield sb.toString();
        }
        case 4 -> "x".repeat(r.nextInt(3) == 0 ? 1001 + r.nextInt(100) : r.nextInt(300));
        default -> {
          String s = STRINGS.get(r.nextInt(STRINGS.size()));
          yield s + DataSearchIT.INJECTIONS.get(r.nextInt(DataSearchIT.INJECTIONS.size())) + s;
        }
      };
    }
  }
}
