package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.leadport.testing.AsyncExports.download;
import static org.leadport.testing.AsyncExports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ParquetFiles;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Close's leads export as nested Parquet ({@code "nested": true}, docs/parquet.md) through a real
 * server: DuckDB reads the LIST and STRUCT columns, the items per lead are the database's, and the
 * values are those of the JSON export of the same leads: one document, two encodings.
 */
class NestedParquetIT {
  static TestServer server;
  static Tenant t;
  static Jdbi jdbi;
  static String bare;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("nestedparquet");
    jdbi = server.leadport().services().database().jdbi();
    SyntheticData.seed(jdbi, t.workspaceId(), 300, 23);
    // A lead without items, and one whose contact has no channels and opportunity no value.
    bare =
        server
            .call("POST", "/api/v1/leads", t.key(), Json.object().put("name", "Bare"))
            .json()
            .path("id")
            .asText();
    ObjectNode sparse = Json.object().put("name", "Sparse");
    sparse.putArray("contacts").addObject().put("name", "Only a name");
    sparse.putArray("opportunities").addObject().put("note", "no value yet");
    Reply r = server.call("POST", "/api/v1/leads", t.key(), sparse);
    assertThat(r.status()).as(r.toString()).isIn(200, 201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ObjectNode request(String format) {
    return Json.object()
        .put("type", "leads")
        .put("format", format)
        .put("include_activities", true)
        .put("include_smart_fields", true);
  }

  @Test
  void theNestedFileHoldsTheJsonDocumentsTypedWithTheDatabasesItems() {
    JsonNode job = run(server, t.key(), request("parquet").put("nested", true));
    assertThat(job.path("format").asText()).isEqualTo("parquet");
    Reply file = download(job);
    assertThat(file.header("Content-Type")).isEqualTo("application/vnd.apache.parquet");
    Path p = write(file.body());
    String source = "read_parquet('" + p + "')";

    ParquetFiles.Table table = ParquetFiles.read(file.body(), "id");
    assertThat(table.types())
        .contains(
            entry("id", "VARCHAR"),
            entry("date_created", "TIMESTAMP WITH TIME ZONE"),
            entry("num_contacts", "BIGINT"),
            entry("last_activity_date", "TIMESTAMP WITH TIME ZONE"));
    assertThat(table.types().get("contacts"))
        .startsWith("STRUCT(id VARCHAR, lead_id VARCHAR, \"name\" VARCHAR")
        .contains("emails STRUCT(email VARCHAR, \"type\" VARCHAR)[]")
        .endsWith(")[]");
    assertThat(table.types().get("opportunities"))
        .contains("\"value\" BIGINT", "confidence BIGINT", "date_won DATE");
    assertThat(table.types().get("activities")).contains("date TIMESTAMP WITH TIME ZONE");
    assertThat(table.types().get("addresses")).contains("city VARCHAR");
    assertThat(table.types())
        .anySatisfy((name, type) -> {
          assertThat(name).startsWith("custom.cf_");
          assertThat(type).isEqualTo("DOUBLE");
        });

    // Items per lead: unnest counts them as the database does.
    Map<String, List<Long>> db = new HashMap<>();
    jdbi.useHandle(h ->
        h.createQuery(
                """
                select l.id,
                  (select count(*) from contacts c where c.lead_id = l.id) as c,
                  (select count(*) from opportunities o where o.lead_id = l.id) as o,
                  (select count(*) from addresses a where a.lead_id = l.id) as a,
                  (select count(*) from activities x where x.lead_id = l.id) as x
                from leads l where l.workspace_id = :ws and l.deleted_at is null
                """)
            .bind("ws", t.workspaceId())
            .mapToMap()
            .forEach(m ->
                db.put(
                    (String) m.get("id"),
                    List.of(
                        (Long) m.get("c"),
                        (Long) m.get("o"),
                        (Long) m.get("a"),
                        (Long) m.get("x")))));
    Map<String, List<Long>> parquet = new HashMap<>();
    for (Map<String, Object> m :
        ParquetFiles.query(
            "select id, len(contacts) as c, len(opportunities) as o, len(addresses) as a,"
                + " len(activities) as x from "
                + source)) {
      parquet.put(
          (String) m.get("id"),
          List.of((Long) m.get("c"), (Long) m.get("o"), (Long) m.get("a"), (Long) m.get("x")));
    }
    assertThat(parquet).hasSize(302).isEqualTo(db);
    long contacts = db.values().stream().mapToLong(l -> l.get(0)).sum();
    assertThat(
            ParquetFiles.query(
                "select count(*) as n from (select unnest(contacts) from " + source + ")"))
        .containsExactly(Map.of("n", contacts));

    // A lead without items has empty lists, as its JSON has empty arrays.
    assertThat(
            ParquetFiles.query(
                "select contacts is null as nulls, len(contacts) as c, len(addresses) as a from "
                    + source
                    + " where id = '"
                    + bare
                    + "'"))
        .containsExactly(Map.of("nulls", false, "c", 0L, "a", 0L));

    // The same documents as the JSON export's, value for value.
    JsonNode json = Json.MAPPER.valueToTree(documents());
    assertThat(json.size()).isEqualTo(302);
    Map<String, Map<String, Object>> rows = new HashMap<>();
    for (Map<String, Object> m :
        ParquetFiles.query(
            "select id, display_name, status_label, epoch_us(date_created) as created,"
                + " to_json(contacts)::varchar as contacts,"
                + " to_json(opportunities)::varchar as opportunities,"
                + " to_json(addresses)::varchar as addresses, num_contacts from "
                + source)) {
      rows.put((String) m.get("id"), m);
    }
    int compared = 0;
    for (JsonNode lead : json) {
      Map<String, Object> row = rows.get(lead.path("id").asText());
      assertThat(row).as(lead.path("id").asText()).isNotNull();
      assertThat(row.get("display_name")).isEqualTo(text(lead.get("display_name")));
      assertThat(row.get("status_label")).isEqualTo(text(lead.get("status_label")));
      assertThat(row.get("created")).isEqualTo(micros(lead.path("date_created").asText()));
      assertThat(row.get("num_contacts")).isEqualTo(lead.path("num_contacts").asLong());
      sameItems(lead.path("contacts"), parse(row.get("contacts")), "name", "title", "lead_id");
      sameChannels(lead.path("contacts"), parse(row.get("contacts")));
      sameItems(
          lead.path("opportunities"),
          parse(row.get("opportunities")),
          "status_label",
          "value",
          "confidence",
          "date_won",
          "value_currency");
      sameItems(lead.path("addresses"), parse(row.get("addresses")), "label", "city", "zipcode");
      compared++;
    }
    assertThat(compared).isEqualTo(302);

    // The query of docs/parquet.md: a row per contact's email.
    long emails = 0;
    for (JsonNode lead : json) {
      for (JsonNode c : lead.path("contacts")) {
        emails += c.path("emails").size();
      }
    }
    assertThat(emails).isPositive();
    assertThat(
            ParquetFiles.query(
                "select count(*) as n from (select l.id, c.name, e.email from "
                    + source
                    + " l, unnest(l.contacts) as t(c), unnest(c.emails) as u(e))"))
        .containsExactly(Map.of("n", emails));
  }

  @Test
  void conflictsAreRefusedNamingTheParameter() {
    for (ObjectNode body :
        List.of(
            request("csv").put("nested", true),
            request("json").put("nested", true),
            Json.object().put("type", "contacts").put("format", "parquet").put("nested", true),
            request("parquet").put("nested", true).put("include_custom_objects", true),
            request("parquet").put("nested", true).put("compression", "gzip"),
            request("parquet").put("nested", "yes"))) {
      Reply r = server.call("POST", "/api/v1/export/lead/", t.key(), body);
      assertThat(r.status()).as(body + " " + r).isEqualTo(400);
    }
    Reply r =
        server.call("POST", "/api/v1/export/lead/", t.key(), request("csv").put("nested", true));
    assertThat(r.text()).contains("nested only works with the leads type with the parquet format");
    // Without nested, Parquet stays rows of columns and refuses the documents' options as before.
    Reply flat = server.call("POST", "/api/v1/export/lead/", t.key(), request("parquet"));
    assertThat(flat.status()).isEqualTo(400);
    assertThat(flat.text()).contains("include_activities");
  }

  private static JsonNode documents() {
    JsonNode job = run(server, t.key(), request("json"));
    try {
      return Json.MAPPER.readTree(AsyncExports.file(job));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys {@code keys} of each item, in order, are the JSON's. */
  private static void sameItems(JsonNode json, JsonNode parquet, String... keys) {
    assertThat(parquet.size()).isEqualTo(json.size());
    for (int i = 0; i < json.size(); i++) {
      assertThat(parquet.get(i).path("id").asText()).isEqualTo(json.get(i).path("id").asText());
      for (String k : keys) {
        JsonNode want = json.get(i).get(k);
        JsonNode got = parquet.get(i).get(k);
        assertThat(got == null || got.isNull() ? null : got.asText())
            .as("%s of %s", k, json.get(i).path("id"))
            .isEqualTo(want == null || want.isNull() ? null : want.asText());
      }
    }
  }

  private static void sameChannels(JsonNode json, JsonNode parquet) {
    for (int i = 0; i < json.size(); i++) {
      for (String k : List.of("emails", "phones", "urls")) {
        assertThat(parquet.get(i).get(k).toString())
            .as("%s of %s", k, json.get(i).path("id"))
            .isEqualTo(json.get(i).get(k).toString());
      }
    }
  }

  private static JsonNode parse(Object json) {
    try {
      return json == null ? Json.array() : Json.parse((String) json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }

  private static long micros(String instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
  }

  private static Path write(byte[] bytes) {
    try {
      Path p = Files.createTempFile("nested-parquet-it-", ".parquet");
      p.toFile().deleteOnExit();
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
