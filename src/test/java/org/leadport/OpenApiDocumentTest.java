package org.leadport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leadport.testing.Exchange;
import org.leadport.testing.OpenApiContract;

/**
 * {@code openapi.yaml} is a valid OpenAPI 3.0 document, and the conformance checker the ITs use
 * catches what it must: an undocumented status, a lost required member, a wrong type, a wrong
 * content type, a missing required header.
 */
class OpenApiDocumentTest {
  static final OpenApiContract CONTRACT = OpenApiContract.repository();

  @Test
  void theDocumentIsValidOpenApi30() {
    assertThat(CONTRACT.messages()).isEmpty();
    assertThat(CONTRACT.api().getOpenapi()).startsWith("3.0.");
  }

  @Test
  void everyOperationHasAUniqueIdATagAndResponses() {
    Set<String> ids = new HashSet<>();
    Set<String> tags = new HashSet<>();
    CONTRACT.api().getTags().forEach(t -> tags.add(t.getName()));
    for (OpenApiContract.Op op : CONTRACT.operations()) {
      assertThat(op.id()).as(op.toString()).isNotBlank();
      assertThat(ids.add(op.id())).as("operationId %s is repeated", op.id()).isTrue();
      assertThat(op.operation().getTags()).as(op.toString()).hasSize(1);
      assertThat(tags).as(op.toString()).containsAll(op.operation().getTags());
      assertThat(op.operation().getResponses()).as(op.toString()).isNotEmpty();
      assertThat(op.operation().getResponses()).as(op.toString()).doesNotContainKey("default");
    }
  }

  @Test
  void everyDocumentedPublicOperationDocumentsTheRateLimitHeadersAndItsErrors() {
    for (OpenApiContract.Op op : CONTRACT.operations()) {
      var security = op.operation().getSecurity();
      boolean apiKey = security == null; // the document's default: an API key
      var responses = op.operation().getResponses();
      if (!apiKey || responses.keySet().equals(Set.of("405"))) {
        continue;
      }
      assertThat(responses).as(op.toString()).containsKeys("401", "403", "429");
      assertThat(responses.get("429").getHeaders()).as(op.toString()).containsKey("Retry-After");
      assertThat(responses.get("401").getHeaders())
          .as(op.toString())
          .containsKey("WWW-Authenticate");
      responses.forEach((status, r) -> {
        if (status.startsWith("2")) {
          assertThat(r.getHeaders())
              .as(op + " " + status)
              .containsKeys("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        }
      });
    }
  }

  @Test
  void requestsFindTheirOperationTheWayTheServerRoutesThem() {
    assertThat(id("GET", "/api/v1/leads/export")).isEqualTo("exportLeadsCsv");
    assertThat(id("GET", "/api/v1/leads/lead_1")).isEqualTo("getLead");
    assertThat(id("PATCH", "/api/v1/leads/export")).isEqualTo("patchLead");
    assertThat(id("POST", "/api/v1/export/lead")).isEqualTo("closeCreateLeadExport");
    // Close lists lead exports here (before issue 14 this path was read as export id "lead").
    assertThat(id("GET", "/api/v1/export/lead/")).isEqualTo("closeListLeadExports");
    assertThat(id("GET", "/api/v1/export/opportunity/expo_1"))
        .isEqualTo("closeGetOpportunityExport");
    assertThat(id("GET", "/api/v1/export/expo_1/")).isEqualTo("closeGetExport");
    assertThat(id("GET", "/api/v1/export")).isEqualTo("closeListExports");
    assertThat(id("POST", "/crm/v3/objects/deals/search/")).isEqualTo("hubspotSearch");
    assertThat(id("GET", "/api/v2/contacts/exports/abc.csv")).isEqualTo("jsonApiRenderCsv");
    assertThat(id("GET", "/api/v2/contacts/exports/abc.pdf")).isEqualTo("jsonApiGetExportLog");
    assertThat(id("HEAD", "/downloads/expo_1/leads-expo_1.csv")).isEqualTo("downloadHead");
    assertThat(CONTRACT.operation("PUT", "/api/v1/leads")).isEmpty();
    assertThat(CONTRACT.operation("GET", "/nowhere")).isEmpty();
  }

  @Test
  void aConformingResponsePasses() {
    assertThat(CONTRACT.check(workspace(201, json(), WORKSPACE))).isEmpty();
    assertThat(CONTRACT.check(error(400, "application/json"))).isEmpty();
  }

  @Test
  void anUndocumentedStatusFails() {
    assertThat(CONTRACT.check(workspace(202, json(), WORKSPACE)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("status 202 is not documented");
  }

  @Test
  void aLostRequiredMemberFails() {
    String body = "{\"id\":\"ws_1\",\"name\":\"acme\",\"status\":\"active\"}";
    assertThat(CONTRACT.check(workspace(201, json(), body)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("required member created_at is missing");
  }

  @Test
  void aWrongTypeOrValueFails() {
    String body =
        "{\"id\":\"ws_1\",\"name\":7,\"status\":\"gone\",\"created_at\":\"2026-02-18T13:04:05Z\"}";
    assertThat(CONTRACT.check(workspace(201, json(), body)))
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("$.name: an integer where string is required"))
        .anySatisfy(m -> assertThat(m).contains("$.status: \"gone\" is not one of"));
  }

  @Test
  void aNestedProblemNamesItsPath() {
    String lead =
        "{\"data\":[{\"id\":\"lead_1\",\"name\":null,\"display_name\":\"\",\"status_id\":null,"
            + "\"status_label\":null,\"url\":null,\"description\":null,\"source\":null,"
            + "\"medium\":null,\"campaign\":null,\"custom\":{},\"contacts\":[{\"id\":\"cont_1\","
            + "\"lead_id\":\"lead_1\",\"name\":\"Ann\",\"first_name\":\"Ann\","
            + "\"last_name\":null,\"title\":null,\"emails\":[{\"type\":null}],"
            + "\"phones\":[],\"urls\":[]}],\"opportunities\":[],\"activities\":[],\"addresses\":[],"
            + "\"created_at\":\"2026-02-18T13:04:05Z\",\"updated_at\":\"not a time\","
            + "\"deleted_at\":null}],\"has_more\":false,\"next_cursor\":null}";
    Exchange e =
        new Exchange(
            "GET",
            "/api/v1/leads",
            null,
            200,
            headers(
                Map.of(
                    "Content-Type", "application/json",
                    "X-Request-Id", "req_1",
                    "X-RateLimit-Limit", "600",
                    "X-RateLimit-Remaining", "599",
                    "X-RateLimit-Reset", "2026-02-18T13:05:00Z")),
            lead.getBytes(StandardCharsets.UTF_8));
    assertThat(CONTRACT.check(e))
        .hasSize(2)
        .anySatisfy(
            m -> assertThat(m).contains("$.data[0].contacts[0].emails[0]: required member email"))
        .anySatisfy(
            m -> assertThat(m).contains("$.data[0].updated_at: \"not a time\" is not a date-time"));
  }

  @Test
  void anUndocumentedContentTypeFails() {
    assertThat(CONTRACT.check(workspace(201, "text/html", "<html></html>")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Content-Type text/html is not documented");
  }

  @Test
  void aMissingRequiredHeaderFails() {
    Exchange e =
        new Exchange(
            "GET",
            "/api/v1/statuses",
            null,
            429,
            headers(Map.of("Content-Type", "application/json", "X-Request-Id", "req_1")),
            ERROR.getBytes(StandardCharsets.UTF_8));
    assertThat(CONTRACT.check(e))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("required header Retry-After is missing");
  }

  @Test
  void anotherSurfacesErrorShapeFails() {
    Exchange e =
        new Exchange(
            "POST",
            "/crm/v3/objects/contacts/search",
            null,
            400,
            headers(Map.of("Content-Type", "application/json", "X-Request-Id", "req_1")),
            ERROR.getBytes(StandardCharsets.UTF_8));
    assertThat(CONTRACT.check(e))
        .anySatisfy(m -> assertThat(m).contains("required member correlationId is missing"));
  }

  @Test
  void undocumentedPathsAndMethodsPassOnlyAsTheCatchAllErrors() {
    assertThat(CONTRACT.check(error(404, "/nowhere", "GET"))).isEmpty();
    assertThat(CONTRACT.check(error(405, "/api/v1/leads", "PUT"))).isEmpty();
    assertThat(CONTRACT.check(error(200, "/nowhere", "GET")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("is not a documented operation, so only a 404 may answer it");
    assertThat(CONTRACT.check(error(404, "/api/v1/leads", "PUT")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("only a 405 may answer it");
  }

  @Test
  void theHttpLayersMalformedRequestAnswerPassesOnAnyPathButOnlyInTheNativeShape() {
    String malformed =
        "{\"code\":\"malformed_request\",\"message\":\"The request cannot be read.\","
            + "\"request_id\":\"req_1\"}";
    assertThat(CONTRACT.check(exchange(400, "/nowhere/..;/x", malformed))).isEmpty();
    assertThat(CONTRACT.check(exchange(400, "/console/a\u0000.html", malformed))).isEmpty();
    // Jetty's own 414 for a request line too long, in the same shape.
    assertThat(CONTRACT.check(exchange(414, "/api/v1/leads", malformed))).isEmpty();
    assertThat(CONTRACT.check(exchange(414, "/api/v1/leads", ERROR))).isNotEmpty();
    assertThat(CONTRACT.check(exchange(400, "/nowhere", ERROR)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("only a 404 may answer it");
    assertThat(
            CONTRACT.check(
                exchange(400, "/nowhere", "{\"code\":\"malformed_request\",\"message\":\"x\"}")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("required member request_id is missing");
  }

  @Test
  void consoleFilesAreDocumentedOperations() {
    assertThat(id("GET", "/console")).isEqualTo("consolePage");
    assertThat(id("GET", "/console/")).isEqualTo("consoleSlash");
    assertThat(id("GET", "/console/console.js")).isEqualTo("consoleFile");
    assertThat(id("HEAD", "/console/console.css")).isEqualTo("consoleFileHead");
    assertThat(CONTRACT.operation("GET", "/console/a/b.js")).isEmpty();
  }

  @Test
  void routeCoverageFindsAnUndocumentedRouteAndAnUnservedOperation() {
    List<String> routes =
        List.of("GET /healthz", "GET /api/v1/leads/{id}", "POST /api/v1/secret-new-thing");
    assertThat(CONTRACT.undocumented(routes)).containsExactly("POST /api/v1/secret-new-thing");
    assertThat(CONTRACT.unserved(routes)).contains("GET /metrics (path /metrics)");
    assertThat(CONTRACT.undocumented(List.of("GET /downloads/<rest>", "POST /api/v1/export/lead")))
        .isEmpty();
  }

  static final String WORKSPACE =
      "{\"id\":\"ws_1\",\"name\":\"acme\",\"status\":\"active\","
          + "\"created_at\":\"2026-02-18T13:04:05Z\"}";
  static final String ERROR =
      "{\"code\":\"invalid_parameter\",\"message\":\"no\",\"param\":\"name\","
          + "\"request_id\":\"req_1\"}";

  static String id(String method, String path) {
    return CONTRACT.operation(method, path).orElseThrow().id();
  }

  static String json() {
    return "application/json";
  }

  static Exchange workspace(int status, String contentType, String body) {
    return new Exchange(
        "POST",
        "/admin/v1/workspaces",
        null,
        status,
        headers(Map.of("Content-Type", contentType, "X-Request-Id", "req_1")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  static Exchange error(int status, String contentType) {
    return new Exchange(
        "POST",
        "/admin/v1/workspaces",
        null,
        status,
        headers(Map.of("Content-Type", contentType, "X-Request-Id", "req_1")),
        ERROR.getBytes(StandardCharsets.UTF_8));
  }

  static Exchange error(int status, String path, String method) {
    return new Exchange(
        method,
        path,
        null,
        status,
        headers(Map.of("Content-Type", "application/json", "X-Request-Id", "req_1")),
        ERROR.getBytes(StandardCharsets.UTF_8));
  }

  static Exchange exchange(int status, String path, String body) {
    return new Exchange(
        "GET",
        path,
        null,
        status,
        headers(Map.of("Content-Type", "application/json", "X-Request-Id", "req_1")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    values.forEach((k, v) -> map.put(k, List.of(v)));
    return HttpHeaders.of(map, (a, b) -> true);
  }
}
