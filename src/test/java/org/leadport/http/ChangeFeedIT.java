package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.ChangeLogs;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * {@code GET /api/v1/changes} through the real server: the page's exact shape in JSON and NDJSON,
 * items told as their lead's latest state, deletes as id and time, filters bound to the cursor,
 * retention's 410, and the 400s, 403 and 406 in the native error shape. The horizon is
 * cluster-wide, so a test waits for its writes to reach the feed instead of expecting them at once.
 */
class ChangeFeedIT {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String createLead(Tenant t, String name, String source) {
    Reply r =
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            Json.object().put("name", name).put("source", source));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  static Reply get(Tenant t, String query) {
    return get(t.key(), query, "application/json");
  }

  static Reply get(String key, String query, String accept) {
    return server.send(
        "/api/v1/changes" + query,
        b -> b.header("Authorization", "Bearer " + key).header("Accept", accept).GET());
  }

  /** The page's query string: the cursor (unless null) and {@code more} ({@code k=v&…}). */
  static String query(String cursor, String more) {
    List<String> parts = new ArrayList<>();
    if (cursor != null) {
      parts.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    if (!more.isEmpty()) {
      parts.add(more);
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  /** What a poll loop has read: its items and the cursor to continue from. */
  record Read(List<JsonNode> items, String cursor) {}

  /**
   * Follows the feed from {@code cursor} (null: the start) with the filters {@code more}, page
   * after page and, once caught up, polling, until the items read satisfy {@code enough}.
   */
  static Read readUntil(Tenant t, String cursor, String more, Predicate<List<JsonNode>> enough)
      throws InterruptedException {
    List<JsonNode> items = new ArrayList<>();
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      Reply r = get(t, query(cursor, more));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      JsonNode body = r.json();
      body.path("data").forEach(items::add);
      cursor = body.path("next_cursor").asText();
      if (enough.test(items)) {
        return new Read(items, cursor);
      }
      assertThat(Instant.now()).as("feed items so far: " + items).isBefore(deadline);
      if (!body.path("has_more").asBoolean()) {
        Thread.sleep(100);
      }
    }
  }

  static Predicate<List<JsonNode>> holds(int n) {
    return items -> items.size() >= n;
  }

  static List<String> fieldNames(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aJsonPageHoldsItemsWithTheLeadAsTheNativeApiRendersIt() throws Exception {
    Tenant t = server.tenant("feed-json");
    List<String> ids =
        List.of(createLead(t, "A", "web"), createLead(t, "B", "web"), createLead(t, "C", "web"));

    Read read = readUntil(t, null, "", holds(3));

    assertThat(read.items()).extracting(i -> i.path("id").asText()).containsExactlyElementsOf(ids);
    for (JsonNode item : read.items()) {
      assertThat(fieldNames(item))
          .containsExactly("position", "op", "object", "id", "changed_at", "lead");
      assertThat(item.path("op").asText()).isEqualTo("created");
      assertThat(item.path("object").asText()).isEqualTo("lead");
      assertThat(item.path("changed_at").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
      Reply lead = server.call("GET", "/api/v1/leads/" + item.path("id").asText(), t.key(), null);
      assertThat(item.path("lead")).isEqualTo(lead.json());
    }
    assertThat(read.items())
        .extracting(i -> i.path("position").asText())
        .isSorted()
        .doesNotHaveDuplicates();

    Reply page = get(t, "?limit=2");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("application/json");
    JsonNode body = page.json();
    assertThat(fieldNames(body)).containsExactly("data", "cursor", "next_cursor", "has_more");
    assertThat(body.path("data")).hasSize(2);
    assertThat(body.path("has_more").asBoolean()).isTrue();
    assertThat(page.header("X-Next-Cursor")).isEqualTo(body.path("next_cursor").asText());
    assertThat(body.path("cursor").asText()).isEqualTo(body.path("next_cursor").asText());
    assertThat(page.header("X-Has-More")).isEqualTo("true");

    Reply rest = get(t, query(body.path("next_cursor").asText(), "limit=2"));
    assertThat(rest.json().path("data")).hasSize(1);
    assertThat(rest.json().path("data").get(0).path("id").asText()).isEqualTo(ids.get(2));
    assertThat(rest.json().path("has_more").asBoolean()).isFalse();
  }

  @Test
  void ndjsonHoldsTheSameItemsOneALineWithTheCursorInHeaders() throws Exception {
    Tenant t = server.tenant("feed-ndjson");
    createLead(t, "A", "web");
    createLead(t, "B", "web");
    readUntil(t, null, "", holds(2));

    Reply json = get(t, "");
    Reply ndjson = get(t.key(), "", "application/x-ndjson");

    assertThat(ndjson.status()).as(ndjson.toString()).isEqualTo(200);
    assertThat(ndjson.header("Content-Type")).startsWith("application/x-ndjson");
    assertThat(ndjson.header("X-Has-More")).isEqualTo("false");
    assertThat(ndjson.header("X-Next-Cursor")).isNotBlank();
    String[] lines = ndjson.text().split("\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    assertThat(TestServer.parse(lines[0])).isEqualTo(json.json().path("data").get(0));
    assertThat(TestServer.parse(lines[1])).isEqualTo(json.json().path("data").get(1));
    // Its cursor continues like the JSON page's.
    Reply next = get(t, query(ndjson.header("X-Next-Cursor"), ""));
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.json().path("data")).isEmpty();

    Reply preferred = get(t.key(), "", "application/json;q=0.5, application/x-ndjson");
    assertThat(preferred.header("Content-Type")).startsWith("application/x-ndjson");
    assertThat(get(t.key(), "", "*/*").header("Content-Type")).startsWith("application/json");
  }

  @Test
  void anEmptyPageStillHandsOutTheCursorToPollFrom() throws Exception {
    Tenant t = server.tenant("feed-empty");

    Reply first = get(t, "");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("data")).isEmpty();
    assertThat(first.json().path("has_more").asBoolean()).isFalse();
    String cursor = first.json().path("next_cursor").asText();
    assertThat(cursor).isNotBlank();

    String id = createLead(t, "Late", "web");
    Read read = readUntil(t, cursor, "", holds(1));
    assertThat(read.items()).extracting(i -> i.path("id").asText()).containsExactly(id);
    assertThat(get(t, query(read.cursor(), "")).json().path("data")).isEmpty();
  }

  @Test
  void deletesCarryTheIdAndTimeOnlyAndEarlierChangesTellTheLatestState() throws Exception {
    Tenant t = server.tenant("feed-deletes");
    String gone = createLead(t, "Gone", "web");
    String kept = createLead(t, "Kept", "web");
    Read created = readUntil(t, null, "", holds(2));

    assertThat(server.call("DELETE", "/api/v1/leads/" + gone, t.key(), null).status())
        .isEqualTo(204);
    Read deleted = readUntil(t, created.cursor(), "", holds(1));

    JsonNode item = deleted.items().get(0);
    assertThat(fieldNames(item)).containsExactly("position", "op", "object", "id", "changed_at");
    assertThat(item.path("op").asText()).isEqualTo("deleted");
    assertThat(item.path("id").asText()).isEqualTo(gone);

    // Read again from the start, the creation of the lead deleted since is told as its delete.
    List<JsonNode> again = readUntil(t, null, "", holds(3)).items();
    assertThat(again)
        .extracting(i -> i.path("id").asText() + " " + i.path("op").asText())
        .containsExactly(gone + " deleted", kept + " created", gone + " deleted");
    assertThat(again.get(0).has("lead")).isFalse();
  }

  @Test
  void filtersSelectLeadsAndBindTheCursor() throws Exception {
    Tenant t = server.tenant("feed-filters");
    String google = createLead(t, "Gallardo Farms", "google");
    createLead(t, "Bellweather Inc", "bing");
    String google2 = createLead(t, "Goldfinch Tools", "google");
    // Everything is visible once the unfiltered feed holds all three.
    readUntil(t, null, "", holds(3));

    Reply page = get(t, "?source=google");
    assertThat(page.json().path("data"))
        .extracting(i -> i.path("id").asText())
        .containsExactly(google, google2);
    String cursor = page.json().path("next_cursor").asText();
    assertThat(get(t, "?search=goldfinch").json().path("data"))
        .extracting(i -> i.path("id").asText())
        .containsExactly(google2);
    assertThat(get(t, "?search=farms&source=google").json().path("data"))
        .extracting(i -> i.path("id").asText())
        .containsExactly(google);

    assertError(get(t, query(cursor, "source=bing")), 400, "invalid_cursor", "cursor");
    assertError(get(t, query(cursor, "")), 400, "invalid_cursor", "cursor");
    assertThat(get(t, query(cursor, "source=google")).status()).isEqualTo(200);
    Tenant other = server.tenant("feed-filters-other");
    assertError(get(other, query(cursor, "source=google")), 400, "invalid_cursor", "cursor");
  }

  @Test
  void refusesTimeBoundsDeletedScopeUnknownParametersAndLimitsOutOfRange() {
    Tenant t = server.tenant("feed-params");
    for (String param : List.of("from", "to", "include_deleted")) {
      String value = param.equals("include_deleted") ? "true" : "2026-01-01T00:00:00Z";
      Reply r = get(t, "?" + param + "=" + value);
      assertError(r, 400, "invalid_parameter", param);
      assertThat(r.json().path("message").asText()).contains("always reports deletes");
    }
    assertError(get(t, "?since=x"), 400, "invalid_parameter", "since");
    for (String limit : List.of("0", "1001", "ten", "-1")) {
      assertError(get(t, "?limit=" + limit), 400, "invalid_parameter", "limit");
    }
    assertThat(get(t, "?limit=1000").status()).isEqualTo(200);
    assertThat(get(t, "?limit=1").status()).isEqualTo(200);
    assertError(get(t, "?cursor=garbage"), 400, "invalid_cursor", "cursor");
    assertError(get(t, "?status_stage_id=nope"), 400, "invalid_parameter", "status_stage_id");
  }

  @Test
  void anAcceptAllowingNeitherShapeIs406() {
    Tenant t = server.tenant("feed-accept");
    assertError(get(t.key(), "", "text/csv"), 406, "not_acceptable", "Accept");
    assertError(
        get(t.key(), "", "application/json;q=0, text/html"), 406, "not_acceptable", "Accept");
  }

  @Test
  void needsTheReadScope() {
    Tenant t = server.tenant("feed-scope");
    String exportOnly = server.createKey(t.workspaceId(), "leads.export");
    assertError(get(exportOnly, "", "application/json"), 403, "insufficient_scope", null);
    assertError(get("lp_nonsense", "", "application/json"), 401, "unauthorized", null);
  }

  @Test
  void aCursorRetentionHasPassedIs410SayingHowToResync() throws Exception {
    Tenant t = server.tenant("feed-retention");
    createLead(t, "Old", "web");
    String before = readUntil(t, null, "", holds(0)).cursor();
    readUntil(t, null, "", holds(1));
    createLead(t, "Also old", "web");
    readUntil(t, null, "", holds(2));

    ChangeLogs.ageBeyondRetention(server, t.workspaceId());
    assertThat(server.leadport().services().changes().purge(Instant.now())).isEqualTo(2);

    Reply expired = get(t, query(before, ""));
    assertError(expired, 410, "cursor_expired", "cursor");
    assertThat(expired.json().path("message").asText()).contains("90 days").contains("export");
    // Without a cursor the feed starts at the oldest change it still holds.
    Reply fresh = get(t, "");
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.json().path("data")).isEmpty();
    String id = createLead(t, "New", "web");
    Read read = readUntil(t, fresh.json().path("next_cursor").asText(), "", holds(1));
    assertThat(read.items()).extracting(i -> i.path("id").asText()).containsExactly(id);
  }
}
