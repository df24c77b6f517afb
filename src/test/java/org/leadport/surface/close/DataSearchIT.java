package org.leadport.surface.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Close advanced filtering over HTTP ({@code POST /api/v1/data/search/}): every node type,
 * condition, moment, sort and paging option against a fixture workspace of 60 leads. The expected
 * result of every query is computed in Java from the fixture records by {@link Model}, an
 * independent reading of the query semantics, never by SQL.
 */
class DataSearchIT {
  static final String PATH = "/api/v1/data/search/";

  /** The server's "now" while searching. */
  static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");

  /** When each batch of fixture leads was created (the server clock during its bulk request). */
  static final Instant[] BATCHES = {
    Instant.parse("2025-11-05T09:00:00Z"),
    Instant.parse("2026-01-15T14:30:00Z"),
    Instant.parse("2026-02-18T23:30:00Z"),
    Instant.parse("2026-03-25T06:00:00Z"),
  };

  /** SQL, LIKE and regex metacharacters, for every value slot. */
  static final List<String> INJECTIONS =
      List.of(
          "'; drop table leads; --",
          "%",
          "_",
          "\\",
          "\\\\",
          "' or '1'='1",
          ".*+?()[]{}|^$",
          "%' or 1=1 --",
          "acme%",
          "ac_e",
          "\\m\\M",
          "(?i)acme",
          "[[:alnum:]]",
          "$1",
          "\"); select pg_sleep(10); --",
          "lead_%",
          "*");

  static MutableClock clock;
  static TestServer server;
  static Workspace w;

  @BeforeAll
  static void start() {
    clock = new MutableClock(BATCHES[0]);
    server = TestServer.start(clock, 10_000_000);
    w = Workspace.create(server, clock, "close-search", new Random(20260401L));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ------------------------------------------------------------------------------ the fixture

  @Test
  void fixtureIsWhatTheModelThinks() {
    assertThat(w.leads).hasSize(60);
    // Every lead as the API reads it back agrees with the record the model evaluates.
    ObjectNode body = Json.object().put("_limit", 200).put("include_counts", true);
    // Close's search answers references unless _fields names the keys; "custom" is every custom
    // field, as flat custom.cf_… keys.
    body.putObject("_fields")
        .putArray("lead")
        .add("id")
        .add("display_name")
        .add("date_created")
        .add("contacts")
        .add("opportunities")
        .add("addresses")
        .add("activities")
        .add("custom")
        .add("status_label");
    Reply r = server.call("POST", PATH, w.tenant.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("count").path("total").asInt()).isEqualTo(60);
    assertThat(r.json().path("cursor").isNull()).isTrue();
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    r.json().path("data").forEach(l -> byId.put(l.path("id").asText(), l));
    assertThat(byId.keySet()).containsExactlyElementsOf(w.model.allIds());
    SoftAssertions soft = new SoftAssertions();
    for (FLead l : w.leads) {
      JsonNode json = byId.get(l.id);
      soft.assertThat(json.path("display_name").asText()).as(l.id).isEqualTo(l.displayName());
      soft.assertThat(json.path("date_created").asText())
          .as(l.id)
          .isEqualTo(org.leadport.json.Times.iso(l.created()));
      soft.assertThat(json.path("contacts").size()).as(l.id).isEqualTo(l.contacts.size());
      soft.assertThat(json.path("opportunities").size()).isEqualTo(l.opps.size());
      soft.assertThat(json.path("addresses").size()).isEqualTo(l.addresses.size());
      soft.assertThat(json.path("activities").size()).isEqualTo(l.activities.size());
      soft.assertThat(customKeys(json)).as(l.id).isEqualTo(l.custom.size());
      soft.assertThat(
              json.path("status_label").isNull() ? null : json.path("status_label").asText())
          .isEqualTo(l.status);
    }
    soft.assertAll();
  }

  // ------------------------------------------------------------------------------ text

  @Test
  void theFourTextModesDifferAsDocumented() {
    SoftAssertions soft = new SoftAssertions();
    Map<String, List<String>> byMode = new LinkedHashMap<>();
    for (String mode : List.of("exact_value", "phrase", "full_words", "beginning_of_words")) {
      ObjectNode q = Q.lead("name", Q.text(mode, "Acme Rocket"));
      byMode.put(mode, check(soft, mode, q));
    }
    // Each mode is strictly wider than the one before: the fixture makes every difference visible.
    List<List<String>> sets = List.copyOf(byMode.values());
    for (int i = 1; i < sets.size(); i++) {
      soft.assertThat(sets.get(i)).as(byMode.keySet() + " " + i).containsAll(sets.get(i - 1));
      soft.assertThat(sets.get(i))
          .as(byMode.keySet() + " " + i)
          .hasSizeGreaterThan(sets.get(i - 1).size());
    }
    soft.assertThat(names(byMode.get("exact_value")))
        .contains("ACME rocket")
        .doesNotContain("Acme Rocket Supplies");
    soft.assertThat(names(byMode.get("phrase")))
        .contains("Acme-Rocket Supplies Ltd")
        .doesNotContain("Rocket Acme Supplies");
    soft.assertThat(names(byMode.get("full_words")))
        .contains("Rocket Acme Supplies")
        .doesNotContain("Rocketry Acme");
    soft.assertThat(names(byMode.get("beginning_of_words")))
        .contains("Rocketry Acme", "Acmex Rockets");
    soft.assertAll();
  }

  @Test
  void textConditions() {
    SoftAssertions soft = new SoftAssertions();
    // Case never matters.
    List<String> lower = check(soft, "lower", Q.lead("display_name", Q.text("full_words", "acme")));
    List<String> upper = check(soft, "upper", Q.lead("display_name", Q.text("full_words", "ACME")));
    soft.assertThat(upper).isEqualTo(lower);
    // Close's own example: punctuation separates words, so "ACME Inc." is the words ACME and Inc.
    List<String> inc = check(soft, "close example", closeDocsExample());
    soft.assertThat(names(inc)).contains("ACME Inc.").doesNotContain("Acme Incorporated");
    soft.assertThat(
            names(
                check(
                    soft, "inc prefix", Q.lead("name", Q.text("beginning_of_words", "ACME Inc.")))))
        .contains("ACME Inc.", "Acme Incorporated");
    check(soft, "exact inc", Q.lead("name", Q.text("exact_value", "acme inc.")));
    // Non-Latin text: words, case and prefixes work the same.
    soft.assertThat(names(check(soft, "cyrillic", Q.lead("name", Q.text("full_words", "ракета")))))
        .contains("Ракета Север", "РАКЕТА");
    check(soft, "cyrillic exact", Q.lead("name", Q.text("exact_value", "ракета")));
    check(soft, "cyrillic phrase", Q.lead("name", Q.text("phrase", "ракета север")));
    soft.assertThat(
            names(check(soft, "cjk prefix", Q.lead("name", Q.text("beginning_of_words", "山田")))))
        .contains("山田太郎 商事", "山田 商事");
    soft.assertThat(names(check(soft, "cjk word", Q.lead("name", Q.text("full_words", "山田")))))
        .contains("山田 商事")
        .doesNotContain("山田太郎 商事");
    check(soft, "accent", Q.lead("name", Q.text("full_words", "CAFÉ")));
    // Metacharacters in names are plain text.
    check(soft, "regex name words", Q.lead("name", Q.text("full_words", "rock star labs eu x")));
    check(
        soft,
        "regex name exact",
        Q.lead("name", Q.text("exact_value", "rock.*star (labs) [eu] {x}|^$")));
    check(soft, "underscore word", Q.lead("name", Q.text("full_words", "rocket_fuel")));
    check(soft, "underscore prefix", Q.lead("name", Q.text("beginning_of_words", "rocket_f")));
    check(soft, "no words", Q.lead("name", Q.text("full_words", "%")), true);
    // Other text fields: lead, custom, status label, and related objects.
    check(soft, "url", Q.lead("url", Q.text("beginning_of_words", "acme")));
    check(soft, "description", Q.lead("description", Q.text("phrase", "big deal")));
    check(soft, "status label", Q.lead("status_label", Q.text("exact_value", "QUALIFIED")));
    check(
        soft, "custom text", Q.where(Q.custom(w.field("Notes")), Q.text("phrase", "rocket fair")));
    check(soft, "custom by name", Q.where(Q.custom("Notes"), Q.text("full_words", "email")));
    check(soft, "choices", Q.where(Q.custom(w.field("Industry")), Q.text("exact_value", "retail")));
    check(
        soft,
        "contact name",
        Q.related("contact", Q.field("contact", "name", Q.text("full_words", "ann"))));
    check(
        soft,
        "contact title",
        Q.related("contact", Q.field("contact", "title", Q.text("phrase", "head of"))));
    check(
        soft,
        "contact email",
        Q.related("contact", Q.field("contact", "email", Q.text("full_words", "rocket"))));
    check(
        soft,
        "contact email exact",
        Q.related(
            "contact", Q.field("contact", "email", Q.text("exact_value", "ANN@ACME.EXAMPLE"))));
    check(
        soft,
        "contact phone",
        Q.related("contact", Q.field("contact", "phone", Q.text("beginning_of_words", "555 01"))));
    check(
        soft,
        "city",
        Q.related("address", Q.field("address", "city", Q.text("exact_value", "москва"))));
    check(
        soft,
        "city words",
        Q.related("address", Q.field("address", "city", Q.text("full_words", "paulo"))));
    check(
        soft,
        "activity subject",
        Q.related("activity", Q.field("activity", "subject", Q.text("full_words", "demo"))));
    check(
        soft,
        "opportunity note",
        Q.related(
            "opportunity", Q.field("opportunity", "note", Q.text("beginning_of_words", "renew"))));
    soft.assertAll();
  }

  // ------------------------------------------------------------------------------ conditions

  @Test
  void termReferenceNumberExistsAndBoolean() {
    SoftAssertions soft = new SoftAssertions();
    check(soft, "term source", Q.lead("source", Q.term("google", "referral")));
    check(soft, "term %", Q.lead("source", Q.term("%")));
    check(soft, "term _", Q.lead("source", Q.term("_")));
    check(soft, "term quote", Q.lead("campaign", Q.term("' or '1'='1")));
    check(soft, "term is case-sensitive", Q.lead("campaign", Q.term("SPRING")), true);
    check(
        soft,
        "term choices",
        Q.where(Q.custom(w.field("Industry")), Q.term("Retail", "Aerospace")));
    check(
        soft,
        "term number",
        Q.where(Q.custom(w.field("Employees")), Q.term(new BigDecimal("12.50"))));
    check(soft, "term date", Q.where(Q.custom(w.field("Renewal")), Q.term("2026-03-01")));
    check(soft, "term datetime", Q.where(Q.custom(w.field("Last Audit")), Q.term(w.someAudit())));
    check(soft, "term boolean", Q.where(Q.custom(w.field("Verified")), Q.term(false)));
    check(soft, "term status", Q.lead("status_label", Q.term("Customer")));
    check(
        soft,
        "term contact id",
        Q.related("contact", Q.field("contact", "id", Q.term(w.someContactId()))));
    check(
        soft,
        "term won",
        Q.related("opportunity", Q.field("opportunity", "status_type", Q.term("won"))));
    check(
        soft,
        "term activity type",
        Q.related("activity", Q.field("activity", "type", Q.term("call", "meeting"))));
    check(
        soft,
        "reference status",
        Q.lead("status_id", Q.reference(w.status("Qualified"), w.status("Customer"))));
    check(soft, "reference none", Q.lead("status_id", Q.reference()), true);
    check(soft, "reference unknown", Q.lead("status_id", Q.reference("stat_nope")), true);

    check(
        soft,
        "value gt",
        Q.related(
            "opportunity", Q.field("opportunity", "value", Q.range(10_000, null, null, null))));
    check(
        soft,
        "value gte lte",
        Q.related(
            "opportunity", Q.field("opportunity", "value", Q.range(null, 12_500, null, 99_900))));
    check(
        soft,
        "value gt lt",
        Q.related(
            "opportunity", Q.field("opportunity", "value", Q.range(12_500, null, 99_900, null))));
    check(
        soft,
        "value lte 0",
        Q.related("opportunity", Q.field("opportunity", "value", Q.range(null, null, null, 0))));
    check(
        soft,
        "confidence",
        Q.related(
            "opportunity", Q.field("opportunity", "confidence", Q.range(null, 50, 90, null))));
    check(
        soft,
        "employees",
        Q.where(Q.custom(w.field("Employees")), Q.range(null, new BigDecimal("12.5"), null, 100)));
    check(
        soft,
        "employees decimal",
        Q.where(
            Q.custom(w.field("Employees")),
            Q.range(new BigDecimal("12.49"), null, new BigDecimal("12.51"), null)));
    check(
        soft,
        "duration",
        Q.related("activity", Q.field("activity", "duration", Q.range(null, 600, null, null))));

    check(soft, "exists url", Q.lead("url", Q.exists()));
    check(soft, "exists name", Q.lead("name", Q.exists()));
    check(soft, "not exists status", Q.not(Q.lead("status_id", Q.exists())));
    check(soft, "exists custom text", Q.where(Q.custom(w.field("Notes")), Q.exists()));
    check(soft, "exists custom number", Q.where(Q.custom(w.field("Employees")), Q.exists()));
    check(soft, "exists custom boolean", Q.where(Q.custom(w.field("Verified")), Q.exists()));
    check(soft, "exists email", Q.related("contact", Q.field("contact", "email", Q.exists())));
    check(
        soft,
        "exists date_won",
        Q.related("opportunity", Q.field("opportunity", "date_won", Q.exists())));
    check(soft, "exists title", Q.related("contact", Q.field("contact", "title", Q.exists())));

    check(soft, "boolean true", Q.where(Q.custom(w.field("Verified")), Q.bool(true)));
    check(soft, "boolean false", Q.where(Q.custom(w.field("Verified")), Q.bool(false)));
    check(soft, "not boolean true", Q.not(Q.where(Q.custom(w.field("Verified")), Q.bool(true))));
    soft.assertAll();
  }

  @Test
  void momentRanges() {
    SoftAssertions soft = new SoftAssertions();
    String created = "date_created";
    // fixed_utc: on_or_after is inclusive, before exclusive, offsets are honoured.
    check(
        soft,
        "utc from batch 1",
        Q.lead(created, Q.moments(Q.utc("2026-01-15T14:30:00+00:00"), null)));
    check(
        soft,
        "utc batch 1 only",
        Q.lead(
            created,
            Q.moments(
                Q.utc("2026-01-15T14:30:00+00:00"), Q.utc("2026-01-15T14:30:00.000001+00:00"))));
    check(
        soft,
        "utc before batch 1",
        Q.lead(created, Q.moments(null, Q.utc("2026-01-15T14:30:00Z"))));
    check(
        soft,
        "utc with offset",
        Q.lead(
            created,
            Q.moments(Q.utc("2026-01-15T19:30:00+05:00"), Q.utc("2026-03-25T08:00:00+02:00"))));
    check(
        soft,
        "utc with offset exclusive",
        Q.lead(created, Q.moments(Q.utc("2026-03-25T08:00:00.000001+02:00"), null)),
        true);
    // fixed_local_date: a whole UTC day.
    check(
        soft,
        "local date day",
        Q.lead(created, Q.moments(Q.day("2026-02-18", "start"), Q.day("2026-02-18", "end"))));
    check(
        soft,
        "local date before start",
        Q.lead(created, Q.moments(null, Q.day("2026-02-18", "start"))));
    check(
        soft, "local date after end", Q.lead(created, Q.moments(Q.day("2026-02-18", "end"), null)));
    check(
        soft,
        "on_or_before",
        Q.lead(created, Q.momentsClosed(null, Q.utc("2026-01-15T14:30:00Z"))));
    check(soft, "after", Q.lead(created, Q.momentsClosed(Q.utc("2026-01-15T14:30:00Z"), null)));
    // now and offsets.
    check(soft, "before now", Q.lead(created, Q.moments(null, Q.now())), true);
    check(
        soft,
        "last 30 days",
        Q.lead(created, Q.moments(Q.offset("past", Q.now(), "days", 30), null)));
    check(
        soft,
        "older than 10 weeks",
        Q.lead(created, Q.moments(null, Q.offset("past", Q.now(), "weeks", 10))));
    check(
        soft,
        "months and hours",
        Q.lead(created, Q.moments(Q.offset("past", Q.now(), "months", 2, "hours", 13), null)));
    check(
        soft,
        "offset of a fixed date",
        Q.lead(
            created,
            Q.moments(
                Q.offset(
                    "future", Q.day("2026-01-01", "start"), "days", 48, "hours", 23, "minutes", 30),
                null)));
    check(
        soft,
        "updated",
        Q.lead(
            "date_updated",
            Q.moments(
                Q.offset("past", Q.now(), "years", 1), Q.offset("past", Q.now(), "days", 100))));
    // A custom date: next 60 days, and a month-then-day offset (larger units first).
    check(
        soft,
        "renewal next 60 days",
        Q.where(
            Q.custom(w.field("Renewal")),
            Q.moments(Q.now(), Q.offset("future", Q.now(), "days", 60))));
    check(soft, "renewal past", Q.where(Q.custom(w.field("Renewal")), Q.moments(null, Q.now())));
    ObjectNode monthThenDays =
        Q.offset("future", Q.utc("2026-01-30T00:00:00Z"), "days", 2, "months", 1);
    List<String> ordered =
        check(
            soft,
            "units largest first",
            Q.where(Q.custom(w.field("Renewal")), Q.moments(monthThenDays, null)));
    soft.assertThat(ordered)
        .as("a renewal on 2026-03-01 is before 2026-01-30 + 1 month + 2 days")
        .doesNotContain(w.renewalOn("2026-03-01"));
    check(
        soft,
        "renewal day",
        Q.where(
            Q.custom(w.field("Renewal")),
            Q.moments(Q.day("2026-03-01", "start"), Q.day("2026-03-01", "end"))));
    check(
        soft,
        "renewal from midday",
        Q.where(Q.custom(w.field("Renewal")), Q.moments(Q.utc("2026-03-01T12:00:00Z"), null)));
    // A custom date-time.
    check(
        soft,
        "audit",
        Q.where(
            Q.custom(w.field("Last Audit")),
            Q.moments(Q.utc("2026-01-01T00:00:00+01:00"), Q.day("2026-02-15", "end"))));
    check(
        soft,
        "audit recent",
        Q.where(
            Q.custom(w.field("Last Audit")),
            Q.moments(Q.offset("past", Q.now(), "days", 75), null)));
    // Opportunity date_won and activity dates.
    check(
        soft,
        "won in february",
        Q.related(
            "opportunity",
            Q.field(
                "opportunity",
                "date_won",
                Q.moments(Q.day("2026-02-01", "start"), Q.day("2026-02-28", "end")))));
    check(
        soft,
        "won since",
        Q.related(
            "opportunity",
            Q.field(
                "opportunity",
                "date_won",
                Q.moments(Q.offset("past", Q.now(), "months", 3), null))));
    check(
        soft,
        "activity last 60 days",
        Q.related(
            "activity",
            Q.field(
                "activity", "date", Q.moments(Q.offset("past", Q.now(), "days", 60), Q.now()))));
    check(
        soft,
        "contact created",
        Q.related(
            "contact",
            Q.field("contact", "date_created", Q.moments(Q.day("2026-01-15", "start"), null))));
    soft.assertAll();
  }

  // ------------------------------------------------------------------------------ nodes

  @Test
  void nodesAndNegation() {
    SoftAssertions soft = new SoftAssertions();
    ObjectNode google = Q.lead("source", Q.term("google"));
    ObjectNode verified = Q.where(Q.custom(w.field("Verified")), Q.bool(true));
    ObjectNode acme = Q.lead("display_name", Q.text("beginning_of_words", "acme"));
    check(soft, "and", Q.and(google, verified));
    check(soft, "or", Q.or(google, verified, acme));
    check(
        soft,
        "nested",
        Q.or(Q.and(google, Q.not(verified)), Q.and(acme, Q.or(verified, Q.not(google)))));
    check(soft, "empty and", Q.and(), true);
    check(soft, "empty or", Q.or(), true);
    check(soft, "object_type", Q.objectType("lead"), true);
    check(soft, "object_type and", Q.and(Q.objectType("lead"), acme));
    // negate on every kind of node
    check(soft, "not and", Q.not(Q.and(google, verified)));
    check(soft, "not or", Q.not(Q.or(google, verified)));
    check(soft, "not object_type", Q.not(Q.objectType("lead")), true);
    check(soft, "not field", Q.not(google));
    check(soft, "not not", Q.not(Q.and(Q.not(google))));
    ObjectNode won = Q.related("opportunity", Q.field("opportunity", "status_type", Q.term("won")));
    check(soft, "not related", Q.not(won));
    check(
        soft,
        "related not",
        Q.related("opportunity", Q.not(Q.field("opportunity", "status_type", Q.term("won")))));
    check(
        soft,
        "not related not",
        Q.not(
            Q.related("opportunity", Q.not(Q.field("opportunity", "status_type", Q.term("won"))))));
    check(soft, "not saved", Q.not(Q.saved(w.savedWon)));
    check(soft, "not empty and", Q.not(Q.and()), true);
    // has_related for every related kind, with object_type and compound related queries
    check(soft, "any contact", Q.related("contact", Q.objectType("contact")));
    check(soft, "any address", Q.related("address", Q.and()));
    check(soft, "no activity", Q.not(Q.related("activity", Q.objectType("activity"))));
    check(
        soft,
        "contact and",
        Q.related(
            "contact",
            Q.and(
                Q.field("contact", "title", Q.text("full_words", "ceo")),
                Q.field("contact", "email", Q.exists()))));
    check(
        soft,
        "same contact vs two",
        Q.and(
            Q.related("contact", Q.field("contact", "name", Q.text("full_words", "ann"))),
            Q.related("contact", Q.field("contact", "title", Q.text("exact_value", "cto")))));
    check(
        soft,
        "one contact both",
        Q.related(
            "contact",
            Q.and(
                Q.field("contact", "name", Q.text("full_words", "ann")),
                Q.field("contact", "title", Q.text("exact_value", "cto")))),
        true);
    check(
        soft,
        "address country",
        Q.related(
            "address",
            Q.or(
                Q.field("address", "country", Q.term("DE")),
                Q.field("address", "city", Q.text("full_words", "york")))));
    check(
        soft,
        "activity and",
        Q.related(
            "activity",
            Q.and(
                Q.objectType("activity"),
                Q.field("activity", "type", Q.term("email")),
                Q.not(Q.field("activity", "duration", Q.exists())))));
    check(
        soft,
        "big won deal",
        Q.related(
            "opportunity",
            Q.and(
                Q.field("opportunity", "status_type", Q.term("won")),
                Q.field("opportunity", "value", Q.range(null, 12_500, null, null)))));
    // saved searches, nested, negated, combined
    check(soft, "saved", Q.saved(w.savedWon));
    check(soft, "saved nested", Q.saved(w.savedNested));
    check(soft, "saved twice nested", Q.saved(w.savedNested2));
    check(
        soft,
        "saved in or",
        Q.or(Q.saved(w.savedWon), Q.and(google, Q.not(Q.saved(w.savedNested)))));
    check(soft, "saved twice", Q.and(Q.saved(w.savedWon), Q.saved(w.savedWon)));
    soft.assertAll();
  }

  @Test
  void savedSearchCyclesAndMissingOnesAre400() {
    String a = w.createSaved("cycle a", Q.and());
    String b = w.createSaved("cycle b", Q.or(Q.lead("source", Q.term("google")), Q.saved(a)));
    // A cycle is refused when it would be saved, as the search would refuse it...
    Reply closing = w.patchSavedReply(a, Q.and(Q.saved(b)));
    assertError(closing, 400, "invalid_parameter", null);
    assertThat(closing.json().path("message").asText()).contains(a, b);
    // ...and one stored before that check (written here behind the API's back) is a 400 too.
    w.storeSaved(a, Q.and(Q.saved(b)));
    Reply r = search(Q.saved(a));
    assertError(r, 400, "invalid_parameter", null);
    assertThat(r.json().path("param").asText()).startsWith("query.saved_search_id");
    assertThat(r.json().path("message").asText()).contains(a, b);
    assertError(search(Q.not(Q.saved(b))), 400, "invalid_parameter", null);

    String self = w.createSaved("self", Q.and());
    assertError(w.patchSavedReply(self, Q.not(Q.saved(self))), 400, "invalid_parameter", null);
    w.storeSaved(self, Q.not(Q.saved(self)));
    Reply s = search(Q.and(Q.objectType("lead"), Q.saved(self)));
    assertError(s, 400, "invalid_parameter", null);
    assertThat(s.json().path("param").asText()).startsWith("query.queries[1].saved_search_id");

    assertError(search(Q.saved("save_nope")), 400, "invalid_parameter", "query.saved_search_id");
    // Another workspace's saved search does not exist here.
    Tenant other = server.tenant("close-search-other");
    Reply foreign =
        server.call("POST", PATH, other.key(), Json.object().set("query", Q.saved(w.savedWon)));
    assertError(foreign, 400, "invalid_parameter", "query.saved_search_id");
    // A saved search whose stored query is invalid names the path inside it.
    ObjectNode invalid = Q.and(Q.objectType("lead"), Q.lead("nope", Q.exists()));
    ObjectNode body = Json.object().put("name", "broken");
    body.set("query", invalid);
    assertError(
        server.call("POST", "/api/v1/saved_searches", w.tenant.key(), body),
        400,
        "invalid_parameter",
        "query.queries[1].field.field_name");
    String broken = w.createSaved("broken", Q.and());
    w.storeSaved(broken, invalid);
    assertError(
        search(Q.saved(broken)),
        400,
        "invalid_parameter",
        "query.saved_search_id<" + broken + ">.queries[1].field.field_name");
  }

  // ------------------------------------------------------------------------------ random trees

  @Test
  void randomValidQueriesAgreeWithTheModel() {
    Gen gen = new Gen(w, new Random(7_2026));
    SoftAssertions soft = new SoftAssertions();
    int nonTrivial = 0;
    for (int i = 0; i < 400; i++) {
      ObjectNode q = gen.query("lead", 1);
      List<String> ids = check(soft, "random " + i, q, true);
      if (!ids.isEmpty() && ids.size() < w.leads.size()) {
        nonTrivial++;
      }
    }
    soft.assertThat(nonTrivial).as("queries selecting some but not all leads").isGreaterThan(150);
    soft.assertAll();
  }

  // ------------------------------------------------------------------------------ sort, paging

  @Test
  void sortsOnRegularAndCustomFieldsAcrossPages() {
    SoftAssertions soft = new SoftAssertions();
    ObjectNode name = Q.regular("lead", "display_name");
    ObjectNode employees = Q.custom(w.field("Employees"));
    ObjectNode renewal = Q.custom(w.field("Renewal"));
    ObjectNode industry = Q.custom("Industry");
    List<List<Object>> sorts =
        List.of(
            List.of(name, "asc"),
            List.of(name, "desc"),
            List.of(employees, "asc"),
            List.of(employees, "desc"),
            List.of(renewal, "desc"),
            List.of(Q.regular("lead", "date_created"), "desc"),
            List.of(Q.regular("lead", "status_label"), "asc"),
            List.of(industry, "asc", employees, "desc"));
    for (List<Object> sort : sorts) {
      for (JsonNode query : List.of(Json.object(), (JsonNode) Q.related("contact", Q.and()))) {
        ObjectNode body = Json.object();
        if (!query.isEmpty()) {
          body.set("query", query);
        }
        ArrayNode s = body.putArray("sort");
        for (int i = 0; i < sort.size(); i += 2) {
          s.addObject()
              .put("direction", (String) sort.get(i + 1))
              .set("field", (JsonNode) sort.get(i));
        }
        body.put("_limit", 7);
        List<String> expected = w.model.sorted(query.isEmpty() ? null : query, sort);
        Paged paged = searchAll(body);
        soft.assertThat(paged.ids).as("sort " + s).containsExactlyElementsOf(expected);
        soft.assertThat(paged.pages).as("pages " + s).isEqualTo((expected.size() + 6) / 7);
      }
    }
    // A sort direction defaults to ascending.
    ObjectNode body = Json.object().put("_limit", 200);
    body.putArray("sort").addObject().set("field", name);
    soft.assertThat(searchAll(body).ids)
        .containsExactlyElementsOf(w.model.sorted(null, List.of(name, "asc")));
    soft.assertAll();
  }

  @Test
  void resultsLimitCountsAndDefaultPage() {
    ObjectNode name = Q.regular("lead", "display_name");
    List<String> all = w.model.sorted(null, List.of(name, "desc"));
    ObjectNode body =
        Json.object().put("results_limit", 10).put("_limit", 3).put("include_counts", true);
    body.putArray("sort").addObject().put("direction", "desc").set("field", name);
    Paged paged = searchAll(body);
    assertThat(paged.ids).containsExactlyElementsOf(all.subList(0, 10));
    assertThat(paged.pages).isEqualTo(4);
    assertThat(paged.totals).containsOnly(10L);

    ObjectNode acme = Q.lead("display_name", Q.text("beginning_of_words", "acme"));
    List<String> expected = w.model.ids(acme);
    ObjectNode wide = Json.object().put("results_limit", 1000).put("include_counts", true);
    wide.set("query", acme);
    Paged p = searchAll(wide);
    assertThat(p.ids).containsExactlyElementsOf(expected);
    assertThat(p.totals).containsOnly((long) expected.size());
    ObjectNode narrow = Json.object().put("results_limit", 2).put("include_counts", true);
    narrow.set("query", acme);
    assertThat(searchAll(narrow).ids).containsExactlyElementsOf(expected.subList(0, 2));

    // Without _limit a page holds 100; without include_counts there is no count.
    Reply r = server.call("POST", PATH, w.tenant.key(), Json.object());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("data")).hasSize(60);
    assertThat(r.json().has("count")).isFalse();
    assertThat(r.json().path("cursor").isNull()).isTrue();
    Reply one =
        server.call(
            "POST",
            PATH,
            w.tenant.key(),
            Json.object().put("_limit", 1).put("include_counts", true));
    assertThat(one.json().path("data")).hasSize(1);
    assertThat(one.json().path("count").path("total").asInt()).isEqualTo(60);
    assertThat(one.json().path("cursor").isTextual()).isTrue();
    // The path without the trailing slash answers the same.
    assertThat(server.call("POST", "/api/v1/data/search", w.tenant.key(), Json.object()).json())
        .isEqualTo(r.json());
  }

  @Test
  void fieldsProjection() {
    ObjectNode body = Json.object().put("_limit", 200);
    body.putObject("_fields").putArray("lead").add("id").add("display_name").add("custom");
    Reply r = server.call("POST", PATH, w.tenant.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("data")).hasSize(60);
    int withCustom = 0;
    for (JsonNode l : r.json().path("data")) {
      FLead lead = w.byId.get(l.path("id").asText());
      List<String> expected = new ArrayList<>(List.of("__object_type", "id", "display_name"));
      for (String name : lead.custom.keySet()) {
        expected.add("custom." + w.fieldIds.get(name));
      }
      withCustom += lead.custom.isEmpty() ? 0 : 1;
      assertThat(fieldNames(l)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(l.path("__object_type").asText()).isEqualTo("lead");
    }
    assertThat(withCustom).as("leads with custom values").isPositive();
    ObjectNode plain = Json.object().put("_limit", 5);
    plain.putArray("_fields").add("id").add("contacts");
    for (JsonNode l : server.call("POST", PATH, w.tenant.key(), plain).json().path("data")) {
      assertThat(fieldNames(l)).containsExactlyInAnyOrder("__object_type", "id", "contacts");
    }
    // One custom field by its Close key, custom.cf_…
    String industry = "custom." + w.fieldIds.get("Industry");
    ObjectNode one = Json.object().put("_limit", 200);
    one.putObject("_fields").putArray("lead").add("id").add(industry);
    for (JsonNode l : server.call("POST", PATH, w.tenant.key(), one).json().path("data")) {
      FLead lead = w.byId.get(l.path("id").asText());
      assertThat(l.path(industry).isMissingNode()).isEqualTo(!lead.custom.containsKey("Industry"));
    }
    Reply full = server.call("POST", PATH, w.tenant.key(), Json.object().put("_limit", 1));
    assertThat(full.json().path("data").get(0))
        .isEqualTo(
            Json.object()
                .put("__object_type", "lead")
                .put("id", full.json().path("data").get(0).path("id").asText()));
    assertThat(fieldNames(full.json().path("data").get(0)))
        .containsExactlyInAnyOrder("__object_type", "id");

    ObjectNode unknown = Json.object();
    unknown.putObject("_fields").putArray("lead").add("id").add("nope");
    assertError(
        server.call("POST", PATH, w.tenant.key(), unknown),
        400,
        "invalid_parameter",
        "_fields.lead");
  }

  @Test
  void cursorsAreBoundToTheirSearch() {
    ObjectNode body = Json.object().put("_limit", 5);
    body.set("query", Q.lead("display_name", Q.text("beginning_of_words", "acme")));
    String cursor = server.call("POST", PATH, w.tenant.key(), body).json().path("cursor").asText();
    assertThat(cursor).isNotBlank();
    // The cursor continues where the page ended, even with another page size.
    ObjectNode next = body.deepCopy().put("cursor", cursor).put("_limit", 200);
    List<String> expected = w.model.ids(body.get("query"));
    assertThat(ids(server.call("POST", PATH, w.tenant.key(), next)))
        .containsExactlyElementsOf(expected.subList(5, expected.size()));
    // Tampered, foreign, or made for another query: 400 invalid_cursor.
    for (int i = 0; i < cursor.length(); i += 3) {
      char c = cursor.charAt(i);
      String tampered = cursor.substring(0, i) + (c == 'A' ? 'B' : 'A') + cursor.substring(i + 1);
      assertError(
          server.call("POST", PATH, w.tenant.key(), body.deepCopy().put("cursor", tampered)),
          400,
          "invalid_cursor",
          "cursor");
    }
    assertError(
        server.call("POST", PATH, w.tenant.key(), body.deepCopy().put("cursor", cursor + "A")),
        400,
        "invalid_cursor",
        "cursor");
    assertError(
        server.call(
            "POST", PATH, w.tenant.key(), body.deepCopy().put("cursor", cursor.substring(1))),
        400,
        "invalid_cursor",
        "cursor");
    ObjectNode otherQuery = body.deepCopy().put("cursor", cursor);
    otherQuery.set("query", Q.lead("display_name", Q.text("beginning_of_words", "acm")));
    assertError(
        server.call("POST", PATH, w.tenant.key(), otherQuery), 400, "invalid_cursor", "cursor");
    assertError(
        server.call(
            "POST",
            PATH,
            w.tenant.key(),
            body.deepCopy().put("cursor", cursor).put("include_counts", true)),
        400,
        "invalid_cursor",
        "cursor");
    Tenant other = server.tenant("close-search-cursor");
    assertError(
        server.call("POST", PATH, other.key(), body.deepCopy().put("cursor", cursor)),
        400,
        "invalid_cursor",
        "cursor");
    assertError(
        server.call("POST", PATH, w.tenant.key(), body.deepCopy().put("cursor", 5)),
        400,
        "invalid_parameter",
        "cursor");
  }

  // ------------------------------------------------------------------------------ validation

  @Test
  void invalidQueriesNameTheJsonPath() {
    ObjectNode acme = Q.lead("name", Q.text("full_words", "acme"));
    ObjectNode employees = Q.custom(w.field("Employees"));
    record Case(String label, JsonNode body, String param) {}
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("unknown node", body(Q.node("nope")), "query.type"));
    cases.add(new Case("missing type", body(Json.object()), "query.type"));
    cases.add(new Case("type not a string", body(Json.object().put("type", 3)), "query.type"));
    cases.add(
        new Case(
            "nested unknown node",
            body(Q.and(Q.objectType("lead"), acme, Q.node("bogus"))),
            "query.queries[2].type"));
    cases.add(new Case("unknown key", body(Q.and().put("foo", 1)), "query.foo"));
    cases.add(
        new Case("queries not array", body(Q.node("and").put("queries", "x")), "query.queries"));
    cases.add(new Case("query not object", Json.object().put("query", "x"), "query"));
    cases.add(
        new Case("negate not boolean", body(acme.deepCopy().put("negate", "yes")), "query.negate"));
    cases.add(
        new Case("unknown field", body(Q.lead("nope", Q.exists())), "query.field.field_name"));
    cases.add(
        new Case(
            "unknown contact field",
            body(Q.related("contact", Q.field("contact", "source", Q.exists()))),
            "query.related_query.field.field_name"));
    cases.add(
        new Case(
            "field object_type mismatch",
            body(Q.where(Q.regular("contact", "name"), Q.exists())),
            "query.field.object_type"));
    cases.add(
        new Case(
            "unknown custom field",
            body(Q.where(Q.custom("cf_nope"), Q.exists())),
            "query.field.custom_field_id"));
    cases.add(
        new Case(
            "custom on contact",
            body(Q.related("contact", Q.where(employees, Q.exists()))),
            "query.related_query.field.custom_field_id"));
    cases.add(
        new Case(
            "field type", body(Q.where(Q.node("smart_field"), Q.exists())), "query.field.type"));
    cases.add(
        new Case(
            "missing field",
            body(Q.node("field_condition").set("condition", Q.exists())),
            "query.field"));
    cases.add(
        new Case(
            "missing condition",
            body(Q.node("field_condition").set("field", Q.regular("lead", "name"))),
            "query.condition"));
    cases.add(
        new Case(
            "unknown condition", body(Q.lead("name", Q.node("fuzzy"))), "query.condition.type"));
    cases.add(
        new Case(
            "wrong value type",
            body(Q.where(employees, Q.term("many"))),
            "query.condition.values[0]"));
    cases.add(
        new Case(
            "wrong value type 2",
            body(Q.where(employees, Q.term(1, "2"))),
            "query.condition.values[1]"));
    cases.add(new Case("empty term", body(Q.lead("source", Q.term())), "query.condition.values"));
    cases.add(
        new Case(
            "term on date",
            body(Q.where(Q.custom(w.field("Renewal")), Q.term("soon"))),
            "query.condition.values[0]"));
    cases.add(
        new Case(
            "term on boolean",
            body(Q.where(Q.custom(w.field("Verified")), Q.term("true"))),
            "query.condition.values[0]"));
    cases.add(
        new Case(
            "text on number",
            body(Q.where(employees, Q.text("full_words", "12"))),
            "query.condition.type"));
    cases.add(
        new Case(
            "text on opp number",
            body(
                Q.related(
                    "opportunity", Q.field("opportunity", "value", Q.text("exact_value", "5")))),
            "query.related_query.condition.type"));
    cases.add(
        new Case(
            "text on date",
            body(Q.lead("date_created", Q.text("phrase", "2026"))),
            "query.condition.type"));
    cases.add(
        new Case(
            "text mode", body(Q.lead("name", Q.text("fuzzy", "acme"))), "query.condition.mode"));
    cases.add(
        new Case(
            "text without mode",
            body(Q.lead("name", Q.node("text").put("value", "acme"))),
            "query.condition.mode"));
    cases.add(
        new Case(
            "text blank", body(Q.lead("name", Q.text("phrase", "  "))), "query.condition.value"));
    cases.add(
        new Case(
            "text too long",
            body(Q.lead("name", Q.text("phrase", "a".repeat(1001)))),
            "query.condition.value"));
    cases.add(
        new Case(
            "text value number",
            body(Q.lead("name", Q.node("text").put("mode", "phrase").put("value", 5))),
            "query.condition.value"));
    ObjectNode gteNotNumber =
        Q.and(acme, acme, Q.where(employees, Q.node("number_range").put("gte", "5")));
    cases.add(new Case("gte not a number", body(gteNotNumber), "query.queries[2].condition.gte"));
    cases.add(
        new Case(
            "lt bool",
            body(Q.where(employees, Q.node("number_range").put("lt", true))),
            "query.condition.lt"));
    cases.add(
        new Case(
            "range empty", body(Q.where(employees, Q.node("number_range"))), "query.condition"));
    cases.add(
        new Case(
            "range on text",
            body(Q.lead("name", Q.range(1, null, null, null))),
            "query.condition.type"));
    cases.add(
        new Case(
            "range unknown bound",
            body(Q.where(employees, Q.node("number_range").put("gte", 1).put("max", 2))),
            "query.condition.max"));
    cases.add(
        new Case(
            "moment on text",
            body(Q.lead("name", Q.moments(Q.now(), null))),
            "query.condition.type"));
    cases.add(
        new Case(
            "moment on number",
            body(Q.where(employees, Q.moments(Q.now(), null))),
            "query.condition.type"));
    cases.add(
        new Case(
            "moment empty",
            body(Q.lead("date_created", Q.node("moment_range"))),
            "query.condition"));
    cases.add(
        new Case(
            "moment type",
            body(Q.lead("date_created", Q.moments(Q.node("yesterday"), null))),
            "query.condition.on_or_after.type"));
    cases.add(
        new Case(
            "moment utc",
            body(Q.lead("date_created", Q.moments(Q.utc("2026-01-01"), null))),
            "query.condition.on_or_after.value"));
    cases.add(
        new Case(
            "moment utc no offset",
            body(Q.lead("date_created", Q.moments(null, Q.utc("2026-01-01T00:00:00")))),
            "query.condition.before.value"));
    cases.add(
        new Case(
            "moment day",
            body(Q.lead("date_created", Q.moments(Q.day("2026-02-30", "start"), null))),
            "query.condition.on_or_after.value"));
    cases.add(
        new Case(
            "moment which",
            body(Q.lead("date_created", Q.moments(Q.day("2026-02-03", "middle"), null))),
            "query.condition.on_or_after.which"));
    cases.add(
        new Case(
            "offset direction",
            body(Q.lead("date_created", Q.moments(Q.offset("sideways", Q.now(), "days", 1), null))),
            "query.condition.on_or_after.direction"));
    cases.add(
        new Case(
            "offset unit",
            body(
                Q.lead(
                    "date_created", Q.moments(Q.offset("past", Q.now(), "fortnights", 1), null))),
            "query.condition.on_or_after.offset.fortnights"));
    cases.add(
        new Case(
            "offset negative",
            body(Q.lead("date_created", Q.moments(Q.offset("past", Q.now(), "days", -1), null))),
            "query.condition.on_or_after.offset.days"));
    cases.add(
        new Case(
            "offset fraction",
            body(Q.lead("date_created", Q.moments(Q.offset("past", Q.now(), "days", 1.5), null))),
            "query.condition.on_or_after.offset.days"));
    cases.add(
        new Case(
            "offset empty",
            body(Q.lead("date_created", Q.moments(Q.offset("past", Q.now()), null))),
            "query.condition.on_or_after.offset"));
    cases.add(
        new Case(
            "offset nested",
            body(
                Q.lead(
                    "date_created",
                    Q.moments(
                        Q.offset("past", Q.offset("future", Q.utc("x"), "days", 1), "days", 1),
                        null))),
            "query.condition.on_or_after.moment.moment.value"));
    cases.add(
        new Case(
            "moment out of range",
            body(
                Q.lead(
                    "date_created", Q.moments(Q.offset("past", Q.now(), "years", 100_000), null))),
            "query.condition.on_or_after"));
    cases.add(
        new Case(
            "moment far future",
            body(Q.lead("date_created", Q.moments(null, Q.utc("+999999999-12-31T23:59:59Z")))),
            "query.condition.before.value"));
    cases.add(
        new Case(
            "day far future",
            body(Q.lead("date_created", Q.moments(null, Q.day("+999999999-12-31", "end")))),
            "query.condition.before.value"));
    cases.add(
        new Case(
            "term date out of range",
            body(Q.where(Q.custom(w.field("Renewal")), Q.term("+999999-01-01"))),
            "query.condition.values[0]"));
    cases.add(
        new Case(
            "term datetime out of range",
            body(Q.where(Q.custom(w.field("Last Audit")), Q.term("-999999-01-01T00:00:00Z"))),
            "query.condition.values[0]"));
    cases.add(
        new Case("boolean on text", body(Q.lead("name", Q.bool(true))), "query.condition.type"));
    cases.add(
        new Case(
            "boolean value",
            body(Q.where(Q.custom(w.field("Verified")), Q.node("boolean").put("value", "true"))),
            "query.condition.value"));
    cases.add(
        new Case(
            "exists with value",
            body(Q.lead("name", Q.exists().put("value", 1))),
            "query.condition.value"));
    cases.add(
        new Case(
            "reference on number",
            body(Q.where(employees, Q.reference("x"))),
            "query.condition.type"));
    cases.add(
        new Case(
            "reference ids",
            body(Q.lead("status_id", Q.node("reference").put("object_ids", "stat_x"))),
            "query.condition.object_ids"));
    // Contacts and opportunities are searched (their own test below); addresses are not.
    cases.add(new Case("object_type", body(Q.objectType("address")), "query.object_type"));
    cases.add(new Case("object_type unknown", body(Q.objectType("company")), "query.object_type"));
    cases.add(
        new Case(
            "object_type in related",
            body(Q.related("contact", Q.objectType("lead"))),
            "query.related_query.object_type"));
    cases.add(
        new Case("related kind", body(Q.related("company", Q.and())), "query.related_object_type"));
    cases.add(
        new Case(
            "related this",
            body(Q.related("contact", Q.and()).put("this_object_type", "contact")),
            "query.this_object_type"));
    cases.add(
        new Case(
            "related without query",
            body(
                Q.node("has_related")
                    .put("this_object_type", "lead")
                    .put("related_object_type", "contact")),
            "query.related_query"));
    cases.add(
        new Case(
            "related twice",
            body(Q.related("contact", Q.related("address", Q.and()))),
            "query.related_query.this_object_type"));
    cases.add(
        new Case(
            "saved in related",
            body(Q.related("contact", Q.saved(w.savedWon))),
            "query.related_query.saved_search_id"));
    cases.add(new Case("saved id missing", body(Q.node("saved_search")), "query.saved_search_id"));
    cases.add(new Case("unknown top key", Json.object().put("sauce", 1), "sauce"));
    cases.add(new Case("limit 0", Json.object().put("_limit", 0), "_limit"));
    cases.add(new Case("limit 201", Json.object().put("_limit", 201), "_limit"));
    cases.add(new Case("limit text", Json.object().put("_limit", "10"), "_limit"));
    cases.add(new Case("results_limit 0", Json.object().put("results_limit", 0), "results_limit"));
    cases.add(
        new Case(
            "results_limit huge",
            Json.object().put("results_limit", new BigDecimal("1e30")),
            "results_limit"));
    cases.add(
        new Case("include_counts", Json.object().put("include_counts", "yes"), "include_counts"));
    ObjectNode badSort = Json.object();
    badSort
        .putArray("sort")
        .addObject()
        .put("direction", "up")
        .set("field", Q.regular("lead", "name"));
    cases.add(new Case("sort direction", badSort, "sort[0].direction"));
    ObjectNode badSortField = Json.object();
    badSortField
        .putArray("sort")
        .add(Json.object().put("direction", "asc").set("field", Q.regular("lead", "name")))
        .addObject()
        .set("field", Q.regular("lead", "nope"));
    cases.add(new Case("sort field", badSortField, "sort[1].field.field_name"));
    ObjectNode sortWithoutField = Json.object();
    sortWithoutField.putArray("sort").addObject().put("direction", "asc");
    cases.add(new Case("sort without field", sortWithoutField, "sort[0].field"));
    cases.add(new Case("sort not array", Json.object().put("sort", "name"), "sort"));
    cases.add(new Case("fields", Json.object().put("_fields", "id"), "_fields"));

    SoftAssertions soft = new SoftAssertions();
    for (Case c : cases) {
      Reply r = server.call("POST", PATH, w.tenant.key(), c.body);
      soft.assertThat(r.status()).as(c.label + " " + r).isEqualTo(400);
      soft.assertThat(r.json().path("code").asText())
          .as(c.label + " " + r)
          .isEqualTo("invalid_parameter");
      soft.assertThat(r.json().path("param").asText()).as(c.label + " " + r).isEqualTo(c.param);
      soft.assertThat(r.json().path("request_id").asText())
          .as(c.label)
          .isEqualTo(r.header("X-Request-Id"));
    }
    soft.assertAll();
  }

  @Test
  void sizeAndDepthLimits() {
    // 999 children: 1,000 nodes are fine; one more is a 400 naming the node past the limit.
    ObjectNode ok = Q.or();
    ObjectNode tooMany = Q.or();
    for (int i = 0; i < 1000; i++) {
      if (i < 999) {
        ((ArrayNode) ok.get("queries")).add(Q.objectType("lead"));
      }
      ((ArrayNode) tooMany.get("queries")).add(Q.objectType("lead"));
    }
    Reply fine = search(ok);
    assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
    assertThat(ids(fine)).hasSize(60);
    assertError(search(tooMany), 400, "invalid_parameter", "query.queries[999]");

    // 32 levels are fine; a 33rd is a 400 (here the JSON reader's own nesting limit answers first).
    assertThat(search(nested(32, "query")).status()).isEqualTo(200);
    Reply deep = search(nested(33, "query"));
    assertThat(deep.status()).as(deep.toString()).isEqualTo(400);
    assertThat(deep.json().path("code").asText()).isIn("invalid_parameter", "invalid_json");
    if (deep.json().path("code").asText().equals("invalid_parameter")) {
      assertThat(deep.json().path("param").asText()).isEqualTo(pathOfLevel(33, "query"));
    }
    // Through a saved search the 33rd level is reached within the JSON limit: the path is exact.
    String deepSaved = w.createSaved("deep", nested(30, ""));
    ObjectNode twoAbove = Q.and(Q.and(Q.saved(deepSaved)));
    String base = "query.queries[0].queries[0].saved_search_id<" + deepSaved + ">";
    assertError(search(twoAbove), 400, "invalid_parameter", pathOfLevel(30, base));
    ObjectNode oneAbove = Q.and(Q.saved(deepSaved));
    assertThat(search(oneAbove).status()).isEqualTo(200);

    // Bodies past 64 KB are refused before parsing.
    ObjectNode big = body(Q.lead("name", Q.text("phrase", "x".repeat(70_000))));
    assertError(server.call("POST", PATH, w.tenant.key(), big), 413, "payload_too_large", null);
    // Malformed JSON, a NUL, a wrong content type.
    assertError(
        server.call("POST", PATH, w.tenant.key(), "{\"query\":"), 400, "invalid_json", null);
    assertError(
        server.call("POST", PATH, w.tenant.key(), "{\"_limit\":1,\"_limit\":2}"),
        400,
        "invalid_json",
        null);
    assertError(
        server.call(
            "POST", PATH, w.tenant.key(), body(Q.lead("name", Q.text("phrase", "a\u0000b")))),
        400,
        "invalid_parameter",
        "query.condition.value");
    assertError(server.call("POST", PATH, w.tenant.key(), "[]"), 400, "invalid_parameter", "");
    Reply plain =
        server.send(
            PATH,
            b ->
                b.header("Authorization", "Bearer " + w.tenant.key())
                    .header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertError(plain, 415, "unsupported_media_type", "Content-Type");
  }

  @Test
  void accessNeedsLeadsRead() {
    assertError(server.call("POST", PATH, null, Json.object()), 401, "unauthorized", null);
    String writeOnly = server.createKey(w.tenant.workspaceId(), "leads.write");
    assertError(
        server.call("POST", PATH, writeOnly, Json.object()),
        403,
        "insufficient_scope",
        "leads.read");
    String readOnly = server.createKey(w.tenant.workspaceId(), "leads.read");
    assertThat(server.call("POST", PATH, readOnly, Json.object()).status()).isEqualTo(200);
    // Another workspace sees none of these leads.
    Tenant other = server.tenant("close-search-empty");
    Reply empty = server.call("POST", PATH, other.key(), Json.object().put("include_counts", true));
    assertThat(empty.json().path("data")).isEmpty();
    assertThat(empty.json().path("count").path("total").asInt()).isZero();
  }

  // ------------------------------------------------------------------------------ injection

  @Test
  void injectionStringsInEveryValueSlotAreData() {
    SoftAssertions soft = new SoftAssertions();
    for (String s : INJECTIONS) {
      for (String mode : List.of("full_words", "phrase", "beginning_of_words", "exact_value")) {
        if (!s.isBlank()) {
          check(soft, mode + " " + s, Q.lead("name", Q.text(mode, s)), true);
          check(soft, mode + " acme " + s, Q.lead("display_name", Q.text(mode, "acme " + s)), true);
          check(
              soft,
              "email " + mode + " " + s,
              Q.related("contact", Q.field("contact", "email", Q.text(mode, s))),
              true);
          check(
              soft,
              "notes " + mode + " " + s,
              Q.where(Q.custom(w.field("Notes")), Q.text(mode, s)),
              true);
        }
      }
      check(soft, "term " + s, Q.lead("source", Q.term(s, "google")), true);
      check(soft, "term campaign " + s, Q.lead("campaign", Q.term(s)), true);
      check(soft, "term choices " + s, Q.where(Q.custom(w.field("Industry")), Q.term(s)), true);
      check(soft, "reference " + s, Q.lead("status_id", Q.reference(s)), true);
      check(
          soft, "contact id " + s, Q.related("contact", Q.field("contact", "id", Q.term(s))), true);

      expect400(
          soft, s, body(Q.lead(s, Q.exists())), "invalid_parameter", "query.field.field_name");
      expect400(
          soft,
          s,
          body(Q.where(Q.custom(s), Q.exists())),
          "invalid_parameter",
          "query.field.custom_field_id");
      expect400(soft, s, body(Q.saved(s)), "invalid_parameter", "query.saved_search_id");
      expect400(
          soft,
          s,
          body(Q.lead("name", Q.text(s, "acme"))),
          "invalid_parameter",
          "query.condition.mode");
      expect400(soft, s, body(Q.node(s)), "invalid_parameter", "query.type");
      expect400(soft, s, body(Q.objectType(s)), "invalid_parameter", "query.object_type");
      expect400(
          soft, s, body(Q.related(s, Q.and())), "invalid_parameter", "query.related_object_type");
      expect400(
          soft,
          s,
          body(Q.where(Q.custom(w.field("Employees")), Q.term(s))),
          "invalid_parameter",
          "query.condition.values[0]");
      expect400(
          soft,
          s,
          body(Q.lead("date_created", Q.moments(Q.utc(s), null))),
          "invalid_parameter",
          "query.condition.on_or_after.value");
      expect400(
          soft,
          s,
          body(Q.lead("date_created", Q.moments(Q.day(s, "start"), null))),
          "invalid_parameter",
          "query.condition.on_or_after.value");
      expect400(soft, s, Json.object().put("cursor", s), "invalid_cursor", "cursor");
      expect400(soft, s, Json.object().put(s, 1), "invalid_parameter", s);
      ObjectNode sort = Json.object();
      sort.putArray("sort").addObject().set("field", Q.regular("lead", s));
      expect400(soft, s, sort, "invalid_parameter", "sort[0].field.field_name");
      ObjectNode sortCustom = Json.object();
      sortCustom.putArray("sort").addObject().set("field", Q.custom(s));
      expect400(soft, s, sortCustom, "invalid_parameter", "sort[0].field.custom_field_id");
      ObjectNode fields = Json.object();
      fields.putObject("_fields").putArray("lead").add(s);
      expect400(soft, s, fields, "invalid_parameter", "_fields.lead");
    }
    soft.assertAll();
    // The leads are all still there, through this endpoint and the plain list.
    Reply all =
        server.call(
            "POST",
            PATH,
            w.tenant.key(),
            Json.object().put("include_counts", true).put("_limit", 200));
    assertThat(all.json().path("count").path("total").asInt()).isEqualTo(60);
    assertThat(ids(all)).containsExactlyElementsOf(w.model.allIds());
    Reply list = server.call("GET", "/api/v1/leads?limit=200", w.tenant.key(), null);
    assertThat(list.json().path("data")).hasSize(60);
  }

  // ------------------------------------------------------------------------------ helpers

  /** The documented Close example: the lead object type and a full-words name match. */
  static ObjectNode closeDocsExample() {
    return (ObjectNode)
        TestServer.parse(
            """
            {"type":"and","queries":[{"type":"object_type","object_type":"lead"},
             {"type":"field_condition","field":{"type":"regular_field","object_type":"lead","field_name":"name"},
              "condition":{"type":"text","mode":"full_words","value":"ACME Inc."}}]}
            """);
  }

  static ObjectNode body(JsonNode query) {
    ObjectNode b = Json.object();
    b.set("query", query);
    return b;
  }

  static Reply search(JsonNode query) {
    return server.call("POST", PATH, w.tenant.key(), body(query).put("_limit", 200));
  }

  /** {@code levels} nested {@code and} nodes whose deepest level is an object_type node. */
  static ObjectNode nested(int levels, String unused) {
    ObjectNode q = Q.objectType("lead");
    for (int i = 1; i < levels; i++) {
      q = Q.and(q);
    }
    return q;
  }

  /** The JSON path of level {@code level} of {@link #nested}, below {@code base} (level 1). */
  static String pathOfLevel(int level, String base) {
    return base + ".queries[0]".repeat(level - 1);
  }

  void expect400(SoftAssertions soft, String label, JsonNode body, String code, String param) {
    Reply r = server.call("POST", PATH, w.tenant.key(), body);
    soft.assertThat(r.status()).as(label + " " + body + " -> " + r).isEqualTo(400);
    soft.assertThat(r.json().path("code").asText())
        .as(label + " " + body + " -> " + r)
        .isEqualTo(code);
    soft.assertThat(r.json().path("param").asText())
        .as(label + " " + body + " -> " + r)
        .isEqualTo(param);
  }

  /** Asserts the search answers exactly the model's ids (in id order) and count. */
  static List<String> check(SoftAssertions soft, String label, JsonNode query) {
    return check(soft, label, query, false);
  }

  /**
   * Asserts the search answers exactly the model's ids, in id order, with the right count; unless
   * {@code anySize}, the expected set must be neither empty nor everything, so the case means
   * something.
   */
  static List<String> check(SoftAssertions soft, String label, JsonNode query, boolean anySize) {
    List<String> expected = w.model.ids(query);
    if (!anySize) {
      soft.assertThat(expected)
          .as("fixture selects some but not all: " + label + " " + query)
          .isNotEmpty()
          .hasSizeLessThan(w.leads.size());
    }
    ObjectNode body = body(query).put("_limit", 200).put("include_counts", true);
    body.putObject("_fields").putArray("lead").add("id");
    Reply r = server.call("POST", PATH, w.tenant.key(), body);
    soft.assertThat(r.status()).as(label + " " + query + " -> " + r).isEqualTo(200);
    if (r.status() != 200) {
      return expected;
    }
    soft.assertThat(ids(r)).as(label + " " + query).containsExactlyElementsOf(expected);
    soft.assertThat(r.json().path("count").path("total").asInt())
        .as(label + " count")
        .isEqualTo(expected.size());
    soft.assertThat(r.json().path("cursor").isNull()).as(label + " cursor").isTrue();
    return expected;
  }

  static int customKeys(JsonNode lead) {
    int n = 0;
    for (String k : fieldNames(lead)) {
      n += k.startsWith("custom.") ? 1 : 0;
    }
    return n;
  }

  static List<String> ids(Reply r) {
    List<String> out = new ArrayList<>();
    r.json().path("data").forEach(l -> out.add(l.path("id").asText()));
    return out;
  }

  static List<String> names(List<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      out.add(w.byId.get(id).name);
    }
    return out;
  }

  static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new HashSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Ids over every page, the number of pages and each page's count. */
  record Paged(List<String> ids, int pages, List<Long> totals) {}

  static Paged searchAll(ObjectNode body) {
    List<String> ids = new ArrayList<>();
    List<Long> totals = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ObjectNode b = body.deepCopy();
      if (cursor != null) {
        b.put("cursor", cursor);
      }
      Reply r = server.call("POST", PATH, w.tenant.key(), b);
      assertThat(r.status()).as(b + " -> " + r).isEqualTo(200);
      ids.addAll(ids(r));
      if (r.json().has("count")) {
        totals.add(r.json().path("count").path("total").asLong());
      }
      cursor = r.json().path("cursor").isNull() ? null : r.json().path("cursor").asText();
      assertThat(++pages).isLessThan(100);
    } while (cursor != null);
    return new Paged(ids, pages, totals);
  }

  // ================================================================================ fixture

  /** A clock the test moves: leads get the creation time of their batch, searches a fixed now. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant t) {
      now.set(t);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  record Contact(String name, String title, List<String> emails, List<String> phones) {}

  record Opp(
      String statusType,
      String statusLabel,
      Long value,
      String currency,
      Integer confidence,
      LocalDate dateWon,
      String note) {}

  record Address(String label, String city, String state, String country) {}

  record Activity(String type, Instant date, String direction, Integer duration, String subject) {}

  /** One fixture lead as the test knows it; {@code id} and contact ids come from the server. */
  static final class FLead {
    final int batch;
    String id;
    String name;
    String status;
    String url;
    String description;
    String source;
    String medium;
    String campaign;
    final Map<String, Object> custom = new LinkedHashMap<>();
    final List<Contact> contacts = new ArrayList<>();
    final List<String> contactIds = new ArrayList<>();
    final List<Opp> opps = new ArrayList<>();
    final List<Address> addresses = new ArrayList<>();
    final List<Activity> activities = new ArrayList<>();

    FLead(String name, int batch) {
      this.name = name;
      this.batch = batch;
    }

    Instant created() {
      return BATCHES[batch];
    }

    /** Close's rule: the name, else the first contact's non-blank name, else empty. */
    String displayName() {
      if (name != null && !name.isBlank()) {
        return name;
      }
      for (Contact c : contacts) {
        if (c.name() != null && !c.name().isBlank()) {
          return c.name();
        }
      }
      return "";
    }

    ObjectNode json(Workspace w) {
      ObjectNode o = Json.object();
      o.put("name", name);
      o.put("status_id", status == null ? null : w.status(status));
      o.put("url", url);
      o.put("description", description);
      o.put("source", source);
      o.put("medium", medium);
      o.put("campaign", campaign);
      ObjectNode cf = o.putObject("custom");
      custom.forEach((k, v) -> {
        switch (v) {
          case BigDecimal d -> cf.put(k, d);
          case Boolean b -> cf.put(k, b);
          // date-times are sent with an offset of +02:00; the server keeps the instant
          case Instant t ->
              cf.put(k, OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(2)).toString());
          default -> cf.put(k, v.toString());
        }
      });
      ArrayNode cs = o.putArray("contacts");
      for (Contact c : contacts) {
        ObjectNode j = cs.addObject().put("name", c.name()).put("title", c.title());
        ArrayNode emails = j.putArray("emails");
        c.emails().forEach(e -> emails.addObject().put("email", e).put("type", "office"));
        ArrayNode phones = j.putArray("phones");
        c.phones().forEach(p -> phones.addObject().put("phone", p).put("type", "mobile"));
      }
      ArrayNode os = o.putArray("opportunities");
      for (Opp p : opps) {
        ObjectNode j =
            os.addObject().put("status_type", p.statusType()).put("status_label", p.statusLabel());
        if (p.value() != null) {
          j.put("value", p.value());
        }
        j.put("value_currency", p.currency());
        if (p.confidence() != null) {
          j.put("confidence", p.confidence());
        }
        j.put("date_won", p.dateWon() == null ? null : p.dateWon().toString());
        j.put("note", p.note());
      }
      ArrayNode as = o.putArray("addresses");
      for (Address a : addresses) {
        as.addObject()
            .put("label", a.label())
            .put("city", a.city())
            .put("state", a.state())
            .put("country", a.country());
      }
      ArrayNode acts = o.putArray("activities");
      for (Activity a : activities) {
        ObjectNode j =
            acts.addObject()
                .put("type", a.type())
                .put("date", OffsetDateTime.ofInstant(a.date(), ZoneOffset.ofHours(-5)).toString())
                .put("direction", a.direction())
                .put("subject", a.subject());
        if (a.duration() != null) {
          j.put("duration", a.duration());
        }
      }
      return o;
    }
  }

  static final List<String> STATUSES = List.of("Potential", "Qualified", "Customer", "Bad Fit");

  /** Custom fields by name and wire type. */
  static final Map<String, String> CUSTOM_FIELDS = customFields();

  private static Map<String, String> customFields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Industry", "choices");
    m.put("Notes", "text");
    m.put("Employees", "number");
    m.put("Renewal", "date");
    m.put("Last Audit", "datetime");
    m.put("Verified", "boolean");
    return m;
  }

  /** The 60 fixture leads: hand-picked names that tell the text modes apart, then random ones. */
  static List<FLead> fixture(Random r) {
    List<FLead> leads = new ArrayList<>();
    String[] named = {
      "Acme Rocket Supplies",
      "ACME rocket",
      "Rocket Acme Supplies",
      "Acme-Rocket Supplies Ltd",
      "Rocketry Acme",
      "Acmex Rockets",
      "ACME Inc.",
      "Acme Incorporated",
      "Ракета Север",
      "РАКЕТА",
      "山田太郎 商事",
      "山田 商事",
      "Rock.*Star (Labs) [EU] {x}|^$",
      "100% Rocket_Fuel \\ Co",
      "Café Ωmega",
      "Solar, Acme & Rocket",
    };
    for (int i = 0; i < named.length; i++) {
      leads.add(new FLead(named[i], i % BATCHES.length));
    }
    // A lead named after its first contact, and one with neither name nor contacts.
    FLead unnamed = new FLead(null, 1);
    unnamed.contacts.add(
        new Contact("Zoë Rocket", "CEO", List.of("zoe@rocket.example"), List.of()));
    leads.add(unnamed);
    leads.add(new FLead("", 2));
    String[] words = {
      "Acme",
      "Rocket",
      "Rocketry",
      "Supplies",
      "Global",
      "Nordic",
      "Solar",
      "Labs",
      "Systems",
      "Trading",
      "Foods",
      "Ракета",
      "Север",
      "山田",
      "商事",
      "Acmes",
      "Inc."
    };
    String[] separators = {" ", " ", " ", "-", ", ", " & "};
    while (leads.size() < 60) {
      int n = 1 + r.nextInt(3);
      StringBuilder name = new StringBuilder(words[r.nextInt(words.length)]);
      for (int i = 1; i < n; i++) {
        name.append(separators[r.nextInt(separators.length)])
            .append(words[r.nextInt(words.length)]);
      }
      leads.add(new FLead(name.toString(), r.nextInt(BATCHES.length)));
    }
    String[] sources = {"google", "facebook", "referral", "%", "_", null};
    String[] mediums = {"cpc", "organic", "email", null};
    String[] campaigns = {"spring", "Spring Sale", "' or '1'='1", null};
    String[] descriptions = {"A big deal in the making", "big, deal?", "Rocket parts", null, null};
    String[] notes = {
      "Met at the rocket fair",
      "Prefers email",
      "Renewal risk: high",
      "asked for a 10% discount_",
      "Rocket-fair follow up"
    };
    for (FLead l : leads) {
      l.status = r.nextInt(5) == 0 ? null : STATUSES.get(r.nextInt(STATUSES.size()));
      l.url = r.nextBoolean() ? "https://" + slug(l.displayName()) + ".example" : null;
      l.description = descriptions[r.nextInt(descriptions.length)];
      l.source = sources[r.nextInt(sources.length)];
      l.medium = mediums[r.nextInt(mediums.length)];
      l.campaign = campaigns[r.nextInt(campaigns.length)];
      if (r.nextInt(10) < 7) {
        l.custom.put("Industry", List.of("Retail", "Software", "Aerospace").get(r.nextInt(3)));
      }
      if (r.nextInt(10) < 7) {
        l.custom.put("Notes", notes[r.nextInt(notes.length)]);
      }
      if (r.nextInt(10) < 7) {
        l.custom.put(
            "Employees",
            r.nextInt(6) == 0
                ? new BigDecimal("12.5")
                : BigDecimal.valueOf(r.nextInt(3) == 0 ? r.nextInt(20) : r.nextInt(5000)));
      }
      if (r.nextInt(10) < 7) {
        l.custom.put("Renewal", LocalDate.parse("2026-02-01").plusDays(r.nextInt(150)));
      }
      if (r.nextInt(10) < 7) {
        l.custom.put(
            "Last Audit",
            Instant.parse("2025-12-01T00:00:00Z").plusSeconds(60L * r.nextInt(120 * 24 * 60)));
      }
      if (r.nextInt(10) < 7) {
        l.custom.put("Verified", r.nextBoolean());
      }
      int contacts = r.nextInt(4);
      for (int i = 0; i < contacts; i++) {
        l.contacts.add(contact(r));
      }
      int opps = r.nextInt(3);
      for (int i = 0; i < opps; i++) {
        l.opps.add(opp(r));
      }
      int addresses = r.nextInt(3);
      for (int i = 0; i < addresses; i++) {
        String[][] cities = {
          {"Springfield", "IL", "US"},
          {"Berlin", null, "DE"},
          {"Москва", null, "RU"},
          {"東京", null, "JP"},
          {"São Paulo", "SP", "BR"},
          {"New York", "NY", "US"}
        };
        String[] c = cities[r.nextInt(cities.length)];
        l.addresses.add(new Address(r.nextBoolean() ? "business" : "mailing", c[0], c[1], c[2]));
      }
      int activities = r.nextInt(4);
      for (int i = 0; i < activities; i++) {
        String[] types = {"note", "call", "email", "meeting", "sms"};
        String[] subjects = {
          "intro call", "follow up", "Rocket demo", "pricing", "Ракета demo", null
        };
        l.activities.add(
            new Activity(
                types[r.nextInt(types.length)],
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * r.nextInt(100 * 24 * 60)),
                r.nextBoolean() ? "inbound" : null,
                r.nextBoolean() ? r.nextInt(3600) : null,
                subjects[r.nextInt(subjects.length)]));
      }
    }
    // Values some cases depend on, whatever the random draw was.
    leads.get(20).custom.put("Renewal", LocalDate.parse("2026-03-01"));
    leads.get(21).custom.put("Renewal", LocalDate.parse("2026-03-02"));
    leads.get(22).source = "%";
    leads.get(23).source = "_";
    leads.get(24).campaign = "' or '1'='1";
    leads.get(25).custom.put("Employees", new BigDecimal("12.5"));
    leads
        .get(26)
        .contacts
        .add(new Contact("Ann Lee", "CTO", List.of("ann@acme.example"), List.of("+1 555 0100")));
    leads.get(27).contacts.add(new Contact("Ann Stone", "CEO", List.of(), List.of()));
    leads
        .get(27)
        .contacts
        .add(new Contact("Bob Lee", "CTO", List.of("bob@rocket.example"), List.of()));
    leads
        .get(28)
        .opps
        .add(new Opp("won", "Won", 12_500L, "USD", 90, LocalDate.parse("2026-02-01"), "renewal"));
    leads
        .get(29)
        .opps
        .add(new Opp("won", "Won", 99_900L, "EUR", 50, LocalDate.parse("2026-02-28"), null));
    leads.get(30).custom.put("Verified", false);
    return leads;
  }

  private static Contact contact(Random r) {
    String[][] people = {
      {"Ann", "ann"},
      {"Bob", "bob"},
      {"Carla", "carla"},
      {"Dmitri", "dmitri"},
      {"Иван", "ivan"},
      {"María", "maria"},
      {"山田", "yamada"},
      {"Zoë", "zoe"}
    };
    String[] last = {"Lee", "Stone", "Rocket", "Петров", "Acme", "太郎"};
    String[] titles = {"CEO", "CTO", "Head of Sales", "VP Engineering", "head of ops", null};
    String[] domains = {"acme.example", "rocket.example", "mail.example"};
    String[] p = people[r.nextInt(people.length)];
    String name = p[0] + " " + last[r.nextInt(last.length)];
    List<String> emails = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      emails.add(p[1] + (i > 1 ? "." + i : "") + "@" + domains[r.nextInt(domains.length)]);
    }
    List<String> phones = new ArrayList<>();
    for (int i = r.nextInt(2); i > 0; i--) {
      phones.add("+1 555 01" + (10 + r.nextInt(90)));
    }
    return new Contact(
        r.nextInt(10) == 0 ? null : name, titles[r.nextInt(titles.length)], emails, phones);
  }

  private static Opp opp(Random r) {
    String type = List.of("active", "won", "lost").get(r.nextInt(3));
    Long[] values = {null, 0L, 500L, 12_500L, 99_900L, 125_000L, (long) r.nextInt(200_000)};
    String[] notes = {"renewal due", "Renewal", "new logo", null};
    return new Opp(
        type,
        switch (type) {
          case "won" -> "Won";
          case "lost" -> "Lost";
          default -> "Open";
        },
        values[r.nextInt(values.length)],
        r.nextBoolean() ? "USD" : null,
        r.nextInt(4) == 0 ? null : r.nextInt(101),
        type.equals("won") ? LocalDate.parse("2025-12-01").plusDays(r.nextInt(120)) : null,
        notes[r.nextInt(notes.length)]);
  }

  private static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return s.isEmpty() ? "lead" : s;
  }

  /** A workspace holding the fixture: its key, catalog ids, saved searches and the model. */
  static final class Workspace {
    final TestServer server;
    final Tenant tenant;
    final Map<String, String> statusIds = new LinkedHashMap<>();
    final Map<String, String> fieldIds = new LinkedHashMap<>();
    final Map<String, JsonNode> savedQueries = new LinkedHashMap<>();
    final List<FLead> leads;
    final Map<String, FLead> byId = new LinkedHashMap<>();
    final Model model;
    String savedWon;
    String savedNested;
    String savedNested2;

    private Workspace(TestServer server, Tenant tenant, List<FLead> leads) {
      this.server = server;
      this.tenant = tenant;
      this.leads = leads;
      this.model = new Model(this);
    }

    /** Creates the catalog and the fixture in batches at their creation times, then sets now. */
    static Workspace create(TestServer server, MutableClock clock, String name, Random random) {
      Tenant t = server.tenant(name);
      Workspace w = new Workspace(server, t, fixture(random));
      for (String label : STATUSES) {
        Reply r =
            server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", label));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        w.statusIds.put(label, r.json().path("id").asText());
      }
      for (Map.Entry<String, String> f : CUSTOM_FIELDS.entrySet()) {
        ObjectNode body = Json.object().put("name", f.getKey()).put("type", f.getValue());
        if (f.getValue().equals("choices")) {
          body.putArray("choices").add("Retail").add("Software").add("Aerospace");
        }
        Reply r = server.call("POST", "/api/v1/custom_fields", t.key(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        w.fieldIds.put(f.getKey(), r.json().path("id").asText());
      }
      for (int batch = 0; batch < BATCHES.length; batch++) {
        clock.set(BATCHES[batch]);
        List<FLead> these = new ArrayList<>();
        ArrayNode items = Json.array();
        for (FLead l : w.leads) {
          if (l.batch == batch) {
            these.add(l);
            items.add(l.json(w));
          }
        }
        Reply r = server.call("POST", "/api/v1/leads/bulk", t.key(), items);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        for (int i = 0; i < these.size(); i++) {
          these.get(i).id = r.json().path("ids").get(i).asText();
        }
      }
      clock.set(NOW);
      // Contact ids, in each lead's order, for conditions on a contact's id.
      ObjectNode everyLead = Json.object().put("_limit", 200);
      everyLead.putObject("_fields").putArray("lead").add("id").add("contacts");
      Reply all = server.call("POST", PATH, t.key(), everyLead);
      for (FLead l : w.leads) {
        w.byId.put(l.id, l);
      }
      for (JsonNode lead : all.json().path("data")) {
        FLead l = w.byId.get(lead.path("id").asText());
        lead.path("contacts").forEach(c -> l.contactIds.add(c.path("id").asText()));
      }
      ObjectNode won =
          Q.related("opportunity", Q.field("opportunity", "status_type", Q.term("won")));
      w.savedWon = w.createSaved("won", won);
      w.savedNested =
          w.createSaved(
              "won from google",
              Q.and(Q.saved(w.savedWon), Q.lead("source", Q.term("google", "referral"))));
      w.savedNested2 =
          w.createSaved(
              "nested twice",
              Q.or(
                  Q.saved(w.savedNested),
                  Q.not(Q.saved(w.savedWon)),
                  Q.where(Q.custom("Verified"), Q.bool(true))));
      return w;
    }

    String createSaved(String name, JsonNode query) {
      ObjectNode body = Json.object().put("name", name);
      body.set("query", query);
      Reply r = server.call("POST", "/api/v1/saved_searches", tenant.key(), body);
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      String id = r.json().path("id").asText();
      savedQueries.put(id, query);
      return id;
    }

    Reply patchSavedReply(String id, JsonNode query) {
      ObjectNode body = Json.object();
      body.set("query", query);
      return server.call("PATCH", "/api/v1/saved_searches/" + id, tenant.key(), body);
    }

    /** Stores a query without the API's checks, as versions before those checks did. */
    void storeSaved(String id, JsonNode query) {
      server
          .leadport()
          .services()
          .database()
          .jdbi()
          .useHandle(h ->
              h.execute(
                  "update saved_searches set query = cast(? as jsonb) where id = ?",
                  query.toString(),
                  id));
      savedQueries.put(id, query);
    }

    String status(String label) {
      return statusIds.get(label);
    }

    String field(String name) {
      return fieldIds.get(name);
    }

    String someContactId() {
      return leads.get(26).contactIds.get(leads.get(26).contactIds.size() - 1);
    }

    String someAudit() {
      for (FLead l : leads) {
        if (l.custom.get("Last Audit") instanceof Instant t) {
          return OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(-3)).toString();
        }
      }
      throw new AssertionError("no audit date in the fixture");
    }

    String renewalOn(String day) {
      for (FLead l : leads) {
        if (LocalDate.parse(day).equals(l.custom.get("Renewal"))) {
          return l.id;
        }
      }
      throw new AssertionError("no renewal on " + day);
    }
  }

  // ================================================================================ the model

  enum VType {
    TEXT,
    NUMBER,
    DATE,
    DATETIME,
    BOOLEAN
  }

  /** One object a query looks at: the lead itself or one thing it holds. */
  record Item(FLead lead, int index, Object part) {}

  record MField(VType type, Function<Item, Object> get) {}

  /**
   * The query semantics, written from the Close documentation and the model's javadoc in plain Java
   * over the fixture records: words are runs of letters, digits and underscores; text matches
   * ignore case; a condition on a missing value is false and negation is its complement; a date
   * field compares with the UTC day of a moment; offsets apply the largest unit first.
   */
  static final class Model {
    final Workspace w;
    final Map<String, Map<String, MField>> regular = new LinkedHashMap<>();

    Model(Workspace w) {
      this.w = w;
      Map<String, MField> lead = new LinkedHashMap<>();
      lead.put("id", text(i -> i.lead().id));
      lead.put("name", text(i -> i.lead().name));
      lead.put("display_name", text(i -> i.lead().displayName()));
      lead.put("status_id", text(i -> i.lead().status == null ? null : w.status(i.lead().status)));
      lead.put("status_label", text(i -> i.lead().status));
      lead.put("url", text(i -> i.lead().url));
      lead.put("description", text(i -> i.lead().description));
      lead.put("source", text(i -> i.lead().source));
      lead.put("medium", text(i -> i.lead().medium));
      lead.put("campaign", text(i -> i.lead().campaign));
      timestamps(lead);
      regular.put("lead", lead);

      Map<String, MField> contact = new LinkedHashMap<>();
      contact.put("id", text(i -> i.lead().contactIds.get(i.index())));
      contact.put("name", text(i -> ((Contact) i.part()).name()));
      contact.put("title", text(i -> ((Contact) i.part()).title()));
      contact.put("email", text(i -> ((Contact) i.part()).emails()));
      contact.put("phone", text(i -> ((Contact) i.part()).phones()));
      contact.put("url", text(i -> List.of()));
      timestamps(contact);
      regular.put("contact", contact);

      Map<String, MField> opp = new LinkedHashMap<>();
      opp.put("status_type", text(i -> ((Opp) i.part()).statusType()));
      opp.put("status_label", text(i -> ((Opp) i.part()).statusLabel()));
      opp.put("value_currency", text(i -> ((Opp) i.part()).currency()));
      opp.put("value_period", text(i -> null));
      opp.put("note", text(i -> ((Opp) i.part()).note()));
      opp.put("user_name", text(i -> null));
      opp.put("value", new MField(VType.NUMBER, i -> decimal(((Opp) i.part()).value())));
      opp.put("confidence", new MField(VType.NUMBER, i -> decimal(((Opp) i.part()).confidence())));
      opp.put("date_won", new MField(VType.DATE, i -> ((Opp) i.part()).dateWon()));
      timestamps(opp);
      regular.put("opportunity", opp);

      Map<String, MField> address = new LinkedHashMap<>();
      address.put("label", text(i -> ((Address) i.part()).label()));
      address.put("address_1", text(i -> null));
      address.put("address_2", text(i -> null));
      address.put("city", text(i -> ((Address) i.part()).city()));
      address.put("state", text(i -> ((Address) i.part()).state()));
      address.put("zipcode", text(i -> null));
      address.put("country", text(i -> ((Address) i.part()).country()));
      regular.put("address", address);

      Map<String, MField> activity = new LinkedHashMap<>();
      activity.put("type", text(i -> ((Activity) i.part()).type()));
      activity.put("direction", text(i -> ((Activity) i.part()).direction()));
      activity.put("subject", text(i -> ((Activity) i.part()).subject()));
      activity.put("body", text(i -> null));
      activity.put(
          "duration", new MField(VType.NUMBER, i -> decimal(((Activity) i.part()).duration())));
      activity.put("date", new MField(VType.DATETIME, i -> ((Activity) i.part()).date()));
      regular.put("activity", activity);
    }

    private static MField text(Function<Item, Object> get) {
      return new MField(VType.TEXT, get);
    }

    private static void timestamps(Map<String, MField> into) {
      MField created = new MField(VType.DATETIME, i -> i.lead().created());
      for (String n : List.of("date_created", "created_at", "date_updated", "updated_at")) {
        into.put(n, created);
      }
    }

    private static BigDecimal decimal(Number n) {
      return n == null ? null : new BigDecimal(n.toString());
    }

    List<String> allIds() {
      return w.leads.stream().map(l -> l.id).sorted().toList();
    }

    /** The ids of the leads matching {@code query} (null: all), in id order. */
    List<String> ids(JsonNode query) {
      List<String> out = new ArrayList<>();
      for (FLead l : w.leads) {
        if (query == null || matches(query, "lead", new Item(l, -1, null))) {
          out.add(l.id);
        }
      }
      out.sort(Comparator.naturalOrder());
      return out;
    }

    /** The ids of the matching leads sorted by (field, direction) pairs, nulls last, then id. */
    List<String> sorted(JsonNode query, List<Object> sort) {
      List<FLead> matching = new ArrayList<>();
      for (String id : ids(query)) {
        matching.add(w.byId.get(id));
      }
      Comparator<FLead> order = (unusedA, unusedB) -> 0;
      for (int i = 0; i < sort.size(); i += 2) {
        MField f = field((JsonNode) sort.get(i), "lead");
        boolean desc = "desc".equals(sort.get(i + 1));
        order =
            order.thenComparing((a, b) ->
                compareNullsLast(
                    f.get().apply(new Item(a, -1, null)),
                    f.get().apply(new Item(b, -1, null)),
                    desc));
      }
      order = order.thenComparing(l -> l.id);
      matching.sort(order);
      return matching.stream().map(l -> l.id).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNullsLast(Object a, Object b, boolean desc) {
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : 1) : -1;
      }
      int c =
          a instanceof String s ? compareCodePoints(s, (String) b) : ((Comparable) a).compareTo(b);
      return desc ? -c : c;
    }

    private static int compareCodePoints(String a, String b) {
      int[] x = a.codePoints().toArray();
      int[] y = b.codePoints().toArray();
      return java.util.Arrays.compare(x, y);
    }

    boolean matches(JsonNode q, String kind, Item item) {
      boolean m =
          switch (q.path("type").asText()) {
            case "and" -> {
              for (JsonNode c : q.path("queries")) {
                if (!matches(c, kind, item)) {
                  yield false;
                }
              }
              yield true;
            }
            case "or" -> {
              for (JsonNode c : q.path("queries")) {
                if (matches(c, kind, item)) {
                  yield true;
                }
              }
              yield false;
            }
            case "object_type" -> true;
            case "field_condition" ->
                condition(field(q.get("field"), kind), q.get("condition"), item);
            case "has_related" -> {
              String related = q.path("related_object_type").asText();
              for (Item part : parts(item.lead(), related)) {
                if (matches(q.get("related_query"), related, part)) {
                  yield true;
                }
              }
              yield false;
            }
            case "saved_search" ->
                matches(w.savedQueries.get(q.path("saved_search_id").asText()), kind, item);
            default -> throw new IllegalArgumentException("not a valid node: " + q);
          };
      return q.path("negate").asBoolean(false) != m;
    }

    List<Item> parts(FLead l, String kind) {
      List<?> list =
          switch (kind) {
            case "contact" -> l.contacts;
            case "opportunity" -> l.opps;
            case "address" -> l.addresses;
            case "activity" -> l.activities;
            default -> throw new IllegalArgumentException(kind);
          };
      List<Item> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(new Item(l, i, list.get(i)));
      }
      return out;
    }

    MField field(JsonNode f, String kind) {
      if (f.path("type").asText().equals("custom_field")) {
        String idOrName = f.path("custom_field_id").asText();
        String name = w.fieldIds.containsKey(idOrName) ? idOrName : null;
        for (Map.Entry<String, String> e : w.fieldIds.entrySet()) {
          if (e.getValue().equals(idOrName)) {
            name = e.getKey();
          }
        }
        String fieldName = name;
        VType type =
            switch (CUSTOM_FIELDS.get(fieldName)) {
              case "number" -> VType.NUMBER;
              case "date" -> VType.DATE;
              case "datetime" -> VType.DATETIME;
              case "boolean" -> VType.BOOLEAN;
              default -> VType.TEXT;
            };
        return new MField(type, i -> i.lead().custom.get(fieldName));
      }
      MField m = regular.get(kind).get(f.path("field_name").asText());
      if (m == null) {
        throw new IllegalArgumentException("the model has no " + kind + " field " + f);
      }
      return m;
    }

    boolean condition(MField f, JsonNode c, Item item) {
      Object v = f.get().apply(item);
      String type = c.path("type").asText();
      if (type.equals("exists")) {
        if (v instanceof List<?> list) {
          return !list.isEmpty();
        }
        return v != null && !(v instanceof String s && s.isEmpty());
      }
      if (v == null) {
        return false;
      }
      if (v instanceof List<?> list) {
        for (Object one : list) {
          if (scalar(f.type(), c, one)) {
            return true;
          }
        }
        return false;
      }
      return scalar(f.type(), c, v);
    }

    @SuppressWarnings("RefactorSwitch") // each arm returns; a switch expression would yield instead
    private boolean scalar(VType type, JsonNode c, Object v) {
      switch (c.path("type").asText()) {
        case "text" -> {
          return textMatches(c.path("mode").asText(), (String) v, c.path("value").asText());
        }
        case "term", "reference", "boolean" -> {
          JsonNode values =
              switch (c.path("type").asText()) {
                case "term" -> c.path("values");
                case "reference" -> c.path("object_ids");
                default -> Json.array().add(c.path("value"));
              };
          for (JsonNode x : values) {
            if (equalsValue(type, v, x)) {
              return true;
            }
          }
          return false;
        }
        case "number_range" -> {
          BigDecimal n = (BigDecimal) v;
          return bound(c, "gt", b -> n.compareTo(b) > 0)
              && bound(c, "gte", b -> n.compareTo(b) >= 0)
              && bound(c, "lt", b -> n.compareTo(b) < 0)
              && bound(c, "lte", b -> n.compareTo(b) <= 0);
        }
        case "moment_range" -> {
          return momentBound(type, v, c.get("after"), 1, false)
              && momentBound(type, v, c.get("on_or_after"), 1, true)
              && momentBound(type, v, c.get("before"), -1, false)
              && momentBound(type, v, c.get("on_or_before"), -1, true);
        }
        default -> throw new IllegalArgumentException("not a valid condition: " + c);
      }
    }

    private static boolean bound(
        JsonNode c, String key, java.util.function.Predicate<BigDecimal> ok) {
      JsonNode b = c.get(key);
      return b == null || b.isNull() || ok.test(b.decimalValue());
    }

    /**
     * {@code sign} 1: the value must be after the moment; -1: before; {@code orEqual}: or on it.
     */
    private boolean momentBound(VType type, Object v, JsonNode m, int sign, boolean orEqual) {
      if (m == null || m.isNull()) {
        return true;
      }
      Instant t = moment(m);
      int c =
          type == VType.DATE
              ? ((LocalDate) v).compareTo(LocalDate.ofInstant(t, ZoneOffset.UTC))
              : ((Instant) v).compareTo(t);
      return c * sign > 0 || (orEqual && c == 0);
    }

    static Instant moment(JsonNode m) {
      return switch (m.path("type").asText()) {
        case "now" -> NOW;
        case "fixed_utc" -> OffsetDateTime.parse(m.path("value").asText()).toInstant();
        case "fixed_local_date" -> {
          LocalDate day = LocalDate.parse(m.path("value").asText());
          if (m.path("which").asText().equals("end")) {
            day = day.plusDays(1);
          }
          yield day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        case "offset" -> {
          OffsetDateTime t = moment(m.get("moment")).atOffset(ZoneOffset.UTC);
          int sign = m.path("direction").asText().equals("past") ? -1 : 1;
          JsonNode o = m.path("offset");
          t = t.plus(Period.ofYears(sign * o.path("years").asInt(0)));
          t = t.plus(Period.ofMonths(sign * o.path("months").asInt(0)));
          t = t.plusWeeks(sign * o.path("weeks").asLong(0));
          t = t.plusDays(sign * o.path("days").asLong(0));
          t = t.plus(Duration.ofHours(sign * o.path("hours").asLong(0)));
          t = t.plus(Duration.ofMinutes(sign * o.path("minutes").asLong(0)));
          t = t.plus(Duration.ofSeconds(sign * o.path("seconds").asLong(0)));
          yield t.toInstant();
        }
        default -> throw new IllegalArgumentException("not a moment: " + m);
      };
    }

    private static boolean equalsValue(VType type, Object v, JsonNode x) {
      return switch (type) {
        case TEXT -> x.isTextual() && v.equals(x.textValue());
        case NUMBER -> ((BigDecimal) v).compareTo(x.decimalValue()) == 0;
        case BOOLEAN -> v.equals(x.booleanValue());
        case DATE -> v.equals(LocalDate.parse(x.asText()));
        case DATETIME -> v.equals(OffsetDateTime.parse(x.asText()).toInstant());
      };
    }

    /** Words: maximal runs of letters, digits and underscores, lower-cased. */
    static List<String> words(String s) {
      List<String> out = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      s.codePoints()
          .forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '_') {
              word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
              out.add(word.toString().toLowerCase(Locale.ROOT));
              word.setLength(0);
            }
          });
      if (!word.isEmpty()) {
        out.add(word.toString().toLowerCase(Locale.ROOT));
      }
      return out;
    }

    static boolean textMatches(String mode, String field, String value) {
      if (mode.equals("exact_value")) {
        return field.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
      }
      List<String> want = words(value);
      List<String> have = words(field);
      if (want.isEmpty()) {
        return false;
      }
      return switch (mode) {
        case "full_words" -> new HashSet<>(have).containsAll(want);
        case "beginning_of_words" ->
            want.stream().allMatch(x -> have.stream().anyMatch(h -> h.startsWith(x)));
        case "phrase" -> java.util.Collections.indexOfSubList(have, want) >= 0;
        default -> throw new IllegalArgumentException(mode);
      };
    }

    /** Every non-null value a field takes in the fixture, for generating meaningful conditions. */
    List<Object> values(String kind, MField f) {
      List<Object> out = new ArrayList<>();
      for (FLead l : w.leads) {
        List<Item> items = kind.equals("lead") ? List.of(new Item(l, -1, null)) : parts(l, kind);
        for (Item i : items) {
          Object v = f.get().apply(i);
          if (v instanceof List<?> list) {
            out.addAll(list);
          } else if (v != null) {
            out.add(v);
          }
        }
      }
      return out;
    }
  }

  // ================================================================================ queries

  /** Builders for Close query JSON. */
  static final class Q {
    private Q() {}

    static ObjectNode node(String type) {
      return Json.object().put("type", type);
    }

    static ObjectNode and(JsonNode... queries) {
      return group("and", queries);
    }

    static ObjectNode or(JsonNode... queries) {
      return group("or", queries);
    }

    private static ObjectNode group(String type, JsonNode... queries) {
      ObjectNode n = node(type);
      ArrayNode a = n.putArray("queries");
      for (JsonNode q : queries) {
        a.add(q);
      }
      return n;
    }

    static ObjectNode not(ObjectNode q) {
      return q.deepCopy().put("negate", true);
    }

    static ObjectNode objectType(String kind) {
      return node("object_type").put("object_type", kind);
    }

    static ObjectNode regular(String kind, String name) {
      return node("regular_field").put("object_type", kind).put("field_name", name);
    }

    static ObjectNode custom(String idOrName) {
      return node("custom_field").put("custom_field_id", idOrName);
    }

    static ObjectNode where(JsonNode field, JsonNode condition) {
      ObjectNode n = node("field_condition");
      n.set("field", field);
      n.set("condition", condition);
      return n;
    }

    static ObjectNode lead(String field, JsonNode condition) {
      return where(regular("lead", field), condition);
    }

    static ObjectNode field(String kind, String field, JsonNode condition) {
      return where(regular(kind, field), condition);
    }

    static ObjectNode related(String kind, JsonNode query) {
      ObjectNode n =
          node("has_related").put("this_object_type", "lead").put("related_object_type", kind);
      n.set("related_query", query);
      return n;
    }

    static ObjectNode saved(String id) {
      return node("saved_search").put("saved_search_id", id);
    }

    static ObjectNode text(String mode, String value) {
      return node("text").put("mode", mode).put("value", value);
    }

    static ObjectNode term(Object... values) {
      ObjectNode n = node("term");
      ArrayNode a = n.putArray("values");
      for (Object v : values) {
        a.add(Json.MAPPER.<JsonNode>valueToTree(v));
      }
      return n;
    }

    static ObjectNode reference(String... ids) {
      ObjectNode n = node("reference").put("reference_type", "status.lead");
      ArrayNode a = n.putArray("object_ids");
      for (String id : ids) {
        a.add(id);
      }
      return n;
    }

    static ObjectNode range(Number gt, Number gte, Number lt, Number lte) {
      ObjectNode n = node("number_range");
      putNumber(n, "gt", gt);
      putNumber(n, "gte", gte);
      putNumber(n, "lt", lt);
      putNumber(n, "lte", lte);
      return n;
    }

    private static void putNumber(ObjectNode n, String key, Number v) {
      if (v != null) {
        n.put(key, new BigDecimal(v.toString()));
      }
    }

    static ObjectNode moments(JsonNode onOrAfter, JsonNode before) {
      ObjectNode n = node("moment_range");
      if (onOrAfter != null) {
        n.set("on_or_after", onOrAfter);
      }
      if (before != null) {
        n.set("before", before);
      }
      return n;
    }

    static ObjectNode momentsClosed(JsonNode after, JsonNode onOrBefore) {
      ObjectNode n = node("moment_range");
      if (after != null) {
        n.set("after", after);
      }
      if (onOrBefore != null) {
        n.set("on_or_before", onOrBefore);
      }
      return n;
    }

    static ObjectNode utc(String value) {
      return node("fixed_utc").put("value", value);
    }

    static ObjectNode day(String value, String which) {
      return node("fixed_local_date").put("value", value).put("which", which);
    }

    static ObjectNode now() {
      return node("now");
    }

    /** An offset from {@code moment}: unit, amount, unit, amount… */
    static ObjectNode offset(String direction, JsonNode moment, Object... units) {
      ObjectNode n = node("offset").put("direction", direction);
      n.set("moment", moment);
      ObjectNode o = n.putObject("offset");
      for (int i = 0; i < units.length; i += 2) {
        o.set((String) units[i], Json.MAPPER.valueToTree(units[i + 1]));
      }
      return n;
    }

    static ObjectNode exists() {
      return node("exists");
    }

    static ObjectNode bool(boolean value) {
      return node("boolean").put("value", value);
    }
  }

  // ================================================================================ generator

  /**
   * Random valid Close queries over the fixture's own fields and values, so that most select some
   * but not all leads.
   */
  static final class Gen {
    final Workspace w;
    final Random r;

    Gen(Workspace w, Random r) {
      this.w = w;
      this.r = r;
    }

    ObjectNode query(String kind, int depth) {
      int pick = r.nextInt(100);
      ObjectNode q;
      if (pick < 25 && depth < 4) {
        int n = r.nextInt(4);
        JsonNode[] children = new JsonNode[n];
        for (int i = 0; i < n; i++) {
          children[i] = query(kind, depth + 1);
        }
        q = r.nextBoolean() ? Q.and(children) : Q.or(children);
      } else if (pick < 40 && kind.equals("lead") && depth < 4) {
        String related = List.of("contact", "opportunity", "address", "activity").get(r.nextInt(4));
        q = Q.related(related, query(related, depth + 1));
      } else if (pick < 44) {
        q = Q.objectType(kind);
      } else if (pick < 48 && kind.equals("lead")) {
        List<String> saved = List.of(w.savedWon, w.savedNested, w.savedNested2);
        q = Q.saved(saved.get(r.nextInt(saved.size())));
      } else {
        q = fieldCondition(kind);
      }
      if (r.nextInt(5) == 0) {
        q.put("negate", true);
      } else if (r.nextInt(10) == 0) {
        q.put("negate", false);
      }
      return q;
    }

    ObjectNode fieldCondition(String kind) {
      JsonNode field;
      if (kind.equals("lead") && r.nextInt(3) == 0) {
        List<String> names = List.copyOf(CUSTOM_FIELDS.keySet());
        String name = names.get(r.nextInt(names.size()));
        field = Q.custom(r.nextInt(4) == 0 ? name : w.field(name));
      } else {
        List<String> names = List.copyOf(w.model.regular.get(kind).keySet());
        field = Q.regular(kind, names.get(r.nextInt(names.size())));
      }
      MField f = w.model.field(field, kind);
      return Q.where(field, condition(kind, field, f));
    }

    ObjectNode condition(String kind, JsonNode field, MField f) {
      List<Object> values = w.model.values(kind, f);
      if (values.isEmpty() || r.nextInt(8) == 0) {
        return Q.exists();
      }
      Object sample = values.get(r.nextInt(values.size()));
      return switch (f.type()) {
        case TEXT -> textCondition(field, values, (String) sample);
        case NUMBER -> {
          if (r.nextInt(4) == 0) {
            yield Q.term(sample, values.get(r.nextInt(values.size())));
          }
          BigDecimal low = (BigDecimal) sample;
          BigDecimal high = (BigDecimal) values.get(r.nextInt(values.size()));
          yield switch (r.nextInt(4)) {
            case 0 -> Q.range(low, null, null, null);
            case 1 -> Q.range(null, low, null, null);
            case 2 -> Q.range(null, low.min(high), high.max(low), null);
            default -> Q.range(null, null, null, low);
          };
        }
        case BOOLEAN -> r.nextBoolean() ? Q.bool(r.nextBoolean()) : Q.term(r.nextBoolean());
        case DATE, DATETIME -> {
          if (r.nextInt(6) == 0) {
            yield Q.term(
                sample instanceof Instant t
                    ? OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(r.nextInt(7) - 3)).toString()
                    : sample.toString());
          }
          Instant at =
              sample instanceof LocalDate d
                  ? d.atStartOfDay(ZoneOffset.UTC).toInstant()
                  : (Instant) sample;
          JsonNode a = moment(at);
          JsonNode b = r.nextBoolean() ? null : moment(at.plus(Duration.ofDays(1 + r.nextInt(60))));
          yield switch (r.nextInt(3)) {
            case 0 -> Q.moments(a, b);
            case 1 -> Q.moments(null, a);
            default -> Q.momentsClosed(a, b);
          };
        }
      };
    }

    /** A moment near {@code at}, in one of the four moment shapes. */
    JsonNode moment(Instant at) {
      return switch (r.nextInt(5)) {
        case 0 ->
            Q.utc(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(r.nextInt(11) - 5)).toString());
        case 1 ->
            Q.day(
                LocalDate.ofInstant(at, ZoneOffset.UTC).toString(),
                r.nextBoolean() ? "start" : "end");
        case 2 -> r.nextBoolean() ? Q.now() : Q.offset("past", Q.now(), "days", r.nextInt(200));
        case 3 -> {
          long days = Duration.between(at, NOW).toDays();
          yield days >= 0
              ? Q.offset("past", Q.now(), "days", days, "hours", r.nextInt(24))
              : Q.offset("future", Q.now(), "days", -days, "minutes", r.nextInt(600));
        }
        default ->
            Q.offset(
                "future",
                Q.utc("2025-10-01T00:00:00Z"),
                "months",
                r.nextInt(7),
                "days",
                r.nextInt(31));
      };
    }

    ObjectNode textCondition(JsonNode field, List<Object> values, String sample) {
      if (r.nextInt(5) == 0) {
        return Q.term(sample, (String) values.get(r.nextInt(values.size())));
      }
      if (field.path("field_name").asText().equals("status_id") && r.nextBoolean()) {
        return Q.reference(sample);
      }
      List<String> words = Model.words(sample);
      String mode =
          List.of("full_words", "phrase", "beginning_of_words", "exact_value").get(r.nextInt(4));
      if (words.isEmpty() || mode.equals("exact_value")) {
        String v = r.nextBoolean() ? sample.toUpperCase(Locale.ROOT) : sample;
        return Q.text("exact_value", v.isBlank() ? "x" : v);
      }
      int from = r.nextInt(words.size());
      int to = from + 1 + r.nextInt(Math.min(3, words.size() - from));
      List<String> slice = new ArrayList<>(words.subList(from, to));
      if (mode.equals("full_words") && r.nextBoolean()) {
        java.util.Collections.shuffle(slice, r);
      }
      if (mode.equals("beginning_of_words")) {
        slice.replaceAll(x ->
            x.substring(
                0,
                Math.max(
                    1,
                    x.offsetByCodePoints(
                        0, Math.max(1, x.codePointCount(0, x.length()) - r.nextInt(3))))));
      }
      String sep = List.of(" ", "  ", ", ", "-", " / ").get(r.nextInt(5));
      String v = String.join(sep, slice);
      return Q.text(mode, r.nextBoolean() ? v.toUpperCase(Locale.ROOT) : v);
    }
  }
}
