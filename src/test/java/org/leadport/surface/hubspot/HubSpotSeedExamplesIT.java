package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.app.Services;
import org.leadport.jobs.ExportJob;
import org.leadport.json.Json;
import org.leadport.testing.DownloadUrls;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The two example request bodies of HubSpot's CRM Exports documentation (docs/hubspot-exports.md),
 * sent byte for byte as the documentation prints them: the VIEW export of contacts with {@code
 * firstname} and {@code lastname}, and the LIST export by ILS list id.
 */
class HubSpotSeedExamplesIT {
  /** The documentation's first example, verbatim. */
  static final String VIEW_EXAMPLE =
      """
      {
        "exportType": "VIEW",
        "exportName": "All contacts",
        "format": "xlsx",
        "language": "DE",
        "objectType": "CONTACT",
        "exportInternalValuesOptions": ["NAMES", "VALUES"],
        "objectProperties": ["email", "firstname", "lastname"],
        "associatedObjectType": "COMPANY",
        "publicCrmSearchRequest": {
          "filters": [
            {
              "value": "hello@test.com",
              "propertyName": "email",
              "operator": "EQ"
            }
          ],
          "query": "hello",
          "sorts": [
            {
              "propertyName": "email",
              "order": "ASC"
            }
          ]
        }
      }
      """;

  /** The documentation's LIST example, verbatim but for {@code LIST_ID}. */
  static final String LIST_EXAMPLE =
      """
      {
        "exportType": "LIST",
        "listId": LIST_ID,
        "exportName": "Marketing email contacts",
        "format": "xlsx",
        "language": "EN",
        "objectType": "CONTACT",
        "objectProperties": ["email"]
      }
      """;

  static TestServer server;
  static Tenant t;
  static String testGmbh;
  static String hello;
  static String qualifiedId;

  @BeforeAll
  static void start() {
    server = TestServer.builder().rateLimit(100_000).start();
    t = server.tenant("hubspot-seed-examples");
    Reply qualified =
        server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Qualified"));
    assertThat(qualified.status()).as("%s", qualified).isEqualTo(201);
    qualifiedId = qualified.json().path("id").asText();
    ArrayNode leads = Json.array();
    ObjectNode gmbh = leads.addObject().put("name", "Test GmbH").put("status_label", "Qualified");
    ArrayNode people = gmbh.putArray("contacts");
    gmbh.putArray("addresses")
        .addObject()
        .put("address_1", "Hauptstr. 1")
        .put("city", "Berlin")
        .put("state", "BE")
        .put("zipcode", "10115")
        .put("country", "DE");
    gmbh.putArray("opportunities").addObject().put("value", 150050).put("status_type", "won");
    // A name alone: Leadport splits it into first and last name.
    ObjectNode anna = people.addObject().put("name", "Anna Maria Schmidt");
    anna.putArray("emails").addObject().put("email", "hello@test.com");
    ArrayNode phones = anna.putArray("phones");
    phones.addObject().put("phone", "+49 30 1234").put("type", "office");
    phones.addObject().put("phone", "+49 170 5678").put("type", "mobile");
    people
        .addObject()
        .put("name", "Bob Other")
        .putArray("emails")
        .addObject()
        .put("email", "bob@test.com");
    ObjectNode helloCorp = leads.addObject().put("name", "Hello Corp");
    // Matches the free-text query but not the email filter.
    helloCorp
        .putArray("contacts")
        .addObject()
        .put("first_name", "Carl")
        .put("last_name", "Hello")
        .putArray("emails")
        .addObject()
        .put("email", "carl@hello.example");
    Reply r = server.call("POST", "/api/v1/leads/bulk", t.key(), leads);
    assertThat(r.status()).as("%s", r).isIn(200, 201);
    testGmbh = r.json().path("ids").get(0).asText();
    hello = r.json().path("ids").get(1).asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theViewExampleCompletesWithFirstAndLastNames() throws Exception {
    List<List<String>> sheet = xlsx(complete(VIEW_EXAMPLE));
    assertThat(sheet)
        .containsExactly(
            // NAMES: internal property names; the association columns keep their German labels.
            List.of(
                "email",
                "firstname",
                "lastname",
                "Zugeordnete Unternehmens-IDs",
                "Zugeordnetes Unternehmen"),
            List.of("hello@test.com", "Anna Maria", "Schmidt", testGmbh, "Test GmbH"));
  }

  @Test
  void theListExampleOfAnotherListIsHubSpotsNotFound() {
    Reply r =
        server.call(
            "POST",
            "/crm/v3/exports/export/async",
            t.key(),
            LIST_EXAMPLE.replace("LIST_ID", "1234567"));
    CrmSearchIT.assertHubSpotError(r, 404, "OBJECT_NOT_FOUND", "listId");
    assertThat(r.json().path("message").asText()).isEqualTo("List 1234567 does not exist.");
  }

  @Test
  void theListExampleOfAnOwnListCompletes() throws Exception {
    Reply list =
        server.call("POST", "/api/v1/lists", t.key(), Json.object().put("name", "Marketing"));
    assertThat(list.status()).as("%s", list).isEqualTo(201);
    long ils = list.json().path("ils_id").asLong();
    assertThat(ils).isPositive();
    ObjectNode members = Json.object();
    members.putArray("lead_ids").add(hello);
    String lists = "/api/v1/lists/" + list.json().path("id").asText() + "/members";
    assertThat(server.call("POST", lists, t.key(), members).status()).isEqualTo(200);

    List<List<String>> sheet = xlsx(complete(LIST_EXAMPLE.replace("LIST_ID", Long.toString(ils))));
    assertThat(sheet).containsExactly(List.of("Email"), List.of("carl@hello.example"));
    // Another workspace's list is as unknown as a list that does not exist.
    Tenant other = server.tenant("hubspot-seed-examples-other");
    Reply foreign =
        server.call(
            "POST",
            "/crm/v3/exports/export/async",
            other.key(),
            LIST_EXAMPLE.replace("LIST_ID", Long.toString(ils)));
    CrmSearchIT.assertHubSpotError(foreign, 404, "OBJECT_NOT_FOUND", "listId");
  }

  /**
   * The LIST example exactly as printed, {@code "listId": 1234567} included: in a workspace whose
   * list has that ILS id (set in the database, as the id is HubSpot's account's), it completes with
   * the list's members only.
   */
  @Test
  void theListExampleVerbatimCompletesForTheListWithItsIlsId() throws Exception {
    Tenant owner = server.tenant("hubspot-seed-examples-ils-1234567");
    ArrayNode leads = Json.array();
    leads
        .addObject()
        .put("name", "On the list")
        .putArray("contacts")
        .addObject()
        .put("name", "Mia Member")
        .putArray("emails")
        .addObject()
        .put("email", "mia@list.example");
    leads
        .addObject()
        .put("name", "Not on it")
        .putArray("contacts")
        .addObject()
        .put("name", "Otto Outside")
        .putArray("emails")
        .addObject()
        .put("email", "otto@outside.example");
    Reply bulk = server.call("POST", "/api/v1/leads/bulk", owner.key(), leads);
    assertThat(bulk.status()).as("%s", bulk).isIn(200, 201);
    Reply list =
        server.call(
            "POST", "/api/v1/lists", owner.key(), Json.object().put("name", "Marketing email"));
    assertThat(list.status()).as("%s", list).isEqualTo(201);
    String listId = list.json().path("id").asText();
    ObjectNode members = Json.object();
    members.putArray("lead_ids").add(bulk.json().path("ids").get(0).asText());
    assertThat(
            server
                .call("POST", "/api/v1/lists/" + listId + "/members", owner.key(), members)
                .status())
        .isEqualTo(200);
    int updated =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createUpdate("update lists set ils_id = 1234567 where id = :id")
                    .bind("id", listId)
                    .execute());
    assertThat(updated).isEqualTo(1);

    String verbatim = LIST_EXAMPLE.replace("LIST_ID", "1234567");
    assertThat(verbatim).contains("\"listId\": 1234567,");
    List<List<String>> sheet = xlsx(complete(owner, verbatim));
    assertThat(sheet).containsExactly(List.of("Email"), List.of("mia@list.example"));
  }

  static final List<String> CONTACT_PROPERTIES =
      List.of(
          "firstname",
          "lastname",
          "phone",
          "mobilephone",
          "address",
          "city",
          "state",
          "zip",
          "country",
          "hs_lead_status");

  @Test
  void hubSpotsStandardPropertiesWorkOnSearchAndExports() throws Exception {
    String status = "Qualified";
    List<String> expected =
        java.util.Arrays.asList(
            "Anna Maria",
            "Schmidt",
            "+49 30 1234",
            "+49 170 5678",
            "Hauptstr. 1",
            "Berlin",
            "BE",
            "10115",
            "DE",
            status);

    ObjectNode search = Json.object();
    search
        .putArray("filterGroups")
        .addObject()
        .putArray("filters")
        .addObject()
        .put("propertyName", "mobilephone")
        .put("operator", "EQ")
        .put("value", "+49 170 5678");
    ArrayNode returned = search.putArray("properties");
    CONTACT_PROPERTIES.forEach(returned::add);
    Reply found = server.call("POST", "/crm/v3/objects/contacts/search", t.key(), search);
    assertThat(found.status()).as("%s", found).isEqualTo(200);
    assertThat(found.json().path("total").asInt()).isEqualTo(1);
    JsonNode props = found.json().path("results").get(0).path("properties");
    List<String> values = new ArrayList<>();
    CONTACT_PROPERTIES.forEach(p -> values.add(props.path(p).asText(null)));
    assertThat(values).isEqualTo(expected);

    ObjectNode export =
        Json.object()
            .put("exportType", "VIEW")
            .put("exportName", "standard")
            .put("format", "XLSX")
            .put("language", "EN")
            .put("objectType", "CONTACT");
    ArrayNode columns = export.putArray("objectProperties");
    CONTACT_PROPERTIES.forEach(columns::add);
    export.putObject("publicCrmSearchRequest").set("filters", search.at("/filterGroups/0/filters"));
    List<List<String>> sheet = xlsx(complete(export.toString()));
    assertThat(sheet.get(0))
        .containsExactly(
            "First Name",
            "Last Name",
            "Phone Number",
            "Mobile Phone Number",
            "Street Address",
            "City",
            "State/Region",
            "Postal Code",
            "Country/Region",
            "Lead Status");
    List<String> row = new ArrayList<>(sheet.get(1));
    while (row.size() < expected.size()) {
      row.add("");
    }
    assertThat(row).isEqualTo(expected.stream().map(v -> v == null ? "" : v).toList());

    // Internal names and values: a contact's lead status is its lead's status id.
    ArrayNode internal = export.putArray("exportInternalValuesOptions");
    internal.add("NAMES").add("VALUES");
    export.put("format", "CSV");
    String csv = new String(complete(export.toString()), java.nio.charset.StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.join(",", CONTACT_PROPERTIES));
    assertThat(lines.get(1))
        .isEqualTo(
            "Anna Maria,Schmidt,'+49 30 1234,'+49 170 5678,Hauptstr. 1,Berlin,BE,10115,DE,"
                + qualifiedId);
    assertThat(lines).hasSize(2);

    ObjectNode deals = Json.object();
    deals.putArray("properties").add("pipeline").add("amount").add("city").add("hs_is_closed_won");
    deals
        .putArray("filterGroups")
        .addObject()
        .putArray("filters")
        .addObject()
        .put("propertyName", "pipeline")
        .put("operator", "EQ")
        .put("value", "default");
    JsonNode deal = server.call("POST", "/crm/v3/objects/deals/search", t.key(), deals).json();
    assertThat(deal.path("total").asInt()).as("%s", deal).isEqualTo(1);
    JsonNode dp = deal.path("results").get(0).path("properties");
    assertThat(dp.path("pipeline").asText()).isEqualTo("default");
    assertThat(dp.path("amount").asText()).isEqualTo("1500.5");
    assertThat(dp.path("hs_is_closed_won").asText()).isEqualTo("true");
    // Deals have no address: an unknown property to return is left out, as HubSpot leaves it.
    assertThat(dp.has("city")).isFalse();
  }

  /**
   * Starts the body as sent, waits for COMPLETE and downloads the finished file through its {@code
   * result} URL, as given and re-encoded the way a browser would; both must be the stored file.
   */
  static byte[] complete(String body) throws Exception {
    return complete(t, body);
  }

  /** {@link #complete(String)} for {@code tenant}. */
  static byte[] complete(Tenant tenant, String body) throws Exception {
    Reply started = server.call("POST", "/crm/v3/exports/export/async", tenant.key(), body);
    assertThat(started.status()).as("%s", started).isEqualTo(202);
    String status =
        "/crm/v3/exports/export/async/tasks/" + started.json().path("id").asText() + "/status";
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      Reply r = server.call("GET", status, tenant.key(), null);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      JsonNode s = r.json();
      if (s.path("status").asText().equals("COMPLETE")) {
        assertThat(s.path("numErrors").asInt()).as("%s", s).isZero();
        assertThat(s.path("result").asText()).startsWith(server.url("/downloads/"));
        Services services = server.leadport().services();
        ExportJob job =
            services
                .exportJobs()
                .getBySeq(tenant.workspaceId(), started.json().path("id").asLong());
        assertThat(job.file().contentType())
            .isEqualTo(
                body.contains("\"CSV\"")
                    ? "text/csv; charset=utf-8"
                    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        byte[] stored;
        try (InputStream in = services.files().open(job.fileKey(), 0)) {
          stored = in.readAllBytes();
        }
        String url = s.path("result").asText();
        for (String target : List.of(DownloadUrls.target(url), DownloadUrls.reencodedTarget(url))) {
          Reply file = DownloadUrls.get(url, target);
          assertThat(file.status()).as("%s %s", target, file).isEqualTo(200);
          assertThat(file.body()).as(target).isEqualTo(stored);
          assertThat(DownloadUrls.fileName(file.header("Content-Disposition")))
              .startsWith(Json.parse(body).path("exportName").asText());
        }
        return stored;
      }
      assertThat(s.path("status").asText()).isIn("PENDING", "PROCESSING");
      assertThat(System.nanoTime()).as("export done in time: %s", s).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The first sheet's cells as text, row by row. */
  static List<List<String>> xlsx(byte[] bytes) throws Exception {
    List<List<String>> out = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes))) {
      for (Row row : wb.getFirstSheet().read()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.getCellCount(); i++) {
          cells.add(row.getCellText(i));
        }
        out.add(cells);
      }
    }
    return out;
  }
}
