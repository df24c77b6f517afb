package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.http.AdminIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** {@code POST /admin/v1/workspaces/{id}/seed}: deterministic synthetic data (PRODUCT §1, §2). */
class SeedIT {
  static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
  static final List<String> TABLES =
      List.of("leads", "contacts", "opportunities", "activities", "addresses");
  static final Set<Character.UnicodeScript> NON_LATIN =
      Set.of(
          Character.UnicodeScript.HAN,
          Character.UnicodeScript.HIRAGANA,
          Character.UnicodeScript.KATAKANA,
          Character.UnicodeScript.CYRILLIC,
          Character.UnicodeScript.GREEK,
          Character.UnicodeScript.ARABIC);

  static TestServer server;
  static Jdbi jdbi;

  /** Two workspaces seeded alike (500 leads, seed 7) and one with another seed. */
  static Tenant a;

  static Tenant b;
  static Tenant c;
  static Reply seededA;
  static Reply seededB;
  static Reply seededC;
  static List<JsonNode> leadsA;
  static List<JsonNode> leadsB;
  static List<JsonNode> leadsC;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    jdbi = server.leadport().services().database().jdbi();
    a = server.tenant("seed-a");
    b = server.tenant("seed-b");
    c = server.tenant("seed-c");
    seededA = seed(a.workspaceId(), "{\"leads\":500,\"seed\":7}");
    seededB = seed(b.workspaceId(), "{\"leads\":500,\"seed\":7}");
    seededC = seed(c.workspaceId(), "{\"leads\":500,\"seed\":8}");
    leadsA = listAll(a);
    leadsB = listAll(b);
    leadsC = listAll(c);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void reportsCountsThatMatchTheDatabase() {
    for (Tenant t : List.of(a, b, c)) {
      Reply r = t == a ? seededA : t == b ? seededB : seededC;
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      JsonNode counts = r.json();
      assertThat(counts.path("leads").asLong()).isEqualTo(500);
      for (String table : TABLES) {
        assertThat(counts.path(table).isIntegralNumber()).as(table + " in " + r).isTrue();
        assertThat(counts.path(table).asLong()).as(table).isEqualTo(count(table, t.workspaceId()));
      }
      // Every lead has at least one contact; the rest come in realistic numbers.
      assertThat(counts.path("contacts").asLong()).isBetween(500L, 5 * 500L);
      assertThat(counts.path("opportunities").asLong()).isBetween(100L, 3 * 500L);
      assertThat(counts.path("activities").asLong()).isBetween(500L, 20 * 500L);
      assertThat(counts.path("addresses").asLong()).isBetween(100L, 2 * 500L);
    }
    assertThat(leadsA).hasSize(500);
    // What the API lists is exactly what the counts say, nested collections included.
    assertThat(leadsA.stream().mapToLong(l -> l.path("contacts").size()).sum())
        .isEqualTo(seededA.json().path("contacts").asLong());
    assertThat(leadsA.stream().mapToLong(l -> l.path("opportunities").size()).sum())
        .isEqualTo(seededA.json().path("opportunities").asLong());
    assertThat(leadsA.stream().mapToLong(l -> l.path("activities").size()).sum())
        .isEqualTo(seededA.json().path("activities").asLong());
    assertThat(leadsA.stream().mapToLong(l -> l.path("addresses").size()).sum())
        .isEqualTo(seededA.json().path("addresses").asLong());
    // Seeding one workspace leaves the others alone.
    String empty = server.createWorkspace("seed-untouched");
    for (String table : TABLES) {
      assertThat(count(table, empty)).isZero();
    }
  }

  @Test
  void theSameSeedGivesTheSameDataApartFromIds() {
    ObjectNode countsA = (ObjectNode) seededA.json().deepCopy();
    ObjectNode countsB = (ObjectNode) seededB.json().deepCopy();
    countsA.remove("millis");
    countsB.remove("millis");
    assertThat(countsB).isEqualTo(countsA);

    List<String> canonA = canonical(a, leadsA);
    List<String> canonB = canonical(b, leadsB);
    assertThat(canonB).hasSize(500);
    for (int i = 0; i < canonA.size(); i++) {
      assertThat(canonB.get(i)).as("lead #" + i).isEqualTo(canonA.get(i));
    }
    // In the list API's (updated_at, id) order the leads line up one to one except for ties.
    List<String> orderA = leadsA.stream().map(l -> l.path("updated_at").asText()).toList();
    List<String> orderB = leadsB.stream().map(l -> l.path("updated_at").asText()).toList();
    assertThat(orderB).isEqualTo(orderA);

    // Only the ids differ, at every level.
    Set<String> idsA = ids(leadsA);
    Set<String> idsB = ids(leadsB);
    assertThat(idsA).hasSizeGreaterThan(500);
    idsA.retainAll(idsB);
    assertThat(idsA).isEmpty();

    // The catalog is the same by name.
    assertThat(statusLabels(b)).isEqualTo(statusLabels(a));
    assertThat(fields(b).values()).containsExactlyInAnyOrderElementsOf(fields(a).values());
  }

  @Test
  void anotherSeedGivesOtherData() {
    List<String> canonA = canonical(a, leadsA);
    List<String> canonC = canonical(c, leadsC);
    assertThat(canonC).isNotEqualTo(canonA);
    Set<String> shared = new HashSet<>(canonA);
    shared.retainAll(new HashSet<>(canonC));
    assertThat(shared).hasSizeLessThan(5);
    Set<String> timesA = new HashSet<>();
    leadsA.forEach(l -> timesA.add(l.path("updated_at").asText()));
    long sameTimes =
        leadsC.stream().filter(l -> timesA.contains(l.path("updated_at").asText())).count();
    assertThat(sameTimes).isLessThan(5);
    // Same shape of catalog, though.
    assertThat(statusLabels(c)).isEqualTo(statusLabels(a));
  }

  @Test
  void aRealisticShareOfCellsIsHostile() {
    int cells = 0;
    int hostile = 0;
    int hostileNames = 0;
    int hostileDescriptions = 0;
    int hostileContacts = 0;
    Set<Character> leading = new HashSet<>();
    for (JsonNode lead : leadsA) {
      for (String field : List.of("name", "description")) {
        String v = text(lead.path(field));
        if (v == null) {
          continue;
        }
        cells++;
        if (hostile(v)) {
          hostile++;
          leading.add(v.stripLeading().isEmpty() ? v.charAt(0) : v.stripLeading().charAt(0));
          if (field.equals("name")) {
            hostileNames++;
            // The display name is the name, hostile or not: JSON is never altered.
            assertThat(lead.path("display_name").asText()).isEqualTo(v);
          } else {
            hostileDescriptions++;
          }
        }
      }
      for (JsonNode contact : lead.path("contacts")) {
        String v = text(contact.path("name"));
        if (v == null) {
          continue;
        }
        cells++;
        if (hostile(v)) {
          hostile++;
          hostileContacts++;
        }
      }
    }
    double share = (double) hostile / cells;
    assertThat(share).as("%d of %d cells", hostile, cells).isBetween(0.01, 0.03);
    assertThat(hostileNames).isPositive();
    assertThat(hostileDescriptions).isPositive();
    assertThat(hostileContacts).isPositive();
    assertThat(leading).as("leading characters").hasSizeGreaterThanOrEqualTo(3);

    // Among all text the payloads include each kind a spreadsheet would evaluate.
    Set<String> kinds = new HashSet<>();
    for (JsonNode lead : leadsA) {
      collectTexts(
          lead,
          v -> {
            if (hostile(v)) {
              kinds.add(kind(v));
            }
          });
    }
    assertThat(kinds).contains("=", "+", "-", "@", "control", "full-width");
  }

  @Test
  void nonLatinNamesArePresent() {
    long leadNames = leadsA.stream().filter(l -> nonLatin(l.path("name").asText())).count();
    long contactNames =
        leadsA.stream()
            .flatMap(l -> iterable(l.path("contacts")).stream())
            .filter(ct -> nonLatin(ct.path("name").asText()))
            .count();
    assertThat(leadNames).isPositive();
    assertThat(contactNames).isPositive();
    // And they are stored and served as they are.
    JsonNode someone =
        leadsA.stream().filter(l -> nonLatin(l.path("name").asText())).findFirst().orElseThrow();
    Reply read = server.call("GET", "/api/v1/leads/" + someone.path("id").asText(), a.key(), null);
    assertThat(read.json().path("name").asText()).isEqualTo(someone.path("name").asText());
  }

  @Test
  void seededLeadsAreValidLeads() {
    Map<String, JsonNode> fieldsById = new HashMap<>();
    for (JsonNode f :
        server.call("GET", "/api/v1/custom_fields", a.key(), null).json().path("data")) {
      fieldsById.put(f.path("id").asText(), f);
    }
    Map<String, String> statuses = new HashMap<>();
    for (JsonNode s : server.call("GET", "/api/v1/statuses", a.key(), null).json().path("data")) {
      statuses.put(s.path("id").asText(), s.path("label").asText());
    }
    assertThat(statuses.values())
        .containsExactlyInAnyOrder("Potential", "Qualified", "Customer", "Bad Fit");
    assertThat(fieldsById).hasSize(7);
    Pattern date = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    for (JsonNode lead : leadsA) {
      String id = lead.path("id").asText();
      assertThat(id).startsWith("lead_").hasSize(5 + 22);
      assertThat(lead.path("display_name").asText()).isEqualTo(lead.path("name").asText());
      assertThat(statuses)
          .containsEntry(lead.path("status_id").asText(), lead.path("status_label").asText());
      assertThat(lead.path("created_at").asText()).matches(TIMESTAMP);
      assertThat(lead.path("updated_at").asText())
          .matches(TIMESTAMP)
          .isGreaterThanOrEqualTo(lead.path("created_at").asText());
      assertThat(lead.path("deleted_at").isNull()).isTrue();
      for (Map.Entry<String, JsonNode> e : lead.path("custom").properties()) {
        JsonNode field = fieldsById.get(e.getKey());
        assertThat(field).as("custom key " + e.getKey()).isNotNull();
        JsonNode v = e.getValue();
        switch (field.path("type").asText()) {
          case "number" -> assertThat(v.isNumber()).as(v.toString()).isTrue();
          case "boolean" -> assertThat(v.isBoolean()).as(v.toString()).isTrue();
          case "text" -> assertThat(v.isTextual()).as(v.toString()).isTrue();
          case "date" -> assertThat(v.asText()).matches(date);
          case "datetime" -> assertThat(v.asText()).matches(TIMESTAMP);
          case "choices" -> assertThat(texts(field.path("choices"))).contains(v.asText());
          default -> throw new AssertionError("type " + field);
        }
      }
      assertThat(lead.path("contacts").size()).isBetween(1, 5);
      for (JsonNode ct : lead.path("contacts")) {
        assertThat(ct.path("id").asText()).startsWith("cont_");
        assertThat(ct.path("lead_id").asText()).isEqualTo(id);
        assertThat(ct.path("emails").size()).isPositive();
        for (JsonNode e : ct.path("emails")) {
          assertThat(e.path("email").asText()).contains("@");
        }
        assertThat(ct.path("phones").isArray()).isTrue();
        assertThat(ct.path("urls").isArray()).isTrue();
      }
      for (JsonNode o : lead.path("opportunities")) {
        assertThat(o.path("id").asText()).startsWith("oppo_");
        assertThat(o.path("lead_id").asText()).isEqualTo(id);
        assertThat(o.path("status_type").asText()).isIn("active", "won", "lost");
        assertThat(o.path("value").isIntegralNumber()).isTrue();
        assertThat(o.path("value_currency").asText()).matches("[A-Z]{3}");
        assertThat(o.path("confidence").asInt()).isBetween(0, 100);
        assertThat(o.path("date_won").isNull())
            .isEqualTo(!o.path("status_type").asText().equals("won"));
      }
      for (JsonNode act : lead.path("activities")) {
        assertThat(act.path("id").asText()).startsWith("acti_");
        assertThat(act.path("lead_id").asText()).isEqualTo(id);
        assertThat(act.path("type").asText()).isIn("note", "call", "email", "meeting", "sms");
        assertThat(act.path("date").asText())
            .matches(TIMESTAMP)
            .isBetween(lead.path("created_at").asText(), lead.path("updated_at").asText());
      }
      for (JsonNode addr : lead.path("addresses")) {
        assertThat(addr.path("id").asText()).startsWith("addr_");
        assertThat(addr.path("city").asText()).isNotBlank();
      }
    }
  }

  @Test
  void seededLeadsAreReadableOneByOne() {
    List<JsonNode> sample = new ArrayList<>();
    for (int i = 0; i < leadsA.size(); i += 10) {
      sample.add(leadsA.get(i));
    }
    leadsA.stream().filter(l -> hostile(l.path("name").asText())).forEach(sample::add);
    leadsA.stream().filter(l -> nonLatin(l.path("name").asText())).forEach(sample::add);
    for (JsonNode lead : sample) {
      Reply r = server.call("GET", "/api/v1/leads/" + lead.path("id").asText(), a.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.json()).isEqualTo(lead);
    }
    // Another workspace does not see them.
    String id = leadsA.get(0).path("id").asText();
    assertError(server.call("GET", "/api/v1/leads/" + id, b.key(), null), 404, "not_found", null);
  }

  @Test
  void seededLeadsCanBeEditedThroughTheApi() {
    Tenant e = server.tenant("seed-edit");
    assertThat(seed(e.workspaceId(), "{\"leads\":20,\"seed\":3}").status()).isEqualTo(200);
    for (JsonNode lead : listAll(e)) {
      String id = lead.path("id").asText();
      // Re-sending every custom value and keeping every nested item by id must validate.
      ObjectNode patch = Json.object().put("description", "edited");
      patch.set("custom", lead.path("custom"));
      patch.set("status_id", lead.path("status_id"));
      ArrayNode contacts = patch.putArray("contacts");
      for (JsonNode ct : lead.path("contacts")) {
        ObjectNode copy = ((ObjectNode) ct.deepCopy());
        copy.remove("lead_id");
        contacts.add(copy);
      }
      Reply r = server.call("PATCH", "/api/v1/leads/" + id, e.key(), patch);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      JsonNode edited = r.json();
      assertThat(edited.path("description").asText()).isEqualTo("edited");
      assertThat(edited.path("custom")).isEqualTo(lead.path("custom"));
      assertThat(edited.path("contacts")).isEqualTo(lead.path("contacts"));
      assertThat(edited.path("opportunities")).isEqualTo(lead.path("opportunities"));
      assertThat(edited.path("activities")).isEqualTo(lead.path("activities"));
      assertThat(edited.path("addresses")).isEqualTo(lead.path("addresses"));
    }
  }

  @Test
  void seedingUsesTheWorkspacesOwnCatalogAndAddsUp() {
    Tenant d = server.tenant("seed-catalog");
    String potential =
        server
            .call("POST", "/api/v1/statuses", d.key(), "{\"label\":\"Potential\",\"type\":\"won\"}")
            .json()
            .path("id")
            .asText();
    String priority =
        server
            .call(
                "POST",
                "/api/v1/custom_fields",
                d.key(),
                "{\"name\":\"Priority\",\"type\":\"number\"}")
            .json()
            .path("id")
            .asText();
    String industry =
        server
            .call(
                "POST",
                "/api/v1/custom_fields",
                d.key(),
                "{\"name\":\"Industry\",\"type\":\"choices\",\"choices\":[\"Only\"]}")
            .json()
            .path("id")
            .asText();
    Reply first = seed(d.workspaceId(), "{\"leads\":60,\"seed\":1}");
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().path("leads").asLong()).isEqualTo(60);

    JsonNode statuses = server.call("GET", "/api/v1/statuses", d.key(), null).json().path("data");
    assertThat(statuses.get(0).path("id").asText()).isEqualTo(potential);
    assertThat(statuses.get(0).path("type").asText()).isEqualTo("won");
    assertThat(statusLabels(d)).containsExactly("Potential", "Qualified", "Customer", "Bad Fit");
    assertThat(fields(d)).hasSize(7).containsEntry(priority, "Priority:number");
    List<JsonNode> leads = listAll(d);
    assertThat(leads).hasSize(60);
    int priorities = 0;
    for (JsonNode lead : leads) {
      JsonNode p = lead.path("custom").get(priority);
      if (p != null) {
        priorities++;
        assertThat(p.isNumber()).as(p.toString()).isTrue();
      }
      JsonNode i = lead.path("custom").get(industry);
      if (i != null) {
        assertThat(i.asText()).isEqualTo("Only");
      }
    }
    assertThat(priorities).isPositive();

    // A second call adds to what is there and creates no second catalog.
    Reply second = seed(d.workspaceId(), "{\"leads\":40}");
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.json().path("leads").asLong()).isEqualTo(40);
    assertThat(count("leads", d.workspaceId())).isEqualTo(100);
    assertThat(statusLabels(d)).hasSize(4);
    assertThat(fields(d)).hasSize(7);
    long contacts =
        first.json().path("contacts").asLong() + second.json().path("contacts").asLong();
    assertThat(count("contacts", d.workspaceId())).isEqualTo(contacts);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|leads",
        "{\"seed\":7}|leads",
        "{\"leads\":null}|leads",
        "{\"leads\":0}|leads",
        "{\"leads\":-5}|leads",
        "{\"leads\":\"500\"}|leads",
        "{\"leads\":\"many\"}|leads",
        "{\"leads\":1.5}|leads",
        "{\"leads\":true}|leads",
        "{\"leads\":[10]}|leads",
        "{\"leads\":99999999999999999999}|leads",
        "{\"leads\":10000001}|leads",
        "{\"leads\":10,\"seed\":\"7\"}|seed",
        "{\"leads\":10,\"seed\":0.5}|seed",
        "{\"leads\":10,\"sed\":7}|sed",
        "{\"leads\":10,\"contacts\":3}|contacts",
        "[]|''",
        "[{\"leads\":10}]|''",
        "10|''",
      })
  void rejectsBadSeedBodies(String body, String param) {
    String ws = server.createWorkspace("seed-bad-" + Integer.toHexString(body.hashCode()));
    assertError(
        server.admin("POST", "/admin/v1/workspaces/" + ws + "/seed", body),
        400,
        "invalid_parameter",
        param);
    assertThat(count("leads", ws)).isZero();
  }

  @Test
  void rejectsBrokenRequests() {
    String ws = server.createWorkspace("seed-broken");
    String path = "/admin/v1/workspaces/" + ws + "/seed";
    assertError(server.admin("POST", path, "{\"leads\":"), 400, "invalid_json", null);
    assertError(server.admin("POST", path, ""), 400, "invalid_parameter", null);
    assertError(
        server.admin("POST", path + "?leads=5", "{\"leads\":5}"),
        400,
        "invalid_parameter",
        "leads");
    Reply plain =
        server.send(
            path,
            r ->
                r.header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"leads\":5}")));
    assertError(plain, 415, "unsupported_media_type", "Content-Type");
    assertThat(count("leads", ws)).isZero();
  }

  @Test
  void unknownWorkspaceIsNotFound() {
    assertError(
        server.admin("POST", "/admin/v1/workspaces/ws_nope/seed", "{\"leads\":5}"),
        404,
        "not_found",
        null);
    // Even with a bad body: the workspace is checked first.
    assertError(
        server.admin("POST", "/admin/v1/workspaces/ws_nope/seed", "{\"leads\":0}"),
        404,
        "not_found",
        null);
  }

  @Test
  void needsTheAdminToken() {
    Tenant t = server.tenant("seed-auth");
    String path = "/admin/v1/workspaces/" + t.workspaceId() + "/seed";
    for (String token : new String[] {null, "wrong", t.key()}) {
      Reply r = server.call("POST", path, token, "{\"leads\":5}");
      assertError(r, 401, "unauthorized", null);
      assertThat(r.header("WWW-Authenticate")).contains("Bearer realm=\"leadport\"");
    }
    assertThat(count("leads", t.workspaceId())).isZero();
  }

  // ---------------------------------------------------------------- helpers

  static Reply seed(String workspaceId, String body) {
    return server.admin("POST", "/admin/v1/workspaces/" + workspaceId + "/seed", body);
  }

  static long count(String table, String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery("select count(*) from " + table + " where workspace_id = :ws")
            .bind("ws", workspaceId)
            .mapTo(Long.class)
            .one());
  }

  /** Every live lead of the tenant through the list API, walking the cursor. */
  static List<JsonNode> listAll(Tenant tenant) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      Reply r =
          server.call(
              "GET",
              "/api/v1/leads?limit=200" + (cursor == null ? "" : "&cursor=" + cursor),
              tenant.key(),
              null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.json().path("data").forEach(out::add);
      cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
    } while (cursor != null);
    return out;
  }

  /** Field id → "name:type" of the tenant's custom fields. */
  static Map<String, String> fields(Tenant tenant) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode f :
        server.call("GET", "/api/v1/custom_fields", tenant.key(), null).json().path("data")) {
      out.put(f.path("id").asText(), f.path("name").asText() + ":" + f.path("type").asText());
    }
    return out;
  }

  static List<String> statusLabels(Tenant tenant) {
    List<String> out = new ArrayList<>();
    server
        .call("GET", "/api/v1/statuses", tenant.key(), null)
        .json()
        .path("data")
        .forEach(s -> out.add(s.path("label").asText()));
    return out;
  }

  /**
   * Each lead as JSON without any id and with custom values keyed by field name, sorted by
   * (updated_at, name, the rest): what two workspaces seeded alike must agree on.
   */
  static List<String> canonical(Tenant tenant, List<JsonNode> leads) {
    Map<String, String> names = fields(tenant);
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode lead : leads) {
      ObjectNode copy = lead.deepCopy();
      ObjectNode custom = Json.object();
      lead.path("custom")
          .properties()
          .forEach(e -> custom.set(names.get(e.getKey()), e.getValue()));
      copy.set("custom", sortedObject(custom));
      stripIds(copy);
      // Activities are listed by time; equal times may come in either order.
      List<String> acts = new ArrayList<>();
      copy.path("activities").forEach(x -> acts.add(x.toString()));
      acts.sort(null);
      ArrayNode sortedActs = copy.putArray("activities");
      acts.forEach(x -> sortedActs.add(TestServer.parse(x)));
      out.add(copy);
    }
    return out.stream()
        .sorted(
            Comparator.comparing((ObjectNode l) -> l.path("updated_at").asText())
                .thenComparing(l -> l.path("name").asText())
                .thenComparing(ObjectNode::toString))
        .map(ObjectNode::toString)
        .toList();
  }

  private static ObjectNode sortedObject(ObjectNode o) {
    ObjectNode out = Json.object();
    List<String> keys = new ArrayList<>();
    o.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    keys.forEach(k -> out.set(k, o.get(k)));
    return out;
  }

  private static void stripIds(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(List.of("id", "lead_id", "status_id"));
      o.forEach(SeedIT::stripIds);
    } else if (node instanceof ArrayNode a) {
      a.forEach(SeedIT::stripIds);
    }
  }

  /** Every id anywhere in the leads. */
  private static Set<String> ids(List<JsonNode> leads) {
    Set<String> out = new HashSet<>();
    for (JsonNode lead : leads) {
      out.add(lead.path("id").asText());
      for (String part : List.of("contacts", "opportunities", "activities", "addresses")) {
        lead.path(part).forEach(x -> out.add(x.path("id").asText()));
      }
    }
    return out;
  }

  /** Whether a spreadsheet would evaluate the text (PRODUCT §5). */
  static boolean hostile(String v) {
    if (v == null || v.isEmpty()) {
      return false;
    }
    char first = v.charAt(0);
    if (first == '\t' || first == '\r' || first == '\n') {
      return true;
    }
    String t = v.stripLeading();
    return !t.isEmpty() && "=+-@＝＋－＠".indexOf(t.charAt(0)) >= 0;
  }

  private static String kind(String v) {
    char first = v.charAt(0);
    if (first == '\t' || first == '\r' || first == '\n') {
      return "control";
    }
    char c = v.stripLeading().charAt(0);
    return "＝＋－＠".indexOf(c) >= 0 ? "full-width" : String.valueOf(c);
  }

  static boolean nonLatin(String v) {
    return v != null
        && v.codePoints().anyMatch(cp -> NON_LATIN.contains(Character.UnicodeScript.of(cp)));
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  private static void collectTexts(JsonNode n, java.util.function.Consumer<String> sink) {
    if (n.isTextual()) {
      sink.accept(n.textValue());
    }
    n.forEach(child -> collectTexts(child, sink));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
