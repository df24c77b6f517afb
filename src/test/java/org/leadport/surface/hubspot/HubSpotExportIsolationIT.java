package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * HubSpot export ids between workspaces: a list of another workspace is as unknown as a list that
 * does not exist, and task ids are numbered per workspace, so they tell a tenant nothing about the
 * exports of others.
 */
class HubSpotExportIsolationIT {
  static final String START = "/crm/v3/exports/export/async";

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static ObjectNode view() {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("exportName", "isolation")
            .put("language", "EN")
            .put("objectType", "COMPANY");
    body.putArray("objectProperties").add("hs_object_id").add("name");
    return body;
  }

  static void assertNotFound(Reply r, String in) {
    assertNotFound(r, in, "NOT_FOUND");
  }

  static void assertNotFound(Reply r, String in, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(404);
    assertThat(r.json().path("status").asText()).isEqualTo("error");
    assertThat(r.json().path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
    assertThat(r.json().path("correlationId").asText()).matches("[0-9a-f-]{36}");
    assertThat(r.json().path("errors").get(0).path("code").asText()).isEqualTo(code);
    if (in != null) {
      assertThat(r.json().path("errors").get(0).path("in").asText()).isEqualTo(in);
    }
  }

  @Test
  void aListOfAnotherWorkspaceIsNotFoundLikeAnUnknownList() {
    Tenant owner = server.tenant("hs-list-owner");
    Tenant other = server.tenant("hs-list-other");
    server.seed(owner.workspaceId(), 3, 5);
    Reply list =
        server.call("POST", "/api/v1/lists", owner.key(), Json.object().put("name", "secret"));
    assertThat(list.status()).isEqualTo(201);
    String listId = list.json().path("id").asText();

    ObjectNode foreign = view().put("exportType", "LIST").put("listId", listId);
    Reply crossed = server.call("POST", START, other.key(), foreign);
    assertNotFound(crossed, "listId", "LIST_NOT_FOUND");
    assertThat(crossed.json().path("message").asText())
        .isEqualTo("List " + listId + " does not exist.");

    ObjectNode unknown = view().put("exportType", "LIST").put("listId", "list_doesnotexist");
    Reply missing = server.call("POST", START, other.key(), unknown);
    assertNotFound(missing, "listId", "LIST_NOT_FOUND");
    assertThat(missing.json().path("message").asText())
        .isEqualTo("List list_doesnotexist does not exist.");

    // The owner's own list is still exported.
    Reply own = server.call("POST", START, owner.key(), foreign);
    assertThat(own.status()).as(own.text()).isEqualTo(202);
  }

  @Test
  void taskIdsAreNumberedPerWorkspace() {
    Tenant a = server.tenant("hs-seq-a");
    Tenant b = server.tenant("hs-seq-b");
    List<String> idsOfA = new ArrayList<>();
    List<String> idsOfB = new ArrayList<>();
    // Interleaved, so a shared counter would show gaps in each workspace's numbers.
    for (int i = 0; i < 3; i++) {
      idsOfA.add(started(a));
      if (i < 2) {
        idsOfB.add(started(b));
      }
    }
    assertThat(idsOfA).containsExactly("1", "2", "3");
    assertThat(idsOfB).containsExactly("1", "2");

    // Task 3 is a's; for b it does not exist, for status and cancel alike.
    assertNotFound(server.call("GET", START + "/tasks/3/status", b.key(), null), null);
    assertNotFound(server.call("POST", START + "/tasks/3/cancel", b.key(), null), null);
    // Task 1 of each workspace is that workspace's own export.
    Reply ofA = server.call("GET", START + "/tasks/1/status", a.key(), null);
    Reply ofB = server.call("GET", START + "/tasks/1/status", b.key(), null);
    assertThat(ofA.status()).isEqualTo(200);
    assertThat(ofB.status()).isEqualTo(200);
    assertThat(ofA.json().path("id").asText()).isEqualTo("1");
    assertThat(ofB.json().path("id").asText()).isEqualTo("1");
    assertThat(ofA.json().path("links").path("self").asText())
        .isEqualTo(server.url(START + "/tasks/1/status"));
  }

  private static String started(Tenant t) {
    Reply r = server.call("POST", START, t.key(), view());
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().path("id").asText();
  }
}
