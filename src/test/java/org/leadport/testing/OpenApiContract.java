package org.leadport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leadport.json.Json;

/**
 * The repository's {@code openapi.yaml}, parsed by swagger-parser with every {@code $ref} resolved,
 * and what the tests check against it: which documented operation an exchange is, whether the
 * exchange conforms (status, required headers, content type, JSON body), and whether the server's
 * route table and the document's paths cover each other.
 *
 * <p>A path item's {@code x-leadport-routes} names the server routes (Javalin syntax) it stands
 * for; without it, the path itself. Paths that are a special case of another path's route (the
 * JSON:API {@code {id}.csv}) say {@code []}. Immutable and thread-safe once loaded.
 */
public final class OpenApiContract {
  /** The document at the repository root (the working directory of Surefire and Failsafe). */
  public static final Path FILE = Path.of("openapi.yaml");

  private static final Set<String> JSON_TYPES =
      Set.of("application/json", "application/vnd.api+json");

  /**
   * The code of the HTTP layer's answer to a request it cannot read, which comes before routing and
   * so may answer any path (the document's introduction says so).
   */
  static final String MALFORMED = "malformed_request";

  private static final Pattern TEMPLATE = Pattern.compile("\\{[^}/]+}|<[^>/]+>");
  private static volatile OpenApiContract repository;

  /** A documented operation. */
  public record Op(String path, String method, Operation operation) {
    public String id() {
      return operation.getOperationId();
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + id() + ")";
    }
  }

  private record PathPattern(Pattern regex, int literals, String path) {}

  private final OpenAPI api;
  private final List<String> messages;
  private final List<PathPattern> matchers = new ArrayList<>();
  private final Map<String, PathItem> items = new LinkedHashMap<>();

  private OpenApiContract(SwaggerParseResult result) {
    this.api = result.getOpenAPI();
    this.messages = result.getMessages() == null ? List.of() : List.copyOf(result.getMessages());
    if (api == null || api.getPaths() == null) {
      return;
    }
    api.getPaths()
        .forEach((path, item) -> {
          items.put(path, item);
          Set<String> patterns = new LinkedHashSet<>();
          patterns.add(path);
          patterns.addAll(routes(path, item));
          for (String p : patterns) {
            matchers.add(new PathPattern(regex(p), literals(p), path));
          }
        });
    // The most literal characters first: /api/v1/leads/export before /api/v1/leads/{id}.
    matchers.sort(Comparator.comparingInt(PathPattern::literals).reversed());
  }

  /** The repository's document, parsed once. */
  public static OpenApiContract repository() {
    OpenApiContract c = repository;
    if (c == null) {
      synchronized (OpenApiContract.class) {
        c = repository;
        if (c == null) {
          c = parse(read(FILE));
          repository = c;
        }
      }
    }
    return c;
  }

  /** A document given as text. */
  public static OpenApiContract parse(String yaml) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    options.setResolveCombinators(false);
    return new OpenApiContract(new OpenAPIV3Parser().readContents(yaml, null, options));
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** swagger-parser's messages: what makes the document invalid. */
  public List<String> messages() {
    return messages;
  }

  public OpenAPI api() {
    return api;
  }

  /** Every documented operation. */
  public List<Op> operations() {
    List<Op> out = new ArrayList<>();
    items.forEach((path, item) ->
        item.readOperationsMap().forEach((method, op) -> out.add(new Op(path, method.name(), op))));
    return out;
  }

  /** The documented operation a request is, if any: the most literal path that has the method. */
  public Optional<Op> operation(String method, String path) {
    String m = method.toUpperCase(Locale.ROOT);
    for (PathPattern matcher : matchers) {
      if (!matcher.regex().matcher(path).matches()) {
        continue;
      }
      Operation op = operation(items.get(matcher.path()), m);
      if (op != null) {
        return Optional.of(new Op(matcher.path(), m, op));
      }
    }
    return Optional.empty();
  }

  /** Whether some documented path (or a route it stands for) matches {@code path}. */
  public boolean pathDocumented(String path) {
    return matchers.stream().anyMatch(m -> m.regex().matcher(path).matches());
  }

  /**
   * The problems of one exchange; empty when it conforms. An exchange that is no documented
   * operation conforms only as the document's catch-alls: a 405 for a documented path, a 404 for
   * any other, both in the native error shape. A 400 {@code malformed_request} (the HTTP layer's
   * own refusal of an unreadable request), or a 414 of it for a request line too long, conforms on
   * any path.
   */
  public List<String> check(Exchange e) {
    List<String> out = new ArrayList<>();
    if ((e.status() == 400 || e.status() == 414) && MALFORMED.equals(errorCode(e))) {
      checkBody(e, Map.of("application/json", nativeError()), out, e.toString());
      return out;
    }
    Optional<Op> found = operation(e.method(), e.path());
    if (found.isEmpty()) {
      int expected = pathDocumented(e.path()) ? 405 : 404;
      if (e.status() != expected) {
        out.add(
            e
                + ": "
                + e.method()
                + " "
                + e.path()
                + " is not a documented operation, so only a "
                + expected
                + " may answer it");
        return out;
      }
      checkBody(e, Map.of("application/json", nativeError()), out, e.toString());
      return out;
    }
    Op op = found.get();
    String where = e + " [" + op.id() + "]";
    ApiResponse response =
        op.operation().getResponses() == null
            ? null
            : op.operation().getResponses().get(Integer.toString(e.status()));
    if (response == null) {
      out.add(
          where
              + ": status "
              + e.status()
              + " is not documented; documented are "
              + op.operation().getResponses().keySet());
      return out;
    }
    if (response.getHeaders() != null) {
      response
          .getHeaders()
          .forEach((name, header) -> {
            if (required(header) && e.header(name) == null) {
              out.add(where + ": required header " + name + " is missing");
            }
          });
    }
    Map<String, MediaType> content = new LinkedHashMap<>();
    if (response.getContent() != null) {
      content.putAll(response.getContent());
    }
    checkBody(e, content, out, where);
    return out;
  }

  private void checkBody(
      Exchange e, Map<String, MediaType> content, List<String> out, String where) {
    if (e.method().equals("HEAD")) {
      return;
    }
    if (e.body().length == 0) {
      if (!content.isEmpty() && content.keySet().stream().allMatch(JSON_TYPES::contains)) {
        out.add(where + ": empty body where " + content.keySet() + " is documented");
      }
      return;
    }
    if (content.isEmpty()) {
      out.add(where + ": a body of " + e.body().length + " bytes where none is documented");
      return;
    }
    String header = e.header("Content-Type");
    String type = header == null ? "" : mediaType(header);
    MediaType media = content.get(type);
    if (media == null) {
      out.add(
          where
              + ": Content-Type "
              + header
              + " is not documented; documented are "
              + content.keySet());
      return;
    }
    if (!JSON_TYPES.contains(type)
        || media.getSchema() == null
        || "string".equals(media.getSchema().getType())
        || e.header("Content-Encoding") != null) {
      return; // a file, not a JSON document to check
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(e.body());
    } catch (IOException ex) {
      out.add(where + ": the " + type + " body is not JSON: " + ex.getMessage());
      return;
    }
    for (String problem : SchemaCheck.check(body, media.getSchema())) {
      out.add(where + ": " + problem);
    }
  }

  /** The {@code code} of a JSON error body, or null. */
  private static String errorCode(Exchange e) {
    try {
      return Json.MAPPER.readTree(e.body()).path("code").textValue();
    } catch (IOException | RuntimeException ex) {
      return null;
    }
  }

  private MediaType nativeError() {
    return new MediaType().schema(api.getComponents().getSchemas().get("Error"));
  }

  /** The routes a path item stands for. */
  public static List<String> routes(String path, PathItem item) {
    Object routes =
        item.getExtensions() == null ? null : item.getExtensions().get("x-leadport-routes");
    if (routes == null) {
      return List.of(path);
    }
    if (!(routes instanceof List<?> list)) {
      throw new IllegalStateException(path + ": x-leadport-routes must be a list");
    }
    return list.stream().map(Object::toString).toList();
  }

  /**
   * The server routes ({@code "GET /api/v1/leads/{id}"}) that no documented operation stands for.
   */
  public Set<String> undocumented(List<String> serverRoutes) {
    Set<String> documented = new TreeSet<>();
    items.forEach((path, item) -> {
      for (String route : routes(path, item)) {
        item.readOperationsMap()
            .keySet()
            .forEach(m -> documented.add(m.name() + " " + normalize(route)));
      }
    });
    Set<String> out = new TreeSet<>();
    for (String r : serverRoutes) {
      if (!documented.contains(normalizeRoute(r))) {
        out.add(r);
      }
    }
    return out;
  }

  /** The documented operations whose routes the server does not have. */
  public Set<String> unserved(List<String> serverRoutes) {
    Set<String> served = new TreeSet<>();
    serverRoutes.forEach(r -> served.add(normalizeRoute(r)));
    Set<String> out = new TreeSet<>();
    items.forEach((path, item) -> {
      for (String route : routes(path, item)) {
        item.readOperationsMap()
            .keySet()
            .forEach(m -> {
              String key = m.name() + " " + normalize(route);
              if (!served.contains(key)) {
                out.add(key + " (path " + path + ")");
              }
            });
      }
    });
    return out;
  }

  private static String normalizeRoute(String route) {
    int space = route.indexOf(' ');
    return route.substring(0, space) + " " + normalize(route.substring(space + 1));
  }

  /** A route or path with every parameter written {@code {}}. */
  static String normalize(String path) {
    return TEMPLATE.matcher(path).replaceAll("{}");
  }

  private static Pattern regex(String template) {
    StringBuilder re = new StringBuilder();
    Matcher m = TEMPLATE.matcher(template);
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(template.substring(last, m.start())));
      re.append(m.group().startsWith("<") ? ".+" : "[^/]+");
      last = m.end();
    }
    re.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(re.toString());
  }

  private static int literals(String template) {
    return TEMPLATE.matcher(template).replaceAll("").length();
  }

  private static Operation operation(PathItem item, String method) {
    return switch (method) {
      case "GET" -> item.getGet();
      case "POST" -> item.getPost();
      case "PUT" -> item.getPut();
      case "PATCH" -> item.getPatch();
      case "DELETE" -> item.getDelete();
      case "HEAD" -> item.getHead();
      case "OPTIONS" -> item.getOptions();
      case "TRACE" -> item.getTrace();
      default -> null;
    };
  }

  private static boolean required(Header h) {
    return Boolean.TRUE.equals(h.getRequired());
  }

  /** {@code text/csv; charset=utf-8} → {@code text/csv}. */
  static String mediaType(String header) {
    return header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }
}
