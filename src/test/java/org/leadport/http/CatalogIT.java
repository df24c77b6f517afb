package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.http.AdminIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** The workspace catalog: lead statuses and custom field definitions, and values on leads. */
class CatalogIT {
  static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

  static TestServer server;

  /** A tenant with one field of every type, used by the value tests. */
  static Tenant t;

  static String statusId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("catalog");
    statusId =
        created(call(t, "POST", "/api/v1/statuses", "{\"label\":\"Open\"}")).path("id").asText();
    created(call(t, "POST", "/api/v1/custom_fields", "{\"name\":\"Txt\",\"type\":\"text\"}"));
    created(call(t, "POST", "/api/v1/custom_fields", "{\"name\":\"Num\",\"type\":\"number\"}"));
    created(call(t, "POST", "/api/v1/custom_fields", "{\"name\":\"Day\",\"type\":\"date\"}"));
    created(call(t, "POST", "/api/v1/custom_fields", "{\"name\":\"When\",\"type\":\"datetime\"}"));
    created(
        call(
            t,
            "POST",
            "/api/v1/custom_fields",
            "{\"name\":\"Tier\",\"type\":\"choices\",\"choices\":[\"Gold\",\"Silver\"]}"));
    created(call(t, "POST", "/api/v1/custom_fields", "{\"name\":\"Flag\",\"type\":\"boolean\"}"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------- statuses

  @Test
  void statusLifecycle() {
    Tenant s = server.tenant("status-lifecycle");
    Reply first = call(s, "POST", "/api/v1/statuses", "{\"label\":\"Potential\"}");
    JsonNode potential = created(first);
    String id = potential.path("id").asText();
    assertThat(id).startsWith("stat_").hasSize(5 + 22);
    assertThat(potential.path("label").asText()).isEqualTo("Potential");
    assertThat(potential.path("type").asText()).isEqualTo("active");
    assertThat(potential.path("position").asInt()).isZero();
    assertThat(potential.path("created_at").asText()).matches(TIMESTAMP);
    assertThat(potential.path("updated_at")).isEqualTo(potential.path("created_at"));

    JsonNode customer =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Customer\",\"type\":\"won\"}"));
    assertThat(customer.path("type").asText()).isEqualTo("won");
    assertThat(customer.path("position").asInt()).isEqualTo(1);
    JsonNode badFit =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Bad Fit\",\"type\":\"lost\"}"));
    assertThat(badFit.path("type").asText()).isEqualTo("lost");
    assertThat(badFit.path("position").asInt()).isEqualTo(2);

    assertThat(labels(s)).containsExactly("Potential", "Customer", "Bad Fit");
    Reply got = call(s, "GET", "/api/v1/statuses/" + id, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(potential);

    assertError(
        call(s, "POST", "/api/v1/statuses", "{\"label\":\"Potential\",\"type\":\"won\"}"),
        409,
        "status_exists",
        null);
    assertThat(labels(s)).containsExactly("Potential", "Customer", "Bad Fit");

    Reply renamed = call(s, "PATCH", "/api/v1/statuses/" + id, "{\"label\":\"Lead\"}");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().path("label").asText()).isEqualTo("Lead");
    assertThat(renamed.json().path("type").asText()).isEqualTo("active");
    assertThat(renamed.json().path("position").asInt()).isZero();
    assertThat(renamed.json().path("created_at")).isEqualTo(potential.path("created_at"));
    assertThat(renamed.json().path("updated_at").asText())
        .isGreaterThanOrEqualTo(potential.path("updated_at").asText());

    Reply retyped = call(s, "PATCH", "/api/v1/statuses/" + id, "{\"type\":\"lost\"}");
    assertThat(retyped.status()).as(retyped.toString()).isEqualTo(200);
    assertThat(retyped.json().path("label").asText()).isEqualTo("Lead");
    assertThat(retyped.json().path("type").asText()).isEqualTo("lost");

    Reply moved = call(s, "PATCH", "/api/v1/statuses/" + id, "{\"position\":5}");
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().path("position").asInt()).isEqualTo(5);
    assertThat(moved.json().path("label").asText()).isEqualTo("Lead");
    assertThat(moved.json().path("type").asText()).isEqualTo("lost");
    assertThat(labels(s)).containsExactly("Customer", "Bad Fit", "Lead");
    assertThat(call(s, "GET", "/api/v1/statuses/" + id, null).json()).isEqualTo(moved.json());

    assertError(
        call(s, "PATCH", "/api/v1/statuses/" + id, "{\"label\":\"Customer\"}"),
        409,
        "status_exists",
        null);
    assertThat(call(s, "GET", "/api/v1/statuses/" + id, null).json()).isEqualTo(moved.json());

    // A new status goes after the highest position.
    JsonNode later = created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Later\"}"));
    assertThat(later.path("position").asInt()).isEqualTo(6);

    assertThat(call(s, "DELETE", "/api/v1/statuses/" + id, null).status()).isEqualTo(204);
    assertError(call(s, "GET", "/api/v1/statuses/" + id, null), 404, "not_found", null);
    assertError(call(s, "DELETE", "/api/v1/statuses/" + id, null), 404, "not_found", null);
    assertError(
        call(s, "PATCH", "/api/v1/statuses/" + id, "{\"label\":\"Gone\"}"), 404, "not_found", null);
    assertThat(labels(s)).containsExactly("Customer", "Bad Fit", "Later");
    // The freed label can be used again.
    created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Lead\"}"));
  }

  @Test
  void labelsDifferingOnlyInCaseAreTaken() {
    // Leads name statuses by label without regard to case, so such labels would be ambiguous.
    Tenant s = server.tenant("status-case");
    String potential =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Potential\"}"))
            .path("id")
            .asText();
    String won =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Won\",\"type\":\"won\"}"))
            .path("id")
            .asText();
    assertError(
        call(s, "POST", "/api/v1/statuses", "{\"label\":\"potential\"}"),
        409,
        "status_exists",
        null);
    assertError(
        call(s, "PATCH", "/api/v1/statuses/" + won, "{\"label\":\"POTENTIAL\"}"),
        409,
        "status_exists",
        null);
    assertThat(labels(s)).containsExactly("Potential", "Won");
    // A status may change the case of its own label, and other members without renaming.
    Reply own = call(s, "PATCH", "/api/v1/statuses/" + potential, "{\"label\":\"POTENTIAL\"}");
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(own.json().path("label").asText()).isEqualTo("POTENTIAL");
    Reply retyped = call(s, "PATCH", "/api/v1/statuses/" + potential, "{\"type\":\"lost\"}");
    assertThat(retyped.status()).as(retyped.toString()).isEqualTo(200);
    JsonNode lead =
        created(
            call(s, "POST", "/api/v1/leads", "{\"name\":\"L\",\"status_label\":\"potential\"}"));
    assertThat(lead.path("status_id").asText()).isEqualTo(potential);
  }

  @Test
  void newLeadsGetTheFirstStatusAndStatusesInUseStay() {
    Tenant s = server.tenant("status-in-use");
    // Without any status a lead has none.
    JsonNode bare = created(call(s, "POST", "/api/v1/leads", "{\"name\":\"Bare\"}"));
    assertThat(bare.path("status_id").isNull()).isTrue();
    assertThat(bare.path("status_label").isNull()).isTrue();

    String first =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"First\"}")).path("id").asText();
    String second =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Second\"}")).path("id").asText();
    JsonNode a = created(call(s, "POST", "/api/v1/leads", "{\"name\":\"A\"}"));
    assertThat(a.path("status_id").asText()).isEqualTo(first);
    assertThat(a.path("status_label").asText()).isEqualTo("First");
    JsonNode b =
        created(call(s, "POST", "/api/v1/leads", "{\"name\":\"B\",\"status_label\":\"Second\"}"));
    assertThat(b.path("status_id").asText()).isEqualTo(second);

    assertError(call(s, "DELETE", "/api/v1/statuses/" + second, null), 409, "status_in_use", null);
    assertError(call(s, "DELETE", "/api/v1/statuses/" + first, null), 409, "status_in_use", null);
    assertThat(call(s, "GET", "/api/v1/statuses/" + second, null).status()).isEqualTo(200);

    // Reordering changes which status new leads get.
    assertThat(call(s, "PATCH", "/api/v1/statuses/" + first, "{\"position\":10}").status())
        .isEqualTo(200);
    JsonNode c = created(call(s, "POST", "/api/v1/leads", "{\"name\":\"C\"}"));
    assertThat(c.path("status_id").asText()).isEqualTo(second);
    assertThat(c.path("status_label").asText()).isEqualTo("Second");

    // A renamed status shows its new label on the leads that have it.
    call(s, "PATCH", "/api/v1/statuses/" + second, "{\"label\":\"Renamed\"}");
    assertThat(
            call(s, "GET", "/api/v1/leads/" + b.path("id").asText(), null)
                .json()
                .path("status_label")
                .asText())
        .isEqualTo("Renamed");

    // Once no lead has it, it can go.
    for (JsonNode lead : List.of(b, c)) {
      Reply moved =
          call(
              s,
              "PATCH",
              "/api/v1/leads/" + lead.path("id").asText(),
              "{\"status_id\":\"" + first + "\"}");
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }
    assertThat(call(s, "DELETE", "/api/v1/statuses/" + second, null).status()).isEqualTo(204);
    assertThat(labels(s)).containsExactly("First");
  }

  @Test
  void aStatusOfADeletedLeadIsStillInUse() {
    Tenant s = server.tenant("status-tombstone");
    String id =
        created(call(s, "POST", "/api/v1/statuses", "{\"label\":\"Only\"}")).path("id").asText();
    String lead =
        created(call(s, "POST", "/api/v1/leads", "{\"name\":\"Gone\"}")).path("id").asText();
    assertThat(call(s, "DELETE", "/api/v1/leads/" + lead, null).status()).isEqualTo(204);
    // The tombstone still names the status (incremental exports report it): a 409, not a 500.
    assertError(call(s, "DELETE", "/api/v1/statuses/" + id, null), 409, "status_in_use", null);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"label\":\"X\",\"type\":\"open\"}|type",
        "{\"label\":\"X\",\"type\":\"WON\"}|type",
        "{\"label\":\"X\",\"type\":5}|type",
        "{\"label\":\"X\",\"type\":[\"won\"]}|type",
        "{}|label",
        "{\"label\":\"\"}|label",
        "{\"label\":\"   \"}|label",
        "{\"label\":null}|label",
        "{\"label\":5}|label",
        "{\"label\":{\"en\":\"X\"}}|label",
        "{\"label\":\"X\",\"position\":1}|position",
        "{\"label\":\"X\",\"id\":\"stat_mine\"}|id",
        "[]|''",
        "\"Potential\"|''",
      })
  void rejectsBadStatusBodies(String body, String param) {
    assertError(call(t, "POST", "/api/v1/statuses", body), 400, "invalid_parameter", param);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"open\"}|type",
        "{\"type\":null,\"label\":7}|label",
        "{\"label\":\"\"}|label",
        "{\"label\":\"  \"}|label",
        "{\"position\":-1}|position",
        "{\"position\":10001}|position",
        "{\"position\":1.5}|position",
        "{\"position\":\"1\"}|position",
        "{\"position\":true}|position",
        "{\"id\":\"stat_other\"}|id",
        "{\"created_at\":\"2026-01-01T00:00:00Z\"}|created_at",
        "[]|''",
      })
  void rejectsBadStatusPatches(String body, String param) {
    assertError(
        call(t, "PATCH", "/api/v1/statuses/" + statusId, body), 400, "invalid_parameter", param);
    JsonNode unchanged = call(t, "GET", "/api/v1/statuses/" + statusId, null).json();
    assertThat(unchanged.path("label").asText()).isEqualTo("Open");
    assertThat(unchanged.path("type").asText()).isEqualTo("active");
    assertThat(unchanged.path("position").asInt()).isZero();
  }

  @Test
  void statusRequestsWithBrokenJsonOrStrayParameters() {
    assertError(call(t, "POST", "/api/v1/statuses", "{\"label\":"), 400, "invalid_json", null);
    assertError(
        call(t, "POST", "/api/v1/statuses", "{\"label\":\"A\",\"label\":\"B\"}"),
        400,
        "invalid_json",
        null);
    assertError(
        call(t, "GET", "/api/v1/statuses?limit=5", null), 400, "invalid_parameter", "limit");
    assertError(
        call(t, "GET", "/api/v1/statuses/" + statusId + "?x=1", null),
        400,
        "invalid_parameter",
        "x");
    assertError(call(t, "GET", "/api/v1/statuses/stat_nope", null), 404, "not_found", null);
    assertError(
        call(t, "PATCH", "/api/v1/statuses/stat_nope", "{\"label\":\"Z\"}"),
        404,
        "not_found",
        null);
    assertError(call(t, "DELETE", "/api/v1/statuses/stat_nope", null), 404, "not_found", null);
  }

  // ----------------------------------------------------------- custom fields

  @ParameterizedTest
  @ValueSource(strings = {"text", "number", "date", "datetime", "boolean"})
  void createsAFieldOfEachType(String type) {
    Tenant s = server.tenant("field-type-" + type);
    Reply r =
        call(s, "POST", "/api/v1/custom_fields", Json.object().put("name", "F").put("type", type));
    JsonNode f = created(r);
    assertThat(f.path("id").asText()).startsWith("cf_").hasSize(3 + 22);
    assertThat(f.path("name").asText()).isEqualTo("F");
    assertThat(f.path("type").asText()).isEqualTo(type);
    assertThat(f.path("choices").isArray()).isTrue();
    assertThat(f.path("choices")).isEmpty();
    assertThat(f.path("created_at").asText()).matches(TIMESTAMP);
    assertThat(f.path("updated_at")).isEqualTo(f.path("created_at"));
    Reply got = call(s, "GET", "/api/v1/custom_fields/" + f.path("id").asText(), null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(f);
    assertThat(call(s, "GET", "/api/v1/custom_fields", null).json().path("data"))
        .containsExactly(f);
  }

  @Test
  void choicesFieldLifecycle() {
    Tenant s = server.tenant("field-choices");
    JsonNode f =
        created(
            call(
                s,
                "POST",
                "/api/v1/custom_fields",
                "{\"name\":\"Size\",\"type\":\"choices\",\"choices\":[\"S\",\"M\",\"L\",\"Ü 大\"]}"));
    String id = f.path("id").asText();
    assertThat(f.path("type").asText()).isEqualTo("choices");
    assertThat(f.path("choices").toString()).isEqualTo("[\"S\",\"M\",\"L\",\"Ü 大\"]");
    assertThat(call(s, "GET", "/api/v1/custom_fields/" + id, null).json()).isEqualTo(f);

    assertError(
        call(s, "POST", "/api/v1/custom_fields", "{\"name\":\"Size\",\"type\":\"text\"}"),
        409,
        "custom_field_exists",
        null);

    JsonNode lead =
        created(call(s, "POST", "/api/v1/leads", "{\"name\":\"L\",\"custom\":{\"Size\":\"Ü 大\"}}"));
    assertThat(lead.path("custom").path(id).asText()).isEqualTo("Ü 大");

    Reply updated =
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"choices\":[\"Small\",\"Large\"]}");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().path("choices").toString()).isEqualTo("[\"Small\",\"Large\"]");
    assertThat(updated.json().path("name").asText()).isEqualTo("Size");
    assertThat(updated.json().path("type").asText()).isEqualTo("choices");
    assertThat(updated.json().path("created_at")).isEqualTo(f.path("created_at"));
    assertThat(call(s, "GET", "/api/v1/custom_fields/" + id, null).json())
        .isEqualTo(updated.json());

    // Only the new choices are accepted from now on.
    assertError(
        call(s, "POST", "/api/v1/leads", "{\"custom\":{\"Size\":\"S\"}}"),
        400,
        "invalid_parameter",
        "custom.Size");
    assertThat(
            created(call(s, "POST", "/api/v1/leads", "{\"custom\":{\"Size\":\"Large\"}}"))
                .path("custom")
                .path(id)
                .asText())
        .isEqualTo("Large");

    // A choices field always keeps at least one choice.
    for (String body : List.of("{\"choices\":[]}", "{\"choices\":null}")) {
      assertError(
          call(s, "PATCH", "/api/v1/custom_fields/" + id, body),
          400,
          "invalid_parameter",
          "choices");
      assertThat(call(s, "GET", "/api/v1/custom_fields/" + id, null).json())
          .isEqualTo(updated.json());
    }
  }

  @Test
  void renamesFieldsButNeverRetypesThem() {
    Tenant s = server.tenant("field-rename");
    JsonNode f =
        created(
            call(s, "POST", "/api/v1/custom_fields", "{\"name\":\"Seats\",\"type\":\"number\"}"));
    String id = f.path("id").asText();
    created(call(s, "POST", "/api/v1/custom_fields", "{\"name\":\"Other\",\"type\":\"text\"}"));
    String lead =
        created(call(s, "POST", "/api/v1/leads", "{\"name\":\"L\",\"custom\":{\"Seats\":12}}"))
            .path("id")
            .asText();

    Reply renamed = call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"name\":\"Licenses\"}");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().path("id").asText()).isEqualTo(id);
    assertThat(renamed.json().path("name").asText()).isEqualTo("Licenses");
    assertThat(renamed.json().path("type").asText()).isEqualTo("number");
    assertThat(renamed.json().path("choices")).isEmpty();
    assertThat(renamed.json().path("updated_at").asText())
        .isGreaterThanOrEqualTo(f.path("updated_at").asText());

    // Values are kept by id, so the lead keeps its value under the new name.
    JsonNode read = call(s, "GET", "/api/v1/leads/" + lead, null).json();
    assertThat(read.path("custom").path(id).asLong()).isEqualTo(12);
    assertError(
        call(s, "PATCH", "/api/v1/leads/" + lead, "{\"custom\":{\"Seats\":13}}"),
        400,
        "invalid_parameter",
        "custom.Seats");
    Reply patched = call(s, "PATCH", "/api/v1/leads/" + lead, "{\"custom\":{\"Licenses\":13}}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("custom").path(id).asLong()).isEqualTo(13);

    // The type is fixed: it is not a field a PATCH may name.
    assertError(
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"type\":\"text\"}"),
        400,
        "invalid_parameter",
        "type");
    assertError(
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"name\":\"X\",\"type\":\"number\"}"),
        400,
        "invalid_parameter",
        "type");
    assertError(
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"choices\":[\"a\"]}"),
        400,
        "invalid_parameter",
        "choices");
    assertError(
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"name\":\"Other\"}"),
        409,
        "custom_field_exists",
        null);
    assertError(
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"name\":\"\"}"),
        400,
        "invalid_parameter",
        "name");
    assertError(
        call(s, "PATCH", "/api/v1/custom_fields/" + id, "{\"name\":3}"),
        400,
        "invalid_parameter",
        "name");
    assertThat(call(s, "GET", "/api/v1/custom_fields/" + id, null).json())
        .isEqualTo(renamed.json());

    // Fields are listed by name.
    assertThat(names(call(s, "GET", "/api/v1/custom_fields", null).json().path("data")))
        .containsExactly("Licenses", "Other");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"F\"}|type",
        "{\"name\":\"F\",\"type\":null}|type",
        "{\"name\":\"F\",\"type\":\"string\"}|type",
        "{\"name\":\"F\",\"type\":\"Text\"}|type",
        "{\"name\":\"F\",\"type\":1}|type",
        "{\"name\":\"F\",\"type\":\"choices\"}|choices",
        "{\"name\":\"F\",\"type\":\"choices\",\"choices\":[]}|choices",
        "{\"name\":\"F\",\"type\":\"choices\",\"choices\":\"a\"}|choices",
        "{\"name\":\"F\",\"type\":\"choices\",\"choices\":[\"a\",1]}|choices[1]",
        "{\"name\":\"F\",\"type\":\"text\",\"choices\":[\"a\"]}|choices",
        "{\"name\":\"F\",\"type\":\"text\",\"choices\":[]}|choices",
        "{\"name\":\"F\",\"type\":\"number\",\"choices\":[\"1\"]}|choices",
        "{\"name\":\"F\",\"type\":\"boolean\",\"choices\":[\"yes\",\"no\"]}|choices",
        "{\"type\":\"text\"}|name",
        "{\"name\":\"\",\"type\":\"text\"}|name",
        "{\"name\":\" \",\"type\":\"text\"}|name",
        "{\"name\":5,\"type\":\"text\"}|name",
        "{\"name\":\"F\",\"type\":\"text\",\"required\":true}|required",
        "[]|''",
      })
  void rejectsBadFieldBodies(String body, String param) {
    assertError(call(t, "POST", "/api/v1/custom_fields", body), 400, "invalid_parameter", param);
    assertThat(names(call(t, "GET", "/api/v1/custom_fields", null).json().path("data")))
        .doesNotContain("F");
  }

  @Test
  void unknownFieldsAreNotFound() {
    assertError(call(t, "GET", "/api/v1/custom_fields/cf_nope", null), 404, "not_found", null);
    assertError(
        call(t, "PATCH", "/api/v1/custom_fields/cf_nope", "{\"name\":\"N\"}"),
        404,
        "not_found",
        null);
    assertError(call(t, "DELETE", "/api/v1/custom_fields/cf_nope", null), 404, "not_found", null);
    assertError(
        call(t, "GET", "/api/v1/custom_fields?type=text", null), 400, "invalid_parameter", "type");
  }

  @Test
  void deletingAFieldRemovesItsValuesAndTouchesThoseLeads() throws InterruptedException {
    Tenant s = server.tenant("field-delete");
    String doomed =
        created(call(s, "POST", "/api/v1/custom_fields", "{\"name\":\"Doomed\",\"type\":\"text\"}"))
            .path("id")
            .asText();
    String kept =
        created(call(s, "POST", "/api/v1/custom_fields", "{\"name\":\"Kept\",\"type\":\"number\"}"))
            .path("id")
            .asText();
    JsonNode both =
        created(
            call(
                s,
                "POST",
                "/api/v1/leads",
                "{\"name\":\"Both\",\"custom\":{\"Doomed\":\"x\",\"Kept\":1}}"));
    JsonNode keptOnly =
        created(
            call(s, "POST", "/api/v1/leads", "{\"name\":\"KeptOnly\",\"custom\":{\"Kept\":2}}"));
    JsonNode none = created(call(s, "POST", "/api/v1/leads", "{\"name\":\"None\"}"));
    assertThat(both.path("custom").path(doomed).asText()).isEqualTo("x");
    Thread.sleep(5);

    assertThat(call(s, "DELETE", "/api/v1/custom_fields/" + doomed, null).status()).isEqualTo(204);
    assertError(call(s, "GET", "/api/v1/custom_fields/" + doomed, null), 404, "not_found", null);
    assertError(call(s, "DELETE", "/api/v1/custom_fields/" + doomed, null), 404, "not_found", null);
    assertThat(names(call(s, "GET", "/api/v1/custom_fields", null).json().path("data")))
        .containsExactly("Kept");

    JsonNode bothAfter = lead(s, both);
    assertThat(bothAfter.path("custom").has(doomed)).isFalse();
    assertThat(bothAfter.path("custom").path(kept).asInt()).isEqualTo(1);
    assertThat(bothAfter.path("custom").size()).isEqualTo(1);
    assertThat(bothAfter.path("updated_at").asText())
        .isGreaterThan(both.path("updated_at").asText());
    assertThat(bothAfter.path("created_at")).isEqualTo(both.path("created_at"));
    // Leads without a value of the field are untouched.
    assertThat(lead(s, keptOnly)).isEqualTo(keptOnly);
    assertThat(lead(s, none)).isEqualTo(none);

    // The changed lead is exactly what an incremental read from before the delete finds.
    String from = Instant.parse(none.path("updated_at").asText()).plusNanos(1_000).toString();
    Reply changed = call(s, "GET", "/api/v1/leads?from=" + from, null);
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(names(changed.json().path("data"))).containsExactly("Both");

    // The name is free again, and values by the old name or id are unknown.
    assertError(
        call(s, "POST", "/api/v1/leads", "{\"custom\":{\"" + doomed + "\":\"y\"}}"),
        400,
        "invalid_parameter",
        "custom." + doomed);
    JsonNode again =
        created(
            call(s, "POST", "/api/v1/custom_fields", "{\"name\":\"Doomed\",\"type\":\"date\"}"));
    assertThat(again.path("id").asText()).isNotEqualTo(doomed);
    assertError(
        call(s, "POST", "/api/v1/leads", "{\"custom\":{\"Doomed\":\"x\"}}"),
        400,
        "invalid_parameter",
        "custom.Doomed");
  }

  @Test
  void deletingAFieldNeverMovesUpdatedAtBackwards() {
    // Another node whose clock is behind must not move a changed lead back in the keyset order.
    SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (TestServer skewed = TestServer.start(clock)) {
      Tenant s = skewed.tenant("field-delete-skew");
      String field =
          skewed
              .call("POST", "/api/v1/custom_fields", s.key(), "{\"name\":\"F\",\"type\":\"text\"}")
              .json()
              .path("id")
              .asText();
      JsonNode lead =
          skewed.call("POST", "/api/v1/leads", s.key(), "{\"custom\":{\"F\":\"x\"}}").json();
      assertThat(lead.path("updated_at").asText()).startsWith("2030-01-01T00:00:00");
      clock.now = Instant.parse("2029-12-31T23:00:00Z");
      assertThat(skewed.call("DELETE", "/api/v1/custom_fields/" + field, s.key(), null).status())
          .isEqualTo(204);
      JsonNode after =
          skewed.call("GET", "/api/v1/leads/" + lead.path("id").asText(), s.key(), null).json();
      assertThat(after.path("custom")).isEmpty();
      assertThat(after.path("updated_at").asText()).isGreaterThan(lead.path("updated_at").asText());
    }
  }

  /** A clock tests can turn back. */
  static final class SettableClock extends Clock {
    volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  // ------------------------------------------------------- values on leads

  /** Field name | value sent | value stored (normalised). */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Txt|\"hello\"|\"hello\"",
        "Txt|\"\"|\"\"",
        "Txt|\"=1+1\"|\"=1+1\"",
        "Txt|\"山田 ＝ Ünïcode\"|\"山田 ＝ Ünïcode\"",
        "Num|42|42",
        "Num|-3.5|-3.5",
        "Num|0|0",
        "Num|12345678901|12345678901",
        "Day|\"2026-02-18\"|\"2026-02-18\"",
        "Day|\"2024-02-29\"|\"2024-02-29\"",
        "When|\"2026-02-18T09:30:00Z\"|\"2026-02-18T09:30:00.000000Z\"",
        "When|\"2026-02-18T09:30:00+01:00\"|\"2026-02-18T08:30:00.000000Z\"",
        "When|\"2026-02-18T23:30:00-05:00\"|\"2026-02-19T04:30:00.000000Z\"",
        "When|\"2026-02-18T09:30Z\"|\"2026-02-18T09:30:00.000000Z\"",
        "When|\"2026-02-18T09:30:00.123456789Z\"|\"2026-02-18T09:30:00.123456Z\"",
        "When|\"2026-02-18T09:30:00.5+05:30\"|\"2026-02-18T04:00:00.500000Z\"",
        "Tier|\"Gold\"|\"Gold\"",
        "Tier|\"Silver\"|\"Silver\"",
        "Flag|true|true",
        "Flag|false|false",
      })
  void acceptsAndNormalisesValues(String field, String sent, String stored) {
    String id = fieldId(field);
    JsonNode expected = TestServer.parse(stored);
    // Bodies are sent as written: no client-side JSON round trip may alter the value.
    String byName = "{\"custom\":{\"" + field + "\":" + sent + "}}";
    String byId = "{\"custom\":{\"" + id + "\":" + sent + "}}";
    JsonNode lead = created(call(t, "POST", "/api/v1/leads", byName));
    assertThat(lead.path("custom").get(id)).isEqualTo(expected);
    assertThat(lead.path("custom").size()).isEqualTo(1);
    String leadId = lead.path("id").asText();
    assertThat(call(t, "GET", "/api/v1/leads/" + leadId, null).json().path("custom").get(id))
        .isEqualTo(expected);

    // The same value addressed by the field's id, on create and on patch.
    assertThat(created(call(t, "POST", "/api/v1/leads", byId)).path("custom").get(id))
        .isEqualTo(expected);
    call(t, "PATCH", "/api/v1/leads/" + leadId, "{\"custom\":{\"" + id + "\":null}}");
    assertThat(call(t, "GET", "/api/v1/leads/" + leadId, null).json().path("custom").has(id))
        .isFalse();
    Reply patched = call(t, "PATCH", "/api/v1/leads/" + leadId, byId);
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().path("custom").get(id)).isEqualTo(expected);
  }

  /** Field name | value sent: each is a 400 naming custom.<field>, by name and by id. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Txt|5",
        "Txt|true",
        "Txt|[\"a\"]",
        "Txt|{\"a\":1}",
        "Num|\"42\"",
        "Num|true",
        "Num|[1]",
        "Day|\"18/02/2026\"",
        "Day|\"2026-02-30\"",
        "Day|\"2026-2-18\"",
        "Day|\"tomorrow\"",
        "Day|20260218",
        "Day|\"\"",
        "When|\"2026-02-18T09:30:00\"",
        "When|\"2026-02-18\"",
        "When|\"soon\"",
        "When|1771407000",
        "When|\"2026-02-30T09:30:00Z\"",
        "Tier|\"Bronze\"",
        "Tier|\"gold\"",
        "Tier|1",
        "Tier|[\"Gold\"]",
        "Flag|\"true\"",
        "Flag|1",
        "Flag|\"yes\"",
      })
  void rejectsValuesOfTheWrongType(String field, String sent) {
    String id = fieldId(field);
    for (String key : List.of(field, id)) {
      String body = "{\"name\":\"Bad\",\"custom\":{\"" + key + "\":" + sent + "}}";
      assertError(
          call(t, "POST", "/api/v1/leads", body), 400, "invalid_parameter", "custom." + key);
    }
    String lead =
        created(call(t, "POST", "/api/v1/leads", "{\"name\":\"Target\"}")).path("id").asText();
    String patch = "{\"custom\":{\"" + field + "\":" + sent + "}}";
    assertError(
        call(t, "PATCH", "/api/v1/leads/" + lead, patch),
        400,
        "invalid_parameter",
        "custom." + field);
    assertThat(call(t, "GET", "/api/v1/leads/" + lead, null).json().path("custom")).isEmpty();
  }

  @Test
  void numbersBeyondADoubleAreNotStoredAsText() {
    Reply r = call(t, "POST", "/api/v1/leads", "{\"custom\":{\"Num\":1e400}}");
    if (r.status() == 201) {
      // Either kept as the number it is, or refused; never turned into text.
      assertThat(r.json().path("custom").get(fieldId("Num")).isNumber()).as(r.toString()).isTrue();
    } else {
      assertError(r, 400, "invalid_parameter", "custom.Num");
    }
  }

  /** PostgreSQL text cannot hold U+0000: it must be a 400, not a 500. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|/api/v1/statuses|{\"label\":\"a\\u0000b\"}|label",
        "POST|/api/v1/custom_fields|{\"name\":\"a\\u0000b\",\"type\":\"text\"}|name",
        "POST|/api/v1/custom_fields|{\"name\":\"C\",\"type\":\"choices\",\"choices\":[\"\\u0000\"]}|choices[0]",
        "POST|/api/v1/leads|{\"custom\":{\"Txt\":\"a\\u0000b\"}}|custom.Txt",
      })
  void nulCharactersAreRejected(String method, String path, String body, String param) {
    Reply r = call(t, method, path, body);
    assertError(r, 400, "invalid_parameter", null);
    assertThat(r.json().path("param").asText()).startsWith(param);
  }

  @Test
  void unknownFieldsOnLeadsAreRejected() {
    assertError(
        call(t, "POST", "/api/v1/leads", "{\"custom\":{\"Nope\":1}}"),
        400,
        "invalid_parameter",
        "custom.Nope");
    // Names are exact: another case is another (unknown) field.
    assertError(
        call(t, "POST", "/api/v1/leads", "{\"custom\":{\"txt\":\"a\"}}"),
        400,
        "invalid_parameter",
        "custom.txt");
    assertError(
        call(t, "POST", "/api/v1/leads", "{\"custom\":[1]}"), 400, "invalid_parameter", "custom");
    // Another workspace's field is unknown here.
    Tenant other = server.tenant("field-other");
    assertError(
        call(other, "POST", "/api/v1/leads", "{\"custom\":{\"" + fieldId("Txt") + "\":\"a\"}}"),
        400,
        "invalid_parameter",
        "custom." + fieldId("Txt"));
  }

  // ---------------------------------------------------------------- helpers

  static Reply call(Tenant tenant, String method, String path, Object body) {
    return server.call(method, path, tenant.key(), body);
  }

  static JsonNode created(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private static JsonNode lead(Tenant tenant, JsonNode lead) {
    Reply r = call(tenant, "GET", "/api/v1/leads/" + lead.path("id").asText(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static List<String> labels(Tenant tenant) {
    Reply r = call(tenant, "GET", "/api/v1/statuses", null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().path("data").forEach(s -> out.add(s.path("label").asText()));
    return out;
  }

  private static List<String> names(JsonNode fields) {
    List<String> out = new ArrayList<>();
    fields.forEach(f -> out.add(f.path("name").asText()));
    return out;
  }

  private static String fieldId(String name) {
    for (JsonNode f : call(t, "GET", "/api/v1/custom_fields", null).json().path("data")) {
      if (f.path("name").asText().equals(name)) {
        return f.path("id").asText();
      }
    }
    throw new AssertionError("no field " + name);
  }
}
