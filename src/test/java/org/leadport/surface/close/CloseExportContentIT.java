package org.leadport.surface.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.LeadMembers.SMART;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.export.writer.FormulaSafety;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * What Close exports (docs/close-exports.md) write, value by value, on one server whose clock
 * stands at {@code 2026-02-18T13:04:05.123456Z}:
 *
 * <ul>
 *   <li>{@link DateFormats}: every {@code date_format} against expected strings written out by hand
 *       (never produced by a formatter), on hand-made leads whose instants have microseconds, fall
 *       on midnight, noon and the last microsecond of a day, and arrive with non-UTC offsets. JSON
 *       keeps the native instants and refuses the CSV-only formats.
 *   <li>{@link SmartFieldValues}: every smart field of every row of seeded data against values this
 *       test computes itself from the native lead JSON ({@code GET /api/v1/leads}).
 *   <li>{@link TenThousandLeads}: 10,000 seeded leads exported as JSON, JSONL and CSV parse back to
 *       exactly the stored data.
 * </ul>
 *
 * <p>The smart fields, as this test computes them from a lead's native JSON (communications are
 * activities of type {@code call}, {@code email}, {@code sms} or {@code meeting}; notes are not):
 *
 * <ul>
 *   <li>{@code num_contacts}: the lead's contacts;
 *   <li>{@code num_emails}, {@code num_calls}, {@code num_notes}: its activities of type {@code
 *       email}, {@code call}, {@code note};
 *   <li>{@code num_opportunities}: its opportunities; {@code num_won_opportunities}: those whose
 *       {@code status_type} is {@code won};
 *   <li>{@code times_communicated}: its communications;
 *   <li>{@code first_communication_date} / {@code last_communication_date}: the earliest / latest
 *       {@code date} of its communications;
 *   <li>{@code last_activity_date}: the latest {@code date} of all its activities;
 *   <li>{@code last_call_date}, {@code last_email_date}: the latest {@code date} of its calls,
 *       emails;
 *   <li>{@code primary_opportunity_value}: the {@code value} of its first opportunity (in the order
 *       the native JSON lists them);
 * </ul>
 *
 * A date of no activity at all, and the value without an opportunity, is null (an empty CSV cell).
 * On contact and opportunity rows the smart fields are those of the row's lead. CSV dates are in
 * the export's {@code date_format}; JSON dates are the native {@code …T…SSSSSSZ} instants.
 */
class CloseExportContentIT {
  static final Instant NOW = Instant.parse("2026-02-18T13:04:05.123456Z");

  static final Set<String> COMMUNICATIONS = Set.of("call", "email", "sms", "meeting");

  static MutableClock clock;
  static TestServer server;

  @BeforeAll
  static void start() {
    clock = new MutableClock(NOW);
    server =
        TestServer.builder()
            .clock(clock)
            .rateLimit(100_000)
            .exports(e -> e.withQuota(1_000))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  static ObjectNode body(String type, String format) {
    return Json.object().put("type", type).put("format", format).put("send_done_email", false);
  }

  /**
   * The rows of a CSV file as header → cell maps, in file order; every row as wide as the header.
   */
  static List<Map<String, String>> csv(byte[] bytes) {
    List<CsvRecord> records = new ArrayList<>();
    CsvReader.builder()
        .ofCsvRecord(new String(bytes, StandardCharsets.UTF_8))
        .forEach(records::add);
    assertThat(records).isNotEmpty();
    List<String> header = records.get(0).getFields();
    List<Map<String, String>> rows = new ArrayList<>();
    for (CsvRecord r : records.subList(1, records.size())) {
      assertThat(r.getFields()).as("row %d", r.getStartingLineNumber()).hasSize(header.size());
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), r.getField(i));
      }
      rows.add(row);
    }
    return rows;
  }

  static List<String> csvHeader(byte[] bytes) {
    return CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8)).stream()
        .findFirst()
        .orElseThrow()
        .getFields();
  }

  static List<JsonNode> json(byte[] bytes, String format) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    if (format.equals("json")) {
      JsonNode array = Json.MAPPER.readTree(bytes);
      assertThat(array.isArray()).isTrue();
      array.forEach(out::add);
    } else {
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertThat(text).endsWith("\n");
      for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
        out.add(Json.parse(line));
      }
    }
    return out;
  }

  /** Only the given keys of a row, in the order given. */
  static Map<String, String> pick(Map<String, String> row, Set<String> keys) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : keys) {
      assertThat(row).containsKey(k);
      out.put(k, row.get(k));
    }
    return out;
  }

  static Map<String, String> byKey(List<Map<String, String>> rows, String key, String value) {
    return rows.stream()
        .filter(r -> value.equals(r.get(key)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row with " + key + " = " + value));
  }

  static JsonNode create(String key, String path, Object body) {
    Reply r = server.call("POST", path, key, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** A native lead's JSON under Close's names, as Close exports write it. */
  static ObjectNode closeNamed(ObjectNode nativeLead) {
    ObjectNode out = Json.object();
    for (var e : nativeLead.properties()) {
      switch (e.getKey()) {
        case "custom" ->
            e.getValue().properties().forEach(c -> out.set("custom." + c.getKey(), c.getValue()));
        case "created_at" -> out.set("date_created", e.getValue());
        case "updated_at" -> out.set("date_updated", e.getValue());
        case "deleted_at" -> {}
        default -> out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  static ObjectNode withoutSmartFields(JsonNode doc) {
    ObjectNode copy = doc.deepCopy();
    copy.remove(SMART);
    return copy;
  }

  static JsonNode normalised(JsonNode node) throws Exception {
    return Json.parse(Json.text(node));
  }

  // ---------------------------------------------------------------------------------------------
  // The smart fields, computed by the test from native lead JSON
  // ---------------------------------------------------------------------------------------------

  /** A lead's smart fields; dates are the native activity date strings, null when none. */
  record Smart(
      long contacts,
      long emails,
      long calls,
      long notes,
      long opportunities,
      long won,
      long communications,
      String firstCommunication,
      String lastCommunication,
      String lastActivity,
      String lastCall,
      String lastEmail,
      JsonNode primaryValue) {

    static Smart of(JsonNode lead) {
      JsonNode acts = lead.path("activities");
      JsonNode opps = lead.path("opportunities");
      Predicate<JsonNode> comm = a -> COMMUNICATIONS.contains(a.path("type").asText());
      long won = 0;
      for (JsonNode o : opps) {
        if (o.path("status_type").asText().equals("won")) {
          won++;
        }
      }
      return new Smart(
          lead.path("contacts").size(),
          count(acts, type("email")),
          count(acts, type("call")),
          count(acts, type("note")),
          opps.size(),
          won,
          count(acts, comm),
          extreme(acts, comm, false),
          extreme(acts, comm, true),
          extreme(acts, a -> true, true),
          extreme(acts, type("call"), true),
          extreme(acts, type("email"), true),
          opps.isEmpty() ? null : opps.get(0).path("value"));
    }

    private static Predicate<JsonNode> type(String t) {
      return a -> a.path("type").asText().equals(t);
    }

    private static long count(JsonNode acts, Predicate<JsonNode> p) {
      long n = 0;
      for (JsonNode a : acts) {
        if (p.test(a)) {
          n++;
        }
      }
      return n;
    }

    /** The date string of the latest (or earliest) matching activity, compared as instants. */
    private static String extreme(JsonNode acts, Predicate<JsonNode> p, boolean latest) {
      String best = null;
      for (JsonNode a : acts) {
        if (!p.test(a)) {
          continue;
        }
        String d = a.path("date").asText();
        assertThat(d).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        if (best == null) {
          best = d;
        } else {
          int c = Instant.parse(d).compareTo(Instant.parse(best));
          if (latest ? c > 0 : c < 0) {
            best = d;
          }
        }
      }
      return best;
    }

    /** The CSV cells of an {@code iso8601} export, in export order. */
    Map<String, String> iso8601Cells() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("num_contacts", Long.toString(contacts));
      m.put("num_emails", Long.toString(emails));
      m.put("num_calls", Long.toString(calls));
      m.put("num_notes", Long.toString(notes));
      m.put("num_opportunities", Long.toString(opportunities));
      m.put("num_won_opportunities", Long.toString(won));
      m.put("times_communicated", Long.toString(communications));
      m.put("first_communication_date", iso8601(firstCommunication));
      m.put("last_communication_date", iso8601(lastCommunication));
      m.put("last_activity_date", iso8601(lastActivity));
      m.put("last_call_date", iso8601(lastCall));
      m.put("last_email_date", iso8601(lastEmail));
      m.put(
          "primary_opportunity_value",
          primaryValue == null || primaryValue.isNull() ? "" : primaryValue.asText());
      return m;
    }

    /** The JSON members, with the native date strings as they are. */
    JsonNode json() throws Exception {
      ObjectNode o = Json.object();
      o.put("num_contacts", contacts);
      o.put("num_emails", emails);
      o.put("num_calls", calls);
      o.put("num_notes", notes);
      o.put("num_opportunities", opportunities);
      o.put("num_won_opportunities", won);
      o.put("times_communicated", communications);
      o.put("first_communication_date", firstCommunication);
      o.put("last_communication_date", lastCommunication);
      o.put("last_activity_date", lastActivity);
      o.put("last_call_date", lastCall);
      o.put("last_email_date", lastEmail);
      if (primaryValue == null) {
        o.putNull("primary_opportunity_value");
      } else {
        o.set("primary_opportunity_value", primaryValue);
      }
      // Parsing back gives the number nodes a parsed file has (IntNode for small longs).
      return normalised(o);
    }

    /**
     * {@code 2026-01-05T09:15:30.654321Z} as {@code iso8601} writes it: cut to whole seconds (no
     * rounding) and with an explicit UTC offset, {@code 2026-01-05T09:15:30+00:00}.
     */
    static String iso8601(String nativeInstant) {
      return nativeInstant == null ? "" : nativeInstant.substring(0, 19) + "+00:00";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (a) Every date format against hand-written strings
  // ---------------------------------------------------------------------------------------------

  /**
   * Hand-made leads: "Dated Co" (created at {@link #NOW}) with custom date-time, date and number
   * values, one contact, a won and an active opportunity and seven activities; "Quiet Co" (created
   * at 2026-02-18T23:59:59.999999Z, the last microsecond of the day) with one contact and nothing
   * else but a date-time given at +13:00.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class DateFormats {
    Tenant t;
    String datedId;
    String quietId;
    String kickoffId;
    String renewalId;
    String seatsId;

    @BeforeAll
    void createLeads() {
      t = server.tenant("close-dates");
      kickoffId = field("Kickoff", "datetime");
      renewalId = field("Renewal", "date");
      seatsId = field("Seats", "number");

      ObjectNode dated = Json.object().put("name", "Dated Co");
      dated
          .putObject("custom")
          .put(kickoffId, "2026-07-04T00:30:00.5Z")
          .put(renewalId, "2026-12-31")
          .put(seatsId, -42);
      dated
          .putArray("contacts")
          .addObject()
          .put("name", "Ada Dates")
          .putArray("emails")
          .addObject()
          .put("email", "ada@dated.example")
          .put("type", "office");
      var opps = dated.putArray("opportunities");
      opps.addObject()
          .put("status_type", "won")
          .put("status_label", "Won")
          .put("value", 125_000)
          .put("value_currency", "USD")
          .put("date_won", "2026-03-15");
      opps.addObject().put("status_type", "active").put("value", 5_000);
      var acts = dated.putArray("activities");
      acts.addObject().put("type", "note").put("date", "2025-12-01T00:00:00Z");
      acts.addObject().put("type", "meeting").put("date", "2025-12-31T00:00:00.000001Z");
      acts.addObject().put("type", "sms").put("date", "2026-01-03T01:00:00-05:00");
      acts.addObject().put("type", "call").put("date", "2026-01-04T18:00:00Z");
      acts.addObject().put("type", "call").put("date", "2026-01-05T09:15:30.654321Z");
      acts.addObject().put("type", "email").put("date", "2026-01-06T23:59:59.999999Z");
      acts.addObject().put("type", "meeting").put("date", "2026-01-07T00:59:00Z");
      acts.addObject().put("type", "note").put("date", "2026-01-07T12:00:00Z");
      datedId = create(t.key(), "/api/v1/leads", dated).path("id").asText();

      clock.advance(Duration.between(NOW, Instant.parse("2026-02-18T23:59:59.999999Z")));
      ObjectNode quiet = Json.object().put("name", "Quiet Co");
      quiet.putObject("custom").put(kickoffId, "2026-02-18T12:00:00+13:00");
      quiet.putArray("contacts").addObject().put("name", "Quinn Quiet");
      quietId = create(t.key(), "/api/v1/leads", quiet).path("id").asText();
    }

    String field(String name, String type) {
      return create(
              t.key(), "/api/v1/custom_fields", Json.object().put("name", name).put("type", type))
          .path("id")
          .asText();
    }

    /**
     * Every instant of the data set as one format writes it, typed out by hand. {@code word} is the
     * request's date_format, null to leave it out.
     */
    record Expected(
        String word,
        String datedCreated,
        String quietCreated,
        String kickoff,
        String quietKickoff,
        String firstCommunication,
        String lastCommunication,
        String lastActivity,
        String lastCall,
        String lastEmail) {

      @Override
      public String toString() {
        return word == null ? "(default)" : word;
      }
    }

    static Stream<Expected> formats() {
      Expected original =
          new Expected(
              "original",
              "2026-02-18 13:04:05.123456+00:00",
              "2026-02-18 23:59:59.999999+00:00",
              "2026-07-04 00:30:00.500000+00:00",
              "2026-02-17 23:00:00.000000+00:00",
              "2025-12-31 00:00:00.000001+00:00",
              "2026-01-07 00:59:00.000000+00:00",
              "2026-01-07 12:00:00.000000+00:00",
              "2026-01-05 09:15:30.654321+00:00",
              "2026-01-06 23:59:59.999999+00:00");
      Expected iso8601 =
          new Expected(
              "iso8601",
              "2026-02-18T13:04:05+00:00",
              "2026-02-18T23:59:59+00:00",
              "2026-07-04T00:30:00+00:00",
              "2026-02-17T23:00:00+00:00",
              "2025-12-31T00:00:00+00:00",
              "2026-01-07T00:59:00+00:00",
              "2026-01-07T12:00:00+00:00",
              "2026-01-05T09:15:30+00:00",
              "2026-01-06T23:59:59+00:00");
      Expected excel =
          new Expected(
              "excel",
              "2026-02-18 01:04:05 PM",
              "2026-02-18 11:59:59 PM",
              "2026-07-04 12:30:00 AM",
              "2026-02-17 11:00:00 PM",
              "2025-12-31 12:00:00 AM",
              "2026-01-07 12:59:00 AM",
              "2026-01-07 12:00:00 PM",
              "2026-01-05 09:15:30 AM",
              "2026-01-06 11:59:59 PM");
      Expected byDefault =
          new Expected(
              null,
              original.datedCreated(),
              original.quietCreated(),
              original.kickoff(),
              original.quietKickoff(),
              original.firstCommunication(),
              original.lastCommunication(),
              original.lastActivity(),
              original.lastCall(),
              original.lastEmail());
      return Stream.of(byDefault, original, iso8601, excel);
    }

    /** Dated Co's smart fields in format {@code e}. */
    Map<String, String> datedSmart(Expected e) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("num_contacts", "1");
      m.put("num_emails", "1");
      m.put("num_calls", "2");
      m.put("num_notes", "2");
      m.put("num_opportunities", "2");
      m.put("num_won_opportunities", "1");
      m.put("times_communicated", "6");
      m.put("first_communication_date", e.firstCommunication());
      m.put("last_communication_date", e.lastCommunication());
      m.put("last_activity_date", e.lastActivity());
      m.put("last_call_date", e.lastCall());
      m.put("last_email_date", e.lastEmail());
      m.put("primary_opportunity_value", "125000");
      return m;
    }

    /** Quiet Co's smart fields: one contact, nothing else, so no dates and no value. */
    Map<String, String> quietSmart() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("num_contacts", "1");
      for (String n :
          List.of(
              "num_emails",
              "num_calls",
              "num_notes",
              "num_opportunities",
              "num_won_opportunities",
              "times_communicated")) {
        m.put(n, "0");
      }
      for (String n :
          List.of(
              "first_communication_date",
              "last_communication_date",
              "last_activity_date",
              "last_call_date",
              "last_email_date",
              "primary_opportunity_value")) {
        m.put(n, "");
      }
      return m;
    }

    ObjectNode csvBody(String type, Expected e) {
      ObjectNode b = body(type, "csv").put("include_smart_fields", true);
      if (e.word() != null) {
        b.put("date_format", e.word());
      }
      return b;
    }

    List<Map<String, String>> export(String type, Expected e) {
      JsonNode job = AsyncExports.run(server, t.key(), csvBody(type, e));
      assertThat(job.path("date_format").asText())
          .isEqualTo(e.word() == null ? "original" : e.word());
      return csv(AsyncExports.file(job));
    }

    @ParameterizedTest(name = "date_format {0}")
    @MethodSource("formats")
    void leadRowsWriteEveryInstantInTheDateFormatAndDatesAsIs(Expected e) {
      List<Map<String, String>> rows = export("leads", e);
      assertThat(rows).extracting(r -> r.get("id")).containsExactly(datedId, quietId);

      Map<String, String> dated = new LinkedHashMap<>();
      dated.put("date_created", e.datedCreated());
      dated.put("date_updated", e.datedCreated());
      dated.put("custom." + kickoffId, e.kickoff());
      dated.put("custom." + renewalId, "2026-12-31");
      dated.put("custom." + seatsId, "-42");
      dated.putAll(datedSmart(e));
      assertThat(pick(rows.get(0), dated.keySet())).isEqualTo(dated);
      // Close's names: date_created/date_updated, custom.cf_…, and no deleted_at (live leads only).
      assertThat(rows.get(0)).doesNotContainKeys("created_at", "deleted_at", "custom.Kickoff");

      Map<String, String> quiet = new LinkedHashMap<>();
      quiet.put("date_created", e.quietCreated());
      quiet.put("date_updated", e.quietCreated());
      quiet.put("custom." + kickoffId, e.quietKickoff());
      quiet.put("custom." + renewalId, "");
      quiet.put("custom." + seatsId, "");
      quiet.putAll(quietSmart());
      assertThat(pick(rows.get(1), quiet.keySet())).isEqualTo(quiet);
    }

    @ParameterizedTest(name = "date_format {0}")
    @MethodSource("formats")
    void contactRowsWriteTheirInstantsAndTheirLeadsInTheDateFormat(Expected e) {
      List<Map<String, String>> rows = export("contacts", e);
      assertThat(rows).extracting(r -> r.get("lead_id")).containsExactly(datedId, quietId);

      Map<String, String> ada = new LinkedHashMap<>();
      ada.put("name", "Ada Dates");
      ada.put("date_created", e.datedCreated());
      ada.put("date_updated", e.datedCreated());
      ada.put("custom." + kickoffId, e.kickoff());
      ada.put("custom." + renewalId, "2026-12-31");
      ada.put("custom." + seatsId, "-42");
      ada.putAll(datedSmart(e));
      assertThat(pick(rows.get(0), ada.keySet())).isEqualTo(ada);

      Map<String, String> quinn = new LinkedHashMap<>();
      quinn.put("name", "Quinn Quiet");
      quinn.put("date_created", e.quietCreated());
      quinn.put("date_updated", e.quietCreated());
      quinn.put("custom." + kickoffId, e.quietKickoff());
      quinn.put("custom." + renewalId, "");
      quinn.put("custom." + seatsId, "");
      quinn.putAll(quietSmart());
      assertThat(pick(rows.get(1), quinn.keySet())).isEqualTo(quinn);
    }

    @ParameterizedTest(name = "date_format {0}")
    @MethodSource("formats")
    void opportunityRowsKeepDateWonAsADayInEveryFormat(Expected e) {
      List<Map<String, String>> rows = export("lead_opps", e);
      assertThat(rows).hasSize(2);

      Map<String, String> won = new LinkedHashMap<>();
      won.put("lead_id", datedId);
      won.put("status_type", "won");
      won.put("value", "125000");
      won.put("date_won", "2026-03-15");
      won.put("date_created", e.datedCreated());
      won.put("date_updated", e.datedCreated());
      won.putAll(datedSmart(e));
      assertThat(pick(rows.get(0), won.keySet())).isEqualTo(won);

      Map<String, String> active = new LinkedHashMap<>(won);
      active.put("status_type", "active");
      active.put("value", "5000");
      active.put("date_won", "");
      assertThat(pick(rows.get(1), active.keySet())).isEqualTo(active);
    }

    @Test
    void leavingDateFormatOutWritesTheSameFileAsOriginal() {
      Expected original = formats().filter(e -> "original".equals(e.word())).findFirst().get();
      Expected byDefault = formats().filter(e -> e.word() == null).findFirst().get();
      for (String type : List.of("leads", "contacts", "lead_opps")) {
        byte[] explicit =
            AsyncExports.file(AsyncExports.run(server, t.key(), csvBody(type, original)));
        byte[] implicit =
            AsyncExports.file(AsyncExports.run(server, t.key(), csvBody(type, byDefault)));
        assertThat(new String(implicit, StandardCharsets.UTF_8))
            .as(type)
            .isEqualTo(new String(explicit, StandardCharsets.UTF_8));
      }
    }

    @ParameterizedTest(name = "date_format {0}")
    @ValueSource(strings = {"", "original"})
    void jsonLeadDocumentsKeepTheNativeInstants(String word) throws Exception {
      ObjectNode body = body("leads", "json").put("include_smart_fields", true);
      if (!word.isEmpty()) {
        body.put("date_format", word);
      }
      List<JsonNode> docs =
          json(AsyncExports.file(AsyncExports.run(server, t.key(), body)), "json");
      assertThat(docs).extracting(d -> d.path("id").asText()).containsExactly(datedId, quietId);

      JsonNode dated = docs.get(0);
      assertThat(dated.path("date_created").asText()).isEqualTo("2026-02-18T13:04:05.123456Z");
      assertThat(dated.path("date_updated").asText()).isEqualTo("2026-02-18T13:04:05.123456Z");
      assertThat(dated.has("deleted_at")).isFalse();
      assertThat(dated.has("custom")).isFalse();
      assertThat(dated.path("custom." + kickoffId).asText())
          .isEqualTo("2026-07-04T00:30:00.500000Z");
      assertThat(dated.path("custom." + renewalId).asText()).isEqualTo("2026-12-31");
      assertThat(dated.path("custom." + seatsId)).isEqualTo(Json.parse("-42"));
      assertThat(dated.path("opportunities").path(0).path("date_won").asText())
          .isEqualTo("2026-03-15");
      assertThat(dated.has("activities")).isFalse();
      ObjectNode smart =
          Json.parse(
                  """
                  {"num_contacts":1,"num_emails":1,"num_calls":2,"num_notes":2,
                   "num_opportunities":2,"num_won_opportunities":1,"times_communicated":6,
                   "first_communication_date":"2025-12-31T00:00:00.000001Z",
                   "last_communication_date":"2026-01-07T00:59:00.000000Z",
                   "last_activity_date":"2026-01-07T12:00:00.000000Z",
                   "last_call_date":"2026-01-05T09:15:30.654321Z",
                   "last_email_date":"2026-01-06T23:59:59.999999Z",
                   "primary_opportunity_value":125000}
                  """)
              .deepCopy();
      ObjectNode datedSmart = dated.deepCopy();
      datedSmart.retain(SMART);
      assertThat(datedSmart).isEqualTo(smart);
      // Everything else is the native lead JSON under Close's names, activities left out.
      ObjectNode nativeDated = (ObjectNode) get("/api/v1/leads/" + datedId);
      nativeDated.remove("activities");
      assertThat(withoutSmartFields(dated)).isEqualTo(closeNamed(nativeDated));

      JsonNode quiet = docs.get(1);
      assertThat(quiet.path("date_created").asText()).isEqualTo("2026-02-18T23:59:59.999999Z");
      assertThat(quiet.path("custom." + kickoffId).asText())
          .isEqualTo("2026-02-17T23:00:00.000000Z");
      ObjectNode quietSmart = quiet.deepCopy();
      quietSmart.retain(SMART);
      assertThat(quietSmart)
          .isEqualTo(
              Json.parse(
                  """
                  {"num_contacts":1,"num_emails":0,"num_calls":0,"num_notes":0,
                   "num_opportunities":0,"num_won_opportunities":0,"times_communicated":0,
                   "first_communication_date":null,"last_communication_date":null,
                   "last_activity_date":null,"last_call_date":null,"last_email_date":null,
                   "primary_opportunity_value":null}
                  """));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "jsonl"})
    void jsonRowsOfContactsAndOpportunitiesKeepTheNativeInstants(String format) throws Exception {
      List<JsonNode> contacts =
          json(
              AsyncExports.file(AsyncExports.run(server, t.key(), body("contacts", format))),
              format);
      assertThat(contacts).hasSize(2);
      JsonNode ada = contacts.get(0);
      assertThat(ada.path("name").asText()).isEqualTo("Ada Dates");
      assertThat(ada.path("date_created").asText()).isEqualTo("2026-02-18T13:04:05.123456Z");
      assertThat(ada.path("date_updated").asText()).isEqualTo("2026-02-18T13:04:05.123456Z");
      assertThat(ada.path("custom." + kickoffId).asText()).isEqualTo("2026-07-04T00:30:00.500000Z");
      assertThat(ada.path("custom." + renewalId).asText()).isEqualTo("2026-12-31");
      assertThat(ada.path("custom." + seatsId)).isEqualTo(Json.parse("-42"));
      JsonNode quinn = contacts.get(1);
      assertThat(quinn.path("date_created").asText()).isEqualTo("2026-02-18T23:59:59.999999Z");
      assertThat(quinn.path("custom." + kickoffId).asText())
          .isEqualTo("2026-02-17T23:00:00.000000Z");
      assertThat(quinn.path("custom." + renewalId).isNull()).isTrue();

      List<JsonNode> opps =
          json(
              AsyncExports.file(AsyncExports.run(server, t.key(), body("lead_opps", format))),
              format);
      assertThat(opps).hasSize(2);
      assertThat(opps.get(0).path("date_won").asText()).isEqualTo("2026-03-15");
      assertThat(opps.get(0).path("date_created").asText())
          .isEqualTo("2026-02-18T13:04:05.123456Z");
      assertThat(opps.get(0).path("value")).isEqualTo(Json.parse("125000"));
      assertThat(opps.get(1).path("date_won").isNull()).isTrue();
    }

    static Stream<Arguments> csvOnlyFormats() {
      List<Arguments> out = new ArrayList<>();
      for (String format : List.of("json", "jsonl")) {
        for (String type : List.of("leads", "contacts", "lead_opps")) {
          for (String word : List.of("iso8601", "excel")) {
            out.add(Arguments.of(format, type, word));
          }
        }
      }
      return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} date_format {2}")
    @MethodSource("csvOnlyFormats")
    void jsonRefusesTheCsvDateFormats(String format, String type, String word) {
      Reply r =
          server.call(
              "POST", "/api/v1/export/lead/", t.key(), body(type, format).put("date_format", word));
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.json().path("param").asText()).isEqualTo("date_format");
    }

    JsonNode get(String path) {
      Reply r = server.call("GET", path, t.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.json();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (b) Smart fields against independently computed values
  // ---------------------------------------------------------------------------------------------

  /** 300 seeded leads; every smart field of every exported row against {@link Smart#of}. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SmartFieldValues {
    Tenant t;
    Map<String, JsonNode> leads = new LinkedHashMap<>();

    @BeforeAll
    void seed() {
      t = server.tenant("close-smart");
      assertThat(server.seed(t.workspaceId(), 300, 42).path("leads").asLong()).isEqualTo(300);
      AsyncExports.nativeLeads(server, t.key()).forEach(l -> leads.put(l.path("id").asText(), l));
      assertThat(leads).hasSize(300);
      // The data exercises every branch of the definitions.
      Set<String> activityTypes = new HashSet<>();
      Set<String> statusTypes = new HashSet<>();
      int withoutActivities = 0;
      int withoutOpportunities = 0;
      for (JsonNode l : leads.values()) {
        l.path("activities").forEach(a -> activityTypes.add(a.path("type").asText()));
        l.path("opportunities").forEach(o -> statusTypes.add(o.path("status_type").asText()));
        withoutActivities += l.path("activities").isEmpty() ? 1 : 0;
        withoutOpportunities += l.path("opportunities").isEmpty() ? 1 : 0;
      }
      assertThat(activityTypes)
          .containsExactlyInAnyOrder("note", "call", "email", "meeting", "sms");
      assertThat(statusTypes).containsExactlyInAnyOrder("won", "lost", "active");
      assertThat(withoutActivities).isPositive();
      assertThat(withoutOpportunities).isPositive();
    }

    /** The ids of a type's rows for one lead. */
    List<String> rowIds(String type, JsonNode lead) {
      List<String> ids = new ArrayList<>();
      switch (type) {
        case "leads" -> ids.add(lead.path("id").asText());
        case "contacts" -> lead.path("contacts").forEach(c -> ids.add(c.path("id").asText()));
        default -> lead.path("opportunities").forEach(o -> ids.add(o.path("id").asText()));
      }
      return ids;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"leads", "contacts", "lead_opps"})
    void csvRowsCarryTheirLeadsSmartFields(String type) {
      ObjectNode body =
          body(type, "csv").put("include_smart_fields", true).put("date_format", "iso8601");
      byte[] file = AsyncExports.file(AsyncExports.run(server, t.key(), body));
      List<String> header = csvHeader(file);
      assertThat(header.subList(header.size() - SMART.size(), header.size()))
          .containsExactlyElementsOf(SMART);

      List<Map<String, String>> rows = csv(file);
      String leadColumn = type.equals("leads") ? "id" : "lead_id";
      Map<String, Smart> expected = new HashMap<>();
      List<String> expectedIds = new ArrayList<>();
      leads.forEach((id, lead) -> {
        expected.put(id, Smart.of(lead));
        expectedIds.addAll(rowIds(type, lead));
      });
      List<String> ids = new ArrayList<>();
      for (Map<String, String> row : rows) {
        String leadId = row.get(leadColumn);
        assertThat(expected).as("row of an unknown lead").containsKey(leadId);
        assertThat(pick(row, new LinkedHashSet<>(SMART)))
            .as("%s row %s of lead %s", type, row.get("id"), leadId)
            .isEqualTo(expected.get(leadId).iso8601Cells());
        ids.add(row.get("id"));
      }
      assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedIds);
    }

    @Test
    void jsonLeadDocumentsCarryTheSmartFieldsAsNativeValues() throws Exception {
      ObjectNode body = body("leads", "json").put("include_smart_fields", true);
      List<JsonNode> docs =
          json(AsyncExports.file(AsyncExports.run(server, t.key(), body)), "json");
      assertThat(docs)
          .extracting(d -> d.path("id").asText())
          .containsExactlyInAnyOrderElementsOf(leads.keySet());
      for (JsonNode doc : docs) {
        String id = doc.path("id").asText();
        JsonNode lead = leads.get(id);
        ObjectNode smart = doc.deepCopy();
        smart.retain(SMART);
        assertThat(smart).as("smart fields of %s", id).isEqualTo(Smart.of(lead).json());
        ObjectNode rest = closeNamed(lead.deepCopy());
        rest.remove("activities");
        assertThat(withoutSmartFields(doc)).as("lead %s", id).isEqualTo(rest);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (c) 10,000 leads parse back to exactly the stored data
  // ---------------------------------------------------------------------------------------------

  /**
   * 10,000 seeded leads (a few patched to hold custom numbers that must stay plain: -42, 2.5, 0,
   * 2^53+1, and a text of "-42" that must be neutralised); the JSON, JSONL and CSV exports are
   * created together up front and each test checks one file against the native lead JSON.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TenThousandLeads {
    static final int LEADS = 10_000;

    Tenant t;
    Map<String, JsonNode> leads = new HashMap<>();
    List<JsonNode> fields;
    Map<String, String> jobs = new HashMap<>();

    @BeforeAll
    void seedAndExport() {
      t = server.tenant("close-ten-thousand");
      assertThat(server.seed(t.workspaceId(), LEADS, 2026).path("leads").asLong()).isEqualTo(LEADS);
      fields = new ArrayList<>();
      get("/api/v1/custom_fields").path("data").forEach(fields::add);
      String employees = fieldId("Employees", "number");
      String notes = fieldId("Notes", "text");

      List<String> some = new ArrayList<>();
      get("/api/v1/leads?limit=5").path("data").forEach(l -> some.add(l.path("id").asText()));
      assertThat(some).hasSize(5);
      patchCustom(some.get(0), Json.object().put(employees, -42).put(notes, "-42"));
      patchCustom(some.get(1), Json.object().put(employees, 2.5));
      patchCustom(some.get(2), Json.object().put(employees, 0));
      patchCustom(some.get(3), Json.object().put(employees, new BigInteger("9007199254740993")));
      patchCustom(some.get(4), Json.object().put(notes, "=SUM(A1:A2)"));

      AsyncExports.nativeLeads(server, t.key()).forEach(l -> leads.put(l.path("id").asText(), l));
      assertThat(leads).hasSize(LEADS);

      for (String format : List.of("json", "jsonl")) {
        ObjectNode body =
            body("leads", format).put("include_activities", true).put("include_addresses", true);
        jobs.put(format, AsyncExports.create(server, t.key(), body).path("id").asText());
      }
      jobs.put(
          "csv", AsyncExports.create(server, t.key(), body("leads", "csv")).path("id").asText());
    }

    JsonNode get(String path) {
      Reply r = server.call("GET", path, t.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.json();
    }

    String fieldId(String name, String type) {
      JsonNode f =
          fields.stream()
              .filter(x -> x.path("name").asText().equals(name))
              .findFirst()
              .orElseThrow();
      assertThat(f.path("type").asText()).isEqualTo(type);
      return f.path("id").asText();
    }

    void patchCustom(String id, ObjectNode custom) {
      ObjectNode body = Json.object();
      body.set("custom", custom);
      Reply r = server.call("PATCH", "/api/v1/leads/" + id, t.key(), body);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    byte[] file(String format) {
      JsonNode job = AsyncExports.await(server, t.key(), jobs.get(format));
      assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("done");
      assertThat(job.path("n_docs").asLong()).isEqualTo(LEADS);
      return AsyncExports.file(job);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "jsonl"})
    void everyDocumentIsTheNativeLeadJson(String format) throws Exception {
      byte[] file = file(format);
      List<JsonNode> docs = json(file, format);
      assertThat(docs).hasSize(LEADS);
      Set<String> ids = new HashSet<>();
      for (JsonNode doc : docs) {
        String id = doc.path("id").asText();
        assertThat(ids.add(id)).as("%s exported twice", id).isTrue();
        assertThat(leads).as("exported lead %s was not seeded", id).containsKey(id);
        // The native lead JSON under Close's names (date_created, custom.cf_…): same values, same
        // order, same number spellings as the text the native API writes.
        ObjectNode expected = closeNamed((ObjectNode) leads.get(id));
        assertThat(doc).as("lead %s", id).isEqualTo(expected);
        assertThat(doc.toString()).as("lead %s", id).isEqualTo(expected.toString());
      }
      if (format.equals("jsonl")) {
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\n");
        for (String line : lines) {
          String id = Json.parse(line).path("id").asText();
          assertThat(line)
              .isEqualTo(
                  new String(
                      Json.MAPPER.writeValueAsBytes(closeNamed((ObjectNode) leads.get(id))),
                      StandardCharsets.UTF_8));
        }
      }
      assertThat(ids).isEqualTo(leads.keySet());
    }

    @Test
    void csvRowsHoldTheNativeValues() {
      List<Map<String, String>> rows = csv(file("csv"));
      assertThat(rows).hasSize(LEADS);
      Set<String> ids = new HashSet<>();
      int neutralised = 0;
      int negative = 0;
      for (Map<String, String> row : rows) {
        String id = row.get("id");
        assertThat(ids.add(id)).as("%s exported twice", id).isTrue();
        JsonNode lead = leads.get(id);
        assertThat(lead).as("exported lead %s was not seeded", id).isNotNull();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", id);
        for (String key : List.of("display_name", "status_label", "url", "description")) {
          expected.put(key, text(lead.path(key)));
        }
        for (JsonNode f : fields) {
          expected.put(
              "custom." + f.path("id").asText(),
              custom(f.path("type").asText(), lead.path("custom").path(f.path("id").asText())));
        }
        Map<String, String> actual = pick(row, expected.keySet());
        assertThat(actual).as("lead %s", id).isEqualTo(expected);
        for (Map.Entry<String, String> e : actual.entrySet()) {
          neutralised += e.getValue().startsWith("'") ? 1 : 0;
        }
        negative += actual.get("custom." + fieldId("Employees", "number")).equals("-42") ? 1 : 0;
      }
      assertThat(ids).isEqualTo(leads.keySet());
      // The comparison did meet neutralised text and a plain negative number.
      assertThat(neutralised).isGreaterThan(10);
      assertThat(negative).isEqualTo(1);
    }

    /** A text cell: formula-safe, empty for null. */
    String text(JsonNode v) {
      return v.isMissingNode() || v.isNull() ? "" : FormulaSafety.text(v.asText());
    }

    /** A custom cell of the default ({@code original}) date format. */
    String custom(String type, JsonNode v) {
      if (v.isMissingNode() || v.isNull()) {
        return "";
      }
      return switch (type) {
        case "text", "choices" -> FormulaSafety.text(v.asText());
        // Plain, never neutralised: -42 stays -42, 2.5 stays 2.5.
        case "number" -> v.decimalValue().toPlainString();
        case "boolean" -> Boolean.toString(v.booleanValue());
        case "date" -> v.asText();
        // 2025-03-04T05:06:07.123456Z → 2025-03-04 05:06:07.123456+00:00
        case "datetime" -> {
          String s = v.asText();
          assertThat(s).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
          yield s.substring(0, 10) + " " + s.substring(11, 26) + "+00:00";
        }
        default -> throw new AssertionError("unexpected custom field type " + type);
      };
    }
  }
}
