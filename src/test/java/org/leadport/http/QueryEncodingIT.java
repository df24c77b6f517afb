package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.testing.RawHttp;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * A query parameter whose percent-encoding is malformed (a {@code %} without two hex digits, bytes
 * that are not UTF-8) is a 400 naming it on every surface, in that surface's error shape, instead
 * of being decoded leniently into another value (a corrupted cursor used to restart the export).
 * Sent over a bare socket: Java's HTTP client refuses such URLs.
 */
class QueryEncodingIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("encoding");
    server.seed(t.workspaceId(), 3, 7);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Reply get(String target) {
    return RawHttp.send(
        server.url(""), "GET", target, Map.of("Authorization", "Bearer " + t.key()));
  }

  /** Malformed values, and the parameter each is named by. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cursor=%%%|cursor",
        "cursor=%zz|cursor",
        "cursor=abc%|cursor",
        "cursor=%C3%28|cursor",
        "cursor=%FF|cursor",
        "limit=5&cursor=%e|cursor",
        "search=caf%C3|search",
        "%zz=1|%zz",
      })
  void syncExportAndNativeApi(String query, String param) {
    assertError(get("/api/v1/leads/export?" + query), 400, "invalid_parameter", param);
    assertError(get("/api/v1/leads?" + query), 400, "invalid_parameter", param);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"_skip=%%%|_skip", "_limit=%zz|_limit", "_fields=%C3%28|_fields"})
  void close(String query, String param) {
    Reply r = get("/api/v1/export/?" + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.text()).contains(param).contains("percent-encoding");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"after=%%%|after", "archived=%zz|archived", "x=%C3%28|x"})
  void hubSpot(String query, String param) {
    Reply r = get("/crm/v3/exports/export/async/tasks/1/status?" + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    JsonNode body = r.json();
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(body.path("correlationId").asText()).isNotEmpty();
    assertThat(body.path("message").asText()).contains(param);
    assertThat(body.path("errors").get(0).path("in").asText()).isEqualTo(param);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "include=%%%|include",
        "fields%5Bexport_logs%5D=%zz|fields[export_logs]",
        "x=%C3%28|x"
      })
  void jsonApi(String query, String param) {
    for (String path :
        new String[] {"/api/v2/contacts/exports/nope", "/api/v2/contacts/exports/nope.csv"}) {
      Reply r = get(path + "?" + query);
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/vnd.api+json");
      JsonNode error = r.json().path("errors").get(0);
      assertThat(error.path("status").asText()).isEqualTo("400");
      assertThat(error.path("code").asText()).isEqualTo("invalid_parameter");
      assertThat(error.path("detail").asText()).contains(param);
      assertThat(error.path("source").path("parameter").asText()).isEqualTo(param);
    }
  }

  /**
   * Every route the server registers (not only those above), by every method it has,
   * unauthenticated and without a body: a malformed parameter is refused before anything else looks
   * at the request, as a 400 whose body names the parameter (HEAD has no body).
   */
  @Test
  void everyRegisteredRouteRefusesAMalformedParameterNamingIt() {
    List<String> routes = server.leadport().routes();
    assertThat(routes).hasSizeGreaterThan(40);
    List<String> wrong = new ArrayList<>();
    for (String route : routes) {
      int space = route.indexOf(' ');
      String method = route.substring(0, space);
      // Path parameters ({id}, <rest>) get a plausible value; the check runs before the handler.
      String path =
          route.substring(space + 1).replaceAll("\\{[^}/]+}", "x1").replaceAll("<[^>]+>", "x1/f");
      Map<String, String> headers =
          method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
              ? Map.of()
              : Map.of("Content-Length", "0");
      Reply r = RawHttp.send(server.url(""), method, path + "?ok=1&odd=%zz", headers);
      boolean named =
          method.equals("HEAD") || r.text().contains("Query parameter odd is not valid");
      if (r.status() != 400 || !named) {
        wrong.add(route + " -> " + r.status() + " " + r.text());
      }
    }
    assertThat(wrong).as("routes that took a malformed query parameter").isEmpty();
  }

  @Test
  void wellFormedEncodingsStillWork() {
    Reply r = get("/api/v1/leads/export?search=%25&source=caf%C3%A9+x");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(get("/api/v1/leads?limit=%32").status()).isEqualTo(200);
  }
}
