package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * HubSpot's CRM search over companies (leads), contacts and deals (opportunities), through the real
 * server. Every expected result set is computed in Java from the fixture below, never by the SQL
 * under test.
 */
class CrmSearchIT {
  static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  static TestServer server;
  static Tenant t;
  static final MutableClock CLOCK = new MutableClock(BASE);
  static final List<L> LEADS = new ArrayList<>();

  // ---- the fixture, as Java sees it ----

  /** A contact of the fixture; {@code id} is known once created. */
  static final class C {
    final String name;
    final String title;
    final List<String> emails;
    final List<String> phones;
    final List<String> urls;
    L lead;
    String id;

    C(String name, String title, List<String> emails, List<String> phones, List<String> urls) {
      this.name = name;
      this.title = title;
      this.emails = emails;
      this.phones = phones;
      this.urls = urls;
    }
  }

  /** An opportunity of the fixture; value in minor units. */
  static final class O {
    final String statusType;
    final String label;
    final Long value;
    final String currency;
    final Integer confidence;
    final LocalDate won;
    final String note;
    L lead;
    String id;

    O(
        String statusType,
        String label,
        Long value,
        String currency,
        Integer confidence,
        LocalDate won,
        String note) {
      this.statusType = statusType;
      this.label = label;
      this.value = value;
      this.currency = currency;
      this.confidence = confidence;
      this.won = won;
      this.note = note;
    }
  }

  /** A lead of the fixture, created at its own instant. */
  static final class L {
    final String name;
    final String url;
    final String description;
    final String source;
    final String status;
    final Map<String, Object> custom;
    final List<C> contacts;
    final List<O> opps;
    String id;
    Instant created;

    L(
        String name,
        String url,
        String description,
        String source,
        String status,
        Map<String, Object> custom,
        List<C> contacts,
        List<O> opps) {
      this.name = name;
      this.url = url;
      this.description = description;
      this.source = source;
      this.status = status;
      this.custom = custom;
      this.contacts = contacts;
      this.opps = opps;
      contacts.forEach(c -> c.lead = this);
      opps.forEach(o -> o.lead = this);
    }

    String displayName() {
      if (name != null && !name.isBlank()) {
        return name;
      }
      return contacts.stream().map(c -> c.name).filter(Objects::nonNull).findFirst().orElse("");
    }
  }

  static C contact(String name, String title, List<String> emails, List<String> phones) {
    return new C(name, title, emails, phones, List.of());
  }

  static Map<String, Object> custom(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static void fixture() {
    LEADS.add(
        new L(
            "Acme Corp",
            "https://www.acme.com/home",
            "Industrial anvils",
            "google",
            "Qualified",
            custom("Seats", 10, "Tier", "Gold"),
            List.of(
                contact(
                    "Ann Lee",
                    "CEO",
                    List.of("ann@acme.com", "ann.lee@gmail.com"),
                    List.of("+1 555 0100")),
                contact("Bob Stone", "CTO", List.of("bob@acme.com"), List.of())),
            List.of(
                new O(
                    "won",
                    "Closed won",
                    150_000L,
                    "USD",
                    90,
                    LocalDate.parse("2026-03-05"),
                    "Anvils for all"))));
    LEADS.add(
        new L(
            "Acme Labs",
            "http://acmelabs.io",
            null,
            "google",
            "Cold",
            custom("Seats", 3),
            List.of(
                new C(
                    "Cara Diaz",
                    "Head of Sales",
                    List.of("cara@acmelabs.io"),
                    List.of(),
                    List.of("https://cara.example/me"))),
            List.of(new O("active", "Demo", 50_050L, "EUR", 40, null, null))));
    LEADS.add(
        new L(
            "Globex",
            "https://globex.com",
            "Worldwide widgets",
            "linkedin",
            null,
            custom("Tier", "Silver"),
            List.of(contact("Dan Brown", null, List.of(), List.of("+44 20 7946 0000"))),
            List.of(new O("lost", "Lost", 1_000_000L, "USD", 0, null, "Went with a rival"))));
    LEADS.add(
        new L(
            "Initech Acme-Partners",
            null,
            "Reseller of acme gear",
            "google",
            null,
            custom(),
            List.of(),
            List.of()));
    LEADS.add(
        new L(
            "Umbrella",
            null,
            null,
            null,
            "Qualified",
            custom(),
            List.of(
                contact(
                    "Eve Moneypenny",
                    "Chief Scientist",
                    List.of("eve@umbrella.example"),
                    List.of())),
            List.of(new O("active", "Prospect", null, null, null, null, null))));
    LEADS.add(
        new L(
            "Acmeville Tours",
            "acmeville.travel",
            null,
            "google",
            "Cold",
            custom("Seats", 7),
            List.of(contact("Frank Ocean", null, List.of("frank@acmeville.travel"), List.of())),
            List.of()));
    LEADS.add(
        new L(
            null,
            null,
            null,
            "newsletter",
            null,
            custom(),
            List.of(contact("Grace Hopper", "Rear Admiral", List.of(), List.of())),
            List.of()));
    LEADS.add(
        new L(
            "Stark Industries",
            "https://stark.example",
            "Arc reactors",
            "google",
            "Qualified",
            custom("Tier", "Gold", "Renewal", "2026-05-01"),
            List.of(contact("Tony Stark", "CEO", List.of("tony@stark.example"), List.of())),
            List.of(
                new O(
                    "won", "Closed won", 250_000L, "USD", 100, LocalDate.parse("2026-03-20"), null),
                new O("active", "Upsell", 99L, "USD", 10, null, "Small upsell"))));
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(CLOCK, 1_000_000);
    t = server.tenant("hubspot-search");
    server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Qualified"));
    server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Cold"));
    field("Seats", "number");
    ObjectNode tier = Json.object().put("name", "Tier").put("type", "choices");
    tier.putArray("choices").add("Gold").add("Silver");
    assertThat(server.call("POST", "/api/v1/custom_fields", t.key(), tier).status()).isEqualTo(201);
    field("Renewal", "date");
    fixture();
    // One bulk request per lead, each at its own instant: day i, plus i * 1111 microseconds so
    // that creation times are not whole milliseconds.
    for (int i = 0; i < LEADS.size(); i++) {
      L l = LEADS.get(i);
      CLOCK.set(BASE.plus(i, ChronoUnit.DAYS).plus(i * 1111L, ChronoUnit.MICROS));
      ArrayNode items = Json.array();
      items.add(json(l));
      Reply r = server.call("POST", "/api/v1/leads/bulk", t.key(), items);
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      l.id = r.json().path("ids").get(0).asText();
      l.created = CLOCK.instant();
      JsonNode stored = server.call("GET", "/api/v1/leads/" + l.id, t.key(), null).json();
      for (int c = 0; c < l.contacts.size(); c++) {
        l.contacts.get(c).id = stored.path("contacts").get(c).path("id").asText();
      }
      for (int o = 0; o < l.opps.size(); o++) {
        l.opps.get(o).id = stored.path("opportunities").get(o).path("id").asText();
      }
    }
    CLOCK.set(BASE.plus(30, ChronoUnit.DAYS));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void field(String name, String type) {
    Reply r =
        server.call(
            "POST",
            "/api/v1/custom_fields",
            t.key(),
            Json.object().put("name", name).put("type", type));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  static ObjectNode json(L l) {
    ObjectNode o = Json.object();
    o.put("name", l.name);
    o.put("url", l.url);
    o.put("description", l.description);
    o.put("source", l.source);
    o.put("status_label", l.status);
    ObjectNode custom = o.putObject("custom");
    l.custom.forEach((k, v) -> custom.set(k, Json.MAPPER.valueToTree(v)));
    ArrayNode contacts = o.putArray("contacts");
    for (C c : l.contacts) {
      ObjectNode j = contacts.addObject().put("name", c.name).put("title", c.title);
      c.emails.forEach(
          e -> j.withArray("emails").addObject().put("email", e).put("type", "office"));
      c.phones.forEach(
          p -> j.withArray("phones").addObject().put("phone", p).put("type", "mobile"));
      c.urls.forEach(u -> j.withArray("urls").addObject().put("url", u));
    }
    ArrayNode opps = o.putArray("opportunities");
    for (O p : l.opps) {
      ObjectNode j = opps.addObject().put("status_type", p.statusType).put("status_label", p.label);
      j.put("value", p.value);
      j.put("value_currency", p.currency);
      j.put("confidence", p.confidence);
      j.put("date_won", p.won == null ? null : p.won.toString());
      j.put("note", p.note);
    }
    return o;
  }

  // ---- requests ----

  static Reply search(String type, Object body) {
    return server.call("POST", "/crm/v3/objects/" + type + "/search", t.key(), body);
  }

  /** The ids a search answers, in order, after checking the answer's shape and total. */
  static List<String> ids(String type, ObjectNode body) {
    if (!body.has("limit")) {
      body.put("limit", 200);
    }
    Reply r = search(type, body);
    assertThat(r.status()).as(body + " -> " + r).isEqualTo(200);
    JsonNode json = r.json();
    List<String> out = new ArrayList<>();
    json.path("results").forEach(x -> out.add(x.path("id").asText()));
    assertThat(json.path("total").asLong()).as(r.toString()).isEqualTo(out.size());
    assertThat(json.has("paging")).isFalse();
    return out;
  }

  static ObjectNode f(String property, String operator, Object value) {
    ObjectNode o = Json.object().put("propertyName", property).put("operator", operator);
    if (value instanceof List<?> list) {
      ArrayNode values = o.putArray("values");
      list.forEach(v -> values.add(Json.MAPPER.valueToTree(v)));
    } else if (value != null) {
      o.set("value", Json.MAPPER.valueToTree(value));
    }
    return o;
  }

  static ObjectNode between(String property, Object low, Object high) {
    ObjectNode o = f(property, "BETWEEN", low);
    o.set("highValue", Json.MAPPER.valueToTree(high));
    return o;
  }

  /** One filter group holding {@code filters}. */
  static ObjectNode where(ObjectNode... filters) {
    ObjectNode body = Json.object();
    ArrayNode fs = body.putArray("filterGroups").addObject().putArray("filters");
    Arrays.stream(filters).forEach(fs::add);
    return body;
  }

  /** Groups ORed, each an AND of its filters. */
  static ObjectNode anyOf(List<List<ObjectNode>> groups) {
    ObjectNode body = Json.object();
    ArrayNode gs = body.putArray("filterGroups");
    for (List<ObjectNode> g : groups) {
      ArrayNode fs = gs.addObject().putArray("filters");
      g.forEach(fs::add);
    }
    return body;
  }

  // ---- expectations ----

  static List<String> companies(Predicate<L> p) {
    return LEADS.stream().filter(p).map(l -> l.id).toList();
  }

  static List<C> allContacts() {
    return LEADS.stream().flatMap(l -> l.contacts.stream()).toList();
  }

  static List<O> allOpps() {
    return LEADS.stream().flatMap(l -> l.opps.stream()).toList();
  }

  static List<String> contacts(Predicate<C> p) {
    return allContacts().stream().filter(p).map(c -> c.id).toList();
  }

  static List<String> deals(Predicate<O> p) {
    return allOpps().stream().filter(p).map(o -> o.id).toList();
  }

  static long ms(Instant t) {
    return t.toEpochMilli();
  }

  /** HubSpot compares instants at millisecond precision, as it shows them. */
  static Instant shown(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  static Instant midnight(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * CONTAINS_TOKEN as specified: {@code *} matches any run of characters; an end without {@code *}
   * must sit at the start or end of the text or next to a character that is not a letter, digit or
   * underscore; letters compare ignoring case.
   */
  static boolean token(String text, String pattern) {
    if (text == null) {
      return false;
    }
    StringBuilder re = new StringBuilder("(?is)");
    if (!pattern.startsWith("*")) {
      re.append("(?:^|[^\\p{Alnum}_])");
    }
    String[] parts = pattern.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(parts[i]));
    }
    if (!pattern.endsWith("*")) {
      re.append("(?:$|[^\\p{Alnum}_])");
    }
    return Pattern.compile(re.toString()).matcher(text).find();
  }

  static boolean has(String s) {
    return s != null && !s.isEmpty();
  }

  static boolean contains(String text, String part) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
  }

  static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  static BigDecimal seats(L l) {
    Object v = l.custom.get("Seats");
    return v == null ? null : new BigDecimal(v.toString());
  }

  static BigDecimal amount(O o) {
    return o.value == null ? null : BigDecimal.valueOf(o.value, 2);
  }

  static void assertSame(List<String> actual, List<String> expected) {
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  // ---- companies ----

  @Test
  void companiesEqNeqInNotIn() {
    assertSame(
        ids("companies", where(f("name", "EQ", "Acme Corp"))),
        companies(l -> l.displayName().equals("Acme Corp")));
    assertSame(
        ids("companies", where(f("hs_analytics_source", "EQ", "google"))),
        companies(l -> "google".equals(l.source)));
    assertSame(
        ids("companies", where(f("hs_analytics_source", "NEQ", "google"))),
        companies(l -> !"google".equals(l.source)));
    assertSame(
        ids("companies", where(f("hs_lead_status", "IN", List.of("Qualified", "Cold")))),
        companies(l -> Set.of("Qualified", "Cold").contains(String.valueOf(l.status))));
    assertSame(
        ids("companies", where(f("hs_lead_status", "NOT_IN", List.of("Qualified", "Cold")))),
        companies(l -> !Set.of("Qualified", "Cold").contains(String.valueOf(l.status))));
    assertSame(
        ids("companies", where(f("hs_object_id", "IN", List.of(LEADS.get(2).id, LEADS.get(6).id)))),
        List.of(LEADS.get(2).id, LEADS.get(6).id));
    // domain is the host of the URL without "www.": only https://www.acme.com/home is acme.com.
    assertSame(ids("companies", where(f("domain", "EQ", "acme.com"))), List.of(LEADS.get(0).id));
    assertSame(
        ids("companies", where(f("domain", "EQ", "acmeville.travel"))), List.of(LEADS.get(5).id));
    assertSame(
        ids("companies", where(f("domain", "CONTAINS_TOKEN", "acme*"))),
        List.of(LEADS.get(0).id, LEADS.get(1).id, LEADS.get(5).id));
  }

  @Test
  void companiesHasProperty() {
    assertSame(
        ids("companies", where(f("website", "HAS_PROPERTY", null))), companies(l -> has(l.url)));
    assertSame(
        ids("companies", where(f("website", "NOT_HAS_PROPERTY", null))),
        companies(l -> !has(l.url)));
    assertSame(
        ids("companies", where(f("hs_lead_status", "NOT_HAS_PROPERTY", null))),
        companies(l -> l.status == null));
    assertSame(
        ids("companies", where(f("Seats", "HAS_PROPERTY", null))),
        companies(l -> l.custom.containsKey("Seats")));
    assertSame(
        ids(
            "companies",
            where(
                f("description", "HAS_PROPERTY", null), f("hs_analytics_source", "EQ", "google"))),
        companies(l -> has(l.description) && "google".equals(l.source)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme",
        "ACME",
        "acm*",
        "*ville",
        "*cme*",
        "acme-partners",
        "labs",
        "tour*",
        "corp"
      })
  void companiesContainsToken(String pattern) {
    assertSame(
        ids("companies", where(f("name", "CONTAINS_TOKEN", pattern))),
        companies(l -> token(l.displayName(), pattern)));
    assertSame(
        ids("companies", where(f("name", "NOT_CONTAINS_TOKEN", pattern))),
        companies(l -> !token(l.displayName(), pattern)));
  }

  @Test
  void companiesContainsTokenFindsSomething() {
    // Guards the parameterised test above against a fixture where nothing matches.
    assertThat(companies(l -> token(l.displayName(), "acme"))).hasSize(3);
    assertThat(companies(l -> token(l.displayName(), "acm*"))).hasSize(4);
    assertThat(companies(l -> token(l.displayName(), "*ville"))).hasSize(1);
  }

  @Test
  void companiesDateRangesInEpochMillisAndIso() {
    Instant c2 = LEADS.get(2).created;
    Instant c4 = LEADS.get(4).created;
    assertSame(
        ids("companies", where(between("createdate", ms(c2), ms(c4)))),
        companies(
            l -> !shown(l.created).isBefore(shown(c2)) && !shown(l.created).isAfter(shown(c4))));
    assertThat(ids("companies", where(between("createdate", ms(c2), ms(c4))))).hasSize(3);
    assertSame(
        ids(
            "companies",
            where(between("createdate", Long.toString(ms(c2)), Long.toString(ms(c4))))),
        companies(
            l -> !shown(l.created).isBefore(shown(c2)) && !shown(l.created).isAfter(shown(c4))));
    assertSame(
        ids("companies", where(f("createdate", "GT", ms(c2)))),
        companies(l -> shown(l.created).isAfter(shown(c2))));
    assertSame(
        ids("companies", where(f("createdate", "GTE", ms(c2)))),
        companies(l -> !shown(l.created).isBefore(shown(c2))));
    assertSame(
        ids("companies", where(f("createdate", "LT", ms(c2)))),
        companies(l -> shown(l.created).isBefore(shown(c2))));
    assertSame(
        ids("companies", where(f("createdate", "LTE", ms(c2)))),
        companies(l -> !shown(l.created).isAfter(shown(c2))));
    assertSame(ids("companies", where(f("createdate", "EQ", ms(c4)))), List.of(LEADS.get(4).id));
    assertSame(
        ids("companies", where(f("createdate", "NEQ", ms(c4)))), companies(l -> l != LEADS.get(4)));
    assertSame(
        ids("companies", where(f("createdate", "IN", List.of(ms(c2), ms(c4))))),
        List.of(LEADS.get(2).id, LEADS.get(4).id));
    Instant day5 = Instant.parse("2026-01-05T00:00:00Z");
    assertSame(
        ids("companies", where(f("createdate", "GTE", "2026-01-05T00:00:00Z"))),
        companies(l -> !l.created.isBefore(day5)));
    assertSame(
        ids("companies", where(f("createdate", "LT", "2026-01-05"))),
        companies(l -> l.created.isBefore(day5)));
    assertSame(
        ids("companies", where(f("hs_lastmodifieddate", "GTE", "2026-01-05T01:00:00+01:00"))),
        companies(l -> !l.created.isBefore(day5)));
  }

  @Test
  void companiesCustomFields() {
    assertSame(
        ids("companies", where(f("Seats", "GT", 5))),
        companies(l -> seats(l) != null && seats(l).compareTo(BigDecimal.valueOf(5)) > 0));
    assertSame(
        ids("companies", where(f("Seats", "LTE", "7"))),
        companies(l -> seats(l) != null && seats(l).compareTo(BigDecimal.valueOf(7)) <= 0));
    assertSame(
        ids("companies", where(between("Seats", 3, 7))),
        companies(l -> seats(l) != null && seats(l).intValue() >= 3 && seats(l).intValue() <= 7));
    assertSame(
        ids("companies", where(f("Seats", "EQ", "10"))),
        companies(l -> seats(l) != null && seats(l).intValue() == 10));
    assertSame(
        ids("companies", where(f("Tier", "EQ", "Gold"))),
        companies(l -> "Gold".equals(l.custom.get("Tier"))));
    assertSame(
        ids("companies", where(f("Tier", "NOT_IN", List.of("Gold")))),
        companies(l -> !"Gold".equals(l.custom.get("Tier"))));
    // HubSpot's internal names of custom fields: lower case, "_" for other characters.
    assertSame(
        ids("companies", where(f("tier", "EQ", "Gold"))),
        companies(l -> "Gold".equals(l.custom.get("Tier"))));
    // A date property is its midnight UTC: on or after the day itself, not after a moment in it.
    assertSame(
        ids("companies", where(f("Renewal", "GTE", "2026-05-01"))),
        companies(l -> l.custom.containsKey("Renewal")));
    assertSame(
        ids("companies", where(f("Renewal", "GT", ms(Instant.parse("2026-05-01T00:00:00Z"))))),
        List.of());
    assertSame(
        ids("companies", where(f("Renewal", "EQ", ms(Instant.parse("2026-05-01T00:00:00Z"))))),
        companies(l -> l.custom.containsKey("Renewal")));
    assertSame(
        ids("companies", where(between("Renewal", "2026-04-30T12:00:00Z", "2026-05-01T00:00:00Z"))),
        companies(l -> l.custom.containsKey("Renewal")));
    assertSame(
        ids("companies", where(between("Renewal", "2026-05-01T00:00:00.001Z", "2026-06-01"))),
        List.of());
  }

  @Test
  void companiesCountsOfAssociations() {
    assertSame(
        ids("companies", where(f("num_associated_contacts", "GTE", 2))),
        companies(l -> l.contacts.size() >= 2));
    assertSame(
        ids("companies", where(f("num_associated_deals", "EQ", 0))),
        companies(l -> l.opps.isEmpty()));
  }

  @Test
  void orOfGroupsAndTheThreeByThreeLimit() {
    assertSame(
        ids(
            "companies",
            anyOf(
                List.of(
                    List.of(f("hs_analytics_source", "EQ", "linkedin")),
                    List.of(
                        f("name", "CONTAINS_TOKEN", "stark"),
                        f("hs_lead_status", "EQ", "Qualified")),
                    List.of(
                        f("Seats", "LT", 4),
                        f("website", "HAS_PROPERTY", null),
                        f("name", "CONTAINS_TOKEN", "acme"))))),
        companies(l ->
            "linkedin".equals(l.source)
                || (token(l.displayName(), "stark") && "Qualified".equals(l.status))
                || (seats(l) != null
                    && seats(l).intValue() < 4
                    && has(l.url)
                    && token(l.displayName(), "acme"))));
    // Top-level filters (the seed's publicCrmSearchRequest) are one group.
    ObjectNode top = Json.object();
    top.putArray("filters")
        .add(f("hs_analytics_source", "EQ", "google"))
        .add(f("Seats", "HAS_PROPERTY", null));
    assertSame(
        ids("companies", top),
        companies(l -> "google".equals(l.source) && l.custom.containsKey("Seats")));
    // No filters, an empty group: everything.
    assertSame(ids("companies", Json.object()), companies(l -> true));
    assertSame(ids("companies", anyOf(List.of(List.of()))), companies(l -> true));

    ObjectNode one = f("hs_analytics_source", "HAS_PROPERTY", null);
    ObjectNode fourGroups = anyOf(List.of(List.of(one), List.of(one), List.of(one), List.of(one)));
    assertHubSpotError(search("companies", fourGroups), 400, "VALIDATION_ERROR", "filterGroups");
    ObjectNode fourFilters = where(one, one, one, one);
    assertHubSpotError(
        search("companies", fourFilters), 400, "VALIDATION_ERROR", "filterGroups[0].filters");
    ObjectNode secondGroupFour = anyOf(List.of(List.of(one), List.of(one, one, one, one)));
    assertHubSpotError(
        search("companies", secondGroupFour), 400, "VALIDATION_ERROR", "filterGroups[1].filters");
    ObjectNode topFour = Json.object();
    topFour.putArray("filters").add(one).add(one).add(one).add(one);
    assertHubSpotError(search("companies", topFour), 400, "VALIDATION_ERROR", "filters");
    ObjectNode full =
        anyOf(List.of(List.of(one, one, one), List.of(one, one, one), List.of(one, one, one)));
    assertThat(search("companies", full).status()).isEqualTo(200);
  }

  @Test
  void freeTextQuery() {
    for (String q : List.of("acme", "GLOBEX", "moneypenny", "555 0100", "stark.example")) {
      ObjectNode body = Json.object().put("query", q);
      assertSame(
          ids("companies", body),
          companies(l ->
              contains(l.displayName(), q)
                  || contains(l.url, q)
                  || l.contacts.stream()
                      .anyMatch(c ->
                          contains(c.name, q)
                              || c.emails.stream().anyMatch(e -> contains(e, q))
                              || c.phones.stream().anyMatch(p -> contains(p, q)))));
      assertSame(
          ids("contacts", Json.object().put("query", q)),
          contacts(c ->
              contains(c.name, q)
                  || c.emails.stream().anyMatch(e -> contains(e, q))
                  || c.phones.stream().anyMatch(p -> contains(p, q))
                  || contains(c.lead.displayName(), q)));
      assertSame(
          ids("deals", Json.object().put("query", q)),
          deals(o ->
              contains(o.lead.displayName(), q) || contains(o.label, q) || contains(o.note, q)));
    }
    assertThat(ids("companies", Json.object().put("query", "acme"))).hasSize(4);
    assertThat(ids("contacts", Json.object().put("query", "acme"))).hasSize(4);
    // With filters: both must hold.
    ObjectNode both = where(f("hs_lead_status", "EQ", "Cold")).put("query", "acme");
    assertSame(
        ids("companies", both),
        companies(l -> "Cold".equals(l.status) && contains(l.displayName(), "acme")));
  }

  @Test
  void sortsInEveryWordStyle() {
    List<String> oldestFirst =
        LEADS.stream().sorted(Comparator.comparing((L l) -> l.created)).map(l -> l.id).toList();
    List<String> newestFirst = oldestFirst.reversed();
    assertThat(ids("companies", Json.object())).containsExactlyElementsOf(oldestFirst);
    for (String word : List.of("DESCENDING", "DES", "DESC", "descending")) {
      ObjectNode body = Json.object();
      body.putArray("sorts").addObject().put("propertyName", "createdate").put("direction", word);
      assertThat(ids("companies", body)).as(word).containsExactlyElementsOf(newestFirst);
    }
    for (String word : List.of("ASCENDING", "ASC")) {
      ObjectNode body = Json.object();
      body.putArray("sorts").addObject().put("propertyName", "createdate").put("direction", word);
      assertThat(ids("companies", body)).as(word).containsExactlyElementsOf(oldestFirst);
    }
    // The seed writes the direction under "order".
    ObjectNode seed = Json.object();
    seed.putArray("sorts").addObject().put("propertyName", "createdate").put("order", "DES");
    assertThat(ids("companies", seed)).containsExactlyElementsOf(newestFirst);
    ObjectNode plain = Json.object();
    plain.putArray("sorts").add("-createdate");
    assertThat(ids("companies", plain)).containsExactlyElementsOf(newestFirst);
    plain = Json.object();
    plain.putArray("sorts").add("createdate");
    assertThat(ids("companies", plain)).containsExactlyElementsOf(oldestFirst);

    ObjectNode byName = Json.object();
    byName.putArray("sorts").addObject().put("propertyName", "name").put("direction", "ASCENDING");
    assertThat(ids("companies", byName))
        .containsExactlyElementsOf(
            LEADS.stream()
                .sorted(
                    Comparator.comparing(L::displayName, CrmSearchIT::collate)
                        .thenComparing(l -> l.id))
                .map(l -> l.id)
                .toList());

    // Nulls last either way; a second sort breaks the ties.
    ObjectNode bySeats = Json.object();
    bySeats
        .putArray("sorts")
        .addObject()
        .put("propertyName", "Seats")
        .put("direction", "DESCENDING");
    bySeats.withArray("sorts").add("-createdate");
    List<String> seatsDesc =
        LEADS.stream()
            .sorted(
                Comparator.comparing(
                        CrmSearchIT::seats,
                        Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder()))
                    .thenComparing((L l) -> l.created, Comparator.reverseOrder()))
            .map(l -> l.id)
            .toList();
    assertThat(ids("companies", bySeats)).containsExactlyElementsOf(seatsDesc);

    ObjectNode byAmount = Json.object();
    byAmount
        .putArray("sorts")
        .addObject()
        .put("propertyName", "amount")
        .put("direction", "DESCENDING");
    List<String> amountDesc =
        allOpps().stream()
            .sorted(
                Comparator.comparing(
                        CrmSearchIT::amount,
                        Comparator.nullsLast(Comparator.<BigDecimal>reverseOrder()))
                    .thenComparing(o -> o.id))
            .map(o -> o.id)
            .toList();
    assertThat(ids("deals", byAmount)).containsExactlyElementsOf(amountDesc);
  }

  /**
   * PostgreSQL's collation in the tests orders letters ignoring case first; the fixture needs no
   * more.
   */
  static int collate(String a, String b) {
    return a.compareToIgnoreCase(b);
  }

  @Test
  void pagingWithAfter() {
    List<String> all = ids("companies", Json.object());
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      ObjectNode body = Json.object().put("limit", 3);
      body.putArray("sorts")
          .addObject()
          .put("propertyName", "createdate")
          .put("direction", "ASCENDING");
      if (after != null) {
        body.put("after", after);
      }
      Reply r = search("companies", body);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      JsonNode json = r.json();
      assertThat(json.path("total").asInt()).isEqualTo(LEADS.size());
      json.path("results").forEach(x -> seen.add(x.path("id").asText()));
      after = json.path("paging").path("next").path("after").asText(null);
      pages++;
      if (after != null) {
        assertThat(json.path("results").size()).isEqualTo(3);
        assertThat(after).matches("[A-Za-z0-9_-]+");
      }
    } while (after != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(all);

    // The token belongs to the request: another filter, another object type or workspace refuse it.
    ObjectNode first = Json.object().put("limit", 3);
    String token =
        search("companies", first).json().path("paging").path("next").path("after").asText();
    ObjectNode again = Json.object().put("limit", 2).put("after", token);
    Reply second = search("companies", again);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("results").get(0).path("id").asText()).isEqualTo(all.get(3));
    ObjectNode other = Json.object().put("limit", 3).put("after", token).put("query", "acme");
    assertHubSpotError(search("companies", other), 400, "VALIDATION_ERROR", "after");
    assertHubSpotError(
        search("contacts", Json.object().put("after", token)), 400, "VALIDATION_ERROR", "after");
    Tenant stranger = server.tenant("hubspot-stranger");
    Reply foreign =
        server.call(
            "POST",
            "/crm/v3/objects/companies/search",
            stranger.key(),
            Json.object().put("after", token));
    assertHubSpotError(foreign, 400, "VALIDATION_ERROR", "after");
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[3] ^= 1;
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertHubSpotError(
        search("companies", Json.object().put("after", tampered)),
        400,
        "VALIDATION_ERROR",
        "after");
    // HubSpot clients start at 0.
    assertThat(ids("companies", Json.object().put("after", "0"))).containsExactlyElementsOf(all);
    assertThat(ids("companies", Json.object().put("after", 0))).containsExactlyElementsOf(all);

    // Contacts and deals page too.
    ObjectNode contactsPage = Json.object().put("limit", 4);
    JsonNode c1 = search("contacts", contactsPage).json();
    String next = c1.path("paging").path("next").path("after").asText();
    JsonNode c2 = search("contacts", Json.object().put("limit", 4).put("after", next)).json();
    List<String> contactIds = new ArrayList<>();
    c1.path("results").forEach(x -> contactIds.add(x.path("id").asText()));
    c2.path("results").forEach(x -> contactIds.add(x.path("id").asText()));
    assertThat(c2.has("paging")).isFalse();
    assertSame(contactIds, contacts(c -> true));
    assertThat(c1.path("total").asInt()).isEqualTo(allContacts().size());
  }

  @Test
  void companiesRenderPropertiesAsHubSpotDoes() {
    L acme = LEADS.get(0);
    ObjectNode body = where(f("hs_object_id", "EQ", acme.id));
    body.putArray("properties")
        .add("name")
        .add("domain")
        .add("website")
        .add("hs_lead_status")
        .add("Seats")
        .add("Tier")
        .add("Renewal")
        .add("seats")
        .add("description");
    JsonNode r = search("companies", body).json();
    JsonNode result = r.path("results").get(0);
    assertThat(result.path("id").asText()).isEqualTo(acme.id);
    assertThat(result.path("archived").asBoolean(true)).isFalse();
    assertThat(result.path("createdAt").asText()).isEqualTo(iso(acme.created));
    assertThat(result.path("updatedAt").asText()).isEqualTo(iso(acme.created));
    JsonNode p = result.path("properties");
    assertThat(p.path("name").asText()).isEqualTo("Acme Corp");
    assertThat(p.path("domain").asText()).isEqualTo("acme.com");
    assertThat(p.path("website").asText()).isEqualTo("https://www.acme.com/home");
    assertThat(p.path("hs_lead_status").asText()).isEqualTo("Qualified");
    assertThat(p.path("Seats").isTextual()).isTrue();
    assertThat(p.path("Seats").asText()).isEqualTo("10");
    assertThat(p.path("seats").asText()).isEqualTo("10");
    assertThat(p.path("Tier").asText()).isEqualTo("Gold");
    assertThat(p.has("Renewal")).isTrue();
    assertThat(p.path("Renewal").isNull()).isTrue();
    assertThat(p.path("hs_object_id").asText()).isEqualTo(acme.id);
    assertThat(p.path("createdate").asText())
        .isEqualTo(iso(acme.created))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(p.path("hs_lastmodifieddate").asText()).isEqualTo(iso(acme.created));
    assertThat(fieldNames(p))
        .containsExactly(
            "name",
            "domain",
            "website",
            "hs_lead_status",
            "Seats",
            "Tier",
            "Renewal",
            "seats",
            "description",
            "createdate",
            "hs_lastmodifieddate",
            "hs_object_id");

    JsonNode stark =
        search("companies", where(f("hs_object_id", "EQ", LEADS.get(7).id)).put("limit", 1)).json();
    assertThat(fieldNames(stark.path("results").get(0).path("properties")))
        .containsExactly("name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id");
    body = where(f("hs_object_id", "EQ", LEADS.get(7).id));
    body.putArray("properties").add("Renewal").add("num_associated_deals");
    JsonNode sp = search("companies", body).json().path("results").get(0).path("properties");
    assertThat(sp.path("Renewal").asText()).isEqualTo("2026-05-01");
    assertThat(sp.path("num_associated_deals").asText()).isEqualTo("2");
  }

  static String iso(Instant t) {
    return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC)
        .format(t);
  }

  static List<String> fieldNames(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  // ---- contacts ----

  @Test
  void contactsEveryOperator() {
    assertSame(
        ids("contacts", where(f("email", "EQ", "ann@acme.com"))),
        contacts(c -> "ann@acme.com".equals(first(c.emails))));
    assertSame(ids("contacts", where(f("email", "EQ", "ann.lee@gmail.com"))), List.of());
    assertSame(
        ids("contacts", where(f("hs_additional_emails", "CONTAINS_TOKEN", "gmail"))),
        contacts(c -> c.emails.stream().skip(1).anyMatch(e -> token(e, "gmail"))));
    assertThat(contacts(c -> c.emails.stream().skip(1).anyMatch(e -> token(e, "gmail"))))
        .hasSize(1);
    assertSame(
        ids("contacts", where(f("email", "CONTAINS_TOKEN", "*@acme.com"))),
        contacts(c -> token(first(c.emails), "*@acme.com")));
    assertThat(contacts(c -> token(first(c.emails), "*@acme.com"))).hasSize(2);
    assertSame(
        ids("contacts", where(f("email", "NEQ", "ann@acme.com"))),
        contacts(c -> !"ann@acme.com".equals(first(c.emails))));
    assertSame(
        ids("contacts", where(f("email", "IN", List.of("bob@acme.com", "eve@umbrella.example")))),
        contacts(c ->
            Set.of("bob@acme.com", "eve@umbrella.example")
                .contains(String.valueOf(first(c.emails)))));
    assertSame(
        ids("contacts", where(f("email", "NOT_IN", List.of("bob@acme.com")))),
        contacts(c -> !"bob@acme.com".equals(first(c.emails))));
    assertSame(
        ids("contacts", where(f("email", "HAS_PROPERTY", null))),
        contacts(c -> !c.emails.isEmpty()));
    assertSame(
        ids("contacts", where(f("email", "NOT_HAS_PROPERTY", null))),
        contacts(c -> c.emails.isEmpty()));
    assertSame(
        ids("contacts", where(f("phone", "EQ", "+1 555 0100"))),
        contacts(c -> "+1 555 0100".equals(first(c.phones))));
    assertSame(
        ids("contacts", where(f("jobtitle", "CONTAINS_TOKEN", "chief"))),
        contacts(c -> token(c.title, "chief")));
    assertSame(
        ids("contacts", where(f("jobtitle", "NOT_CONTAINS_TOKEN", "ceo"))),
        contacts(c -> !token(c.title, "ceo")));
    assertSame(
        ids("contacts", where(f("jobtitle", "NOT_HAS_PROPERTY", null))),
        contacts(c -> !has(c.title)));
    assertSame(
        ids("contacts", where(f("name", "CONTAINS_TOKEN", "h*"))),
        contacts(c -> token(c.name, "h*")));
    assertSame(
        ids("contacts", where(f("company", "EQ", "Acme Corp"))),
        contacts(c -> c.lead.displayName().equals("Acme Corp")));
    assertSame(
        ids("contacts", where(f("company", "CONTAINS_TOKEN", "acme"))),
        contacts(c -> token(c.lead.displayName(), "acme")));
    assertSame(
        ids("contacts", where(f("associations.company", "EQ", LEADS.get(0).id))),
        contacts(c -> c.lead == LEADS.get(0)));
    assertSame(
        ids("contacts", where(f("website", "HAS_PROPERTY", null))),
        contacts(c -> !c.urls.isEmpty()));
    Instant c3 = LEADS.get(3).created;
    assertSame(
        ids("contacts", where(f("createdate", "GT", ms(c3)))),
        contacts(c -> shown(c.lead.created).isAfter(shown(c3))));
    assertSame(
        ids(
            "contacts",
            where(between("lastmodifieddate", ms(LEADS.get(1).created), ms(LEADS.get(5).created)))),
        contacts(c ->
            !shown(c.lead.created).isBefore(shown(LEADS.get(1).created))
                && !shown(c.lead.created).isAfter(shown(LEADS.get(5).created))));
    assertSame(
        ids(
            "contacts",
            anyOf(
                List.of(
                    List.of(f("jobtitle", "EQ", "CEO")),
                    List.of(
                        f("email", "NOT_HAS_PROPERTY", null), f("phone", "HAS_PROPERTY", null))))),
        contacts(c -> "CEO".equals(c.title) || (c.emails.isEmpty() && !c.phones.isEmpty())));
  }

  @Test
  void contactsRenderAndFirstnameIsRefusedWithAHint() {
    C ann = LEADS.get(0).contacts.get(0);
    ObjectNode body = where(f("hs_object_id", "EQ", ann.id));
    body.putArray("properties")
        .add("name")
        .add("email")
        .add("hs_additional_emails")
        .add("phone")
        .add("jobtitle")
        .add("company")
        .add("associatedcompanyid")
        .add("website");
    JsonNode result = search("contacts", body).json().path("results").get(0);
    JsonNode p = result.path("properties");
    assertThat(p.path("name").asText()).isEqualTo("Ann Lee");
    assertThat(p.path("email").asText()).isEqualTo("ann@acme.com");
    assertThat(p.path("hs_additional_emails").asText()).isEqualTo("ann.lee@gmail.com");
    assertThat(p.path("phone").asText()).isEqualTo("+1 555 0100");
    assertThat(p.path("jobtitle").asText()).isEqualTo("CEO");
    assertThat(p.path("company").asText()).isEqualTo("Acme Corp");
    assertThat(p.path("associatedcompanyid").asText()).isEqualTo(LEADS.get(0).id);
    assertThat(p.path("website").isNull()).isTrue();
    assertThat(p.path("lastmodifieddate").asText()).isEqualTo(iso(LEADS.get(0).created));
    assertThat(result.path("createdAt").asText()).isEqualTo(iso(LEADS.get(0).created));

    JsonNode defaults =
        search("contacts", where(f("hs_object_id", "EQ", ann.id))).json().path("results").get(0);
    assertThat(fieldNames(defaults.path("properties")))
        .containsExactly("name", "email", "createdate", "lastmodifieddate", "hs_object_id");

    // First and last names are stored: "Ann Lee" written as a name alone was split.
    ObjectNode byFirst = where(f("firstname", "EQ", "Ann"));
    byFirst.putArray("properties").add("firstname").add("lastname");
    JsonNode found = search("contacts", byFirst).json();
    assertThat(found.path("results").findValuesAsText("id")).containsExactly(ann.id);
    JsonNode names = found.path("results").get(0).path("properties");
    assertThat(names.path("firstname").asText()).isEqualTo("Ann");
    assertThat(names.path("lastname").asText()).isEqualTo("Lee");

    Reply r = search("contacts", where(f("favourite_colour", "EQ", "Ann")));
    assertHubSpotError(r, 400, "VALIDATION_ERROR", "filterGroups[0].filters[0].propertyName");
    assertThat(r.json().path("message").asText()).contains("favourite_colour");
    assertThat(r.json().path("errors").get(0).path("code").asText())
        .isEqualTo("PROPERTY_DOESNT_EXIST");
    // An unknown name among the properties to return is left out, as HubSpot leaves it out.
    ObjectNode props = where(f("hs_object_id", "EQ", ann.id));
    props.putArray("properties").add("email").add("favourite_colour");
    Reply unknown = search("contacts", props);
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(200);
    assertThat(fieldNames(unknown.json().path("results").get(0).path("properties")))
        .containsExactly("email", "createdate", "lastmodifieddate", "hs_object_id");
  }

  // ---- deals ----

  @Test
  void dealsAmountsAreMajorUnits() {
    BigDecimal d500 = new BigDecimal("500");
    BigDecimal d1500 = new BigDecimal("1500");
    assertSame(
        ids("deals", where(between("amount", 500, 1500))),
        deals(o ->
            amount(o) != null
                && amount(o).compareTo(d500) >= 0
                && amount(o).compareTo(d1500) <= 0));
    assertThat(
            deals(o ->
                amount(o) != null
                    && amount(o).compareTo(d500) >= 0
                    && amount(o).compareTo(d1500) <= 0))
        .hasSize(2);
    assertSame(
        ids("deals", where(f("amount", "GT", "1000"))),
        deals(o -> amount(o) != null && amount(o).compareTo(BigDecimal.valueOf(1000)) > 0));
    assertSame(
        ids("deals", where(f("amount", "LT", 1))),
        deals(o -> amount(o) != null && amount(o).compareTo(BigDecimal.ONE) < 0));
    assertSame(
        ids("deals", where(f("amount", "EQ", "1500"))),
        deals(o -> o.value != null && o.value == 150_000L));
    assertSame(
        ids("deals", where(f("amount", "EQ", 500.5))),
        deals(o -> o.value != null && o.value == 50_050L));
    assertSame(
        ids("deals", where(f("amount", "EQ", "0.99"))),
        deals(o -> o.value != null && o.value == 99L));
    assertSame(
        ids("deals", where(f("amount", "IN", List.of("0.99", 10000)))),
        deals(o -> o.value != null && (o.value == 99L || o.value == 1_000_000L)));
    assertSame(
        ids("deals", where(f("amount", "NOT_HAS_PROPERTY", null))), deals(o -> o.value == null));
    assertSame(
        ids("deals", where(f("amount", "LTE", "500.50"))),
        deals(o -> o.value != null && o.value <= 50_050L));
  }

  @Test
  void dealsStagesProbabilitiesAndCloseDates() {
    assertSame(
        ids("deals", where(f("dealstage", "EQ", "Closed won"))),
        deals(o -> "Closed won".equals(o.label)));
    assertSame(
        ids("deals", where(f("dealstage", "IN", List.of("Demo", "Lost")))),
        deals(o -> Set.of("Demo", "Lost").contains(o.label)));
    assertSame(
        ids("deals", where(f("dealstage", "NOT_IN", List.of("Demo", "Lost")))),
        deals(o -> !Set.of("Demo", "Lost").contains(o.label)));
    assertSame(
        ids("deals", where(f("hs_deal_stage_probability", "GTE", "0.9"))),
        deals(o -> o.confidence != null && o.confidence >= 90));
    assertSame(
        ids("deals", where(between("hs_deal_stage_probability", 0.1, 0.4))),
        deals(o -> o.confidence != null && o.confidence >= 10 && o.confidence <= 40));
    assertSame(
        ids("deals", where(f("deal_currency_code", "EQ", "EUR"))),
        deals(o -> "EUR".equals(o.currency)));
    assertSame(
        ids("deals", where(f("dealname", "CONTAINS_TOKEN", "acme"))),
        deals(o -> token(o.lead.displayName(), "acme")));
    assertSame(
        ids("deals", where(f("description", "CONTAINS_TOKEN", "upsell"))),
        deals(o -> token(o.note, "upsell")));
    assertSame(
        ids("deals", where(f("hs_is_closed_won", "EQ", true))),
        deals(o -> "won".equals(o.statusType)));
    assertSame(
        ids("deals", where(f("hs_is_closed", "EQ", "true"))),
        deals(o -> !"active".equals(o.statusType)));
    assertSame(
        ids("deals", where(f("hs_is_closed_won", "NEQ", "true"))),
        deals(o -> !"won".equals(o.statusType)));

    Instant mar1 = Instant.parse("2026-03-01T00:00:00Z");
    Instant mar10 = Instant.parse("2026-03-10T00:00:00Z");
    assertSame(
        ids("deals", where(between("closedate", ms(mar1), ms(mar10)))),
        deals(o ->
            o.won != null && !midnight(o.won).isBefore(mar1) && !midnight(o.won).isAfter(mar10)));
    assertThat(
            deals(o ->
                o.won != null
                    && !midnight(o.won).isBefore(mar1)
                    && !midnight(o.won).isAfter(mar10)))
        .hasSize(1);
    Instant noon5 = Instant.parse("2026-03-05T12:00:00Z");
    assertSame(
        ids("deals", where(f("closedate", "GTE", ms(noon5)))),
        deals(o -> o.won != null && !midnight(o.won).isBefore(noon5)));
    assertSame(
        ids("deals", where(f("closedate", "LTE", ms(noon5)))),
        deals(o -> o.won != null && !midnight(o.won).isAfter(noon5)));
    Instant mar5 = Instant.parse("2026-03-05T00:00:00Z");
    assertSame(
        ids("deals", where(f("closedate", "EQ", ms(mar5)))),
        deals(o -> o.won != null && midnight(o.won).equals(mar5)));
    assertSame(
        ids("deals", where(f("closedate", "EQ", "2026-03-05"))),
        deals(o -> o.won != null && midnight(o.won).equals(mar5)));
    assertSame(ids("deals", where(f("closedate", "EQ", ms(noon5)))), List.of());
    assertSame(
        ids("deals", where(f("closedate", "HAS_PROPERTY", null))), deals(o -> o.won != null));
    assertSame(
        ids("deals", where(f("closedate", "LT", "2026-03-20"))),
        deals(o -> o.won != null && o.won.isBefore(LocalDate.parse("2026-03-20"))));
    assertSame(
        ids("deals", where(f("associations.company", "EQ", LEADS.get(7).id))),
        deals(o -> o.lead == LEADS.get(7)));
    assertSame(
        ids("deals", where(f("createdate", "GTE", ms(LEADS.get(2).created)))),
        deals(o -> !shown(o.lead.created).isBefore(shown(LEADS.get(2).created))));
  }

  @Test
  void dealsRender() {
    O won = LEADS.get(0).opps.get(0);
    ObjectNode body = where(f("hs_object_id", "EQ", won.id));
    body.putArray("properties")
        .add("amount")
        .add("dealname")
        .add("dealstage")
        .add("closedate")
        .add("hs_deal_stage_probability")
        .add("deal_currency_code")
        .add("hs_is_closed_won")
        .add("description");
    JsonNode p = search("deals", body).json().path("results").get(0).path("properties");
    assertThat(p.path("amount").asText()).isEqualTo("1500");
    assertThat(p.path("dealname").asText()).isEqualTo("Acme Corp");
    assertThat(p.path("dealstage").asText()).isEqualTo("Closed won");
    assertThat(p.path("closedate").asText()).isEqualTo("2026-03-05T00:00:00.000Z");
    assertThat(p.path("hs_deal_stage_probability").asText()).isEqualTo("0.9");
    assertThat(p.path("deal_currency_code").asText()).isEqualTo("USD");
    assertThat(p.path("hs_is_closed_won").asText()).isEqualTo("true");
    assertThat(p.path("description").asText()).isEqualTo("Anvils for all");
    JsonNode demo =
        search("deals", where(f("hs_object_id", "EQ", LEADS.get(1).opps.get(0).id)))
            .json()
            .path("results")
            .get(0)
            .path("properties");
    assertThat(demo.path("amount").asText()).isEqualTo("500.5");
    assertThat(demo.path("closedate").isNull()).isTrue();
    assertThat(fieldNames(demo))
        .containsExactly(
            "dealname",
            "amount",
            "closedate",
            "dealstage",
            "createdate",
            "hs_lastmodifieddate",
            "hs_object_id");
    JsonNode small =
        search("deals", where(f("hs_object_id", "EQ", LEADS.get(7).opps.get(1).id)))
            .json()
            .path("results")
            .get(0)
            .path("properties");
    assertThat(small.path("amount").asText()).isEqualTo("0.99");
    // The object type id names the same objects.
    assertThat(ids("0-3", Json.object())).containsExactlyInAnyOrderElementsOf(deals(o -> true));
    assertThat(ids("0-1", Json.object())).containsExactlyInAnyOrderElementsOf(contacts(c -> true));
    assertThat(ids("0-2", Json.object())).containsExactlyInAnyOrderElementsOf(companies(l -> true));
  }

  // ---- Close and HubSpot agree ----

  static List<String> close(String query) {
    ObjectNode body = Json.object().put("_limit", 200);
    body.set("query", TestServer.parse(query));
    Reply r = server.call("POST", "/api/v1/data/search/", t.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().path("data").forEach(d -> out.add(d.path("id").asText()));
    return out;
  }

  static String closeField(String name) {
    return "{\"type\":\"regular_field\",\"object_type\":\"lead\",\"field_name\":\"" + name + "\"}";
  }

  @Test
  void closeAndHubSpotQueriesMeaningTheSameReturnTheSameIds() {
    // source = google AND the name holds the word acme.
    List<String> viaClose =
        close(
            "{\"type\":\"and\",\"queries\":[{\"type\":\"object_type\",\"object_type\":\"lead\"},"
                + "{\"type\":\"field_condition\",\"field\":"
                + closeField("source")
                + ",\"condition\":{\"type\":\"term\",\"values\":[\"google\"]}},"
                + "{\"type\":\"field_condition\",\"field\":"
                + closeField("display_name")
                + ",\"condition\":{\"type\":\"text\",\"mode\":\"full_words\",\"value\":\"acme\"}}]}");
    List<String> viaHubSpot =
        ids(
            "companies",
            where(f("hs_analytics_source", "EQ", "google"), f("name", "CONTAINS_TOKEN", "acme")));
    List<String> expected =
        companies(l -> "google".equals(l.source) && token(l.displayName(), "acme"));
    assertThat(expected).hasSize(3);
    assertSame(viaClose, expected);
    assertSame(viaHubSpot, expected);

    // Status Qualified OR at least 5 seats; negated source.
    List<String> closeOr =
        close(
            "{\"type\":\"or\",\"queries\":["
                + "{\"type\":\"field_condition\",\"field\":"
                + closeField("status_label")
                + ",\"condition\":{\"type\":\"term\",\"values\":[\"Qualified\"]}},"
                + "{\"type\":\"and\",\"queries\":[{\"type\":\"field_condition\",\"field\":{\"type\":\"custom_field\",\"custom_field_id\":\"Seats\"},\"condition\":{\"type\":\"number_range\",\"gte\":5}},"
                + "{\"type\":\"field_condition\",\"negate\":true,\"field\":"
                + closeField("source")
                + ",\"condition\":{\"type\":\"term\",\"values\":[\"linkedin\"]}}]}]}");
    List<String> hubSpotOr =
        ids(
            "companies",
            anyOf(
                List.of(
                    List.of(f("hs_lead_status", "EQ", "Qualified")),
                    List.of(f("Seats", "GTE", 5), f("hs_analytics_source", "NEQ", "linkedin")))));
    assertSame(closeOr, hubSpotOr);
    assertSame(
        hubSpotOr,
        companies(l ->
            "Qualified".equals(l.status)
                || (seats(l) != null && seats(l).intValue() >= 5 && !"linkedin".equals(l.source))));

    // Created in a window given to the millisecond on both sides.
    Instant from = shown(LEADS.get(1).created);
    Instant to = shown(LEADS.get(5).created).plusMillis(1);
    List<String> closeRange =
        close(
            "{\"type\":\"field_condition\",\"field\":"
                + closeField("date_created")
                + ",\"condition\":{\"type\":\"moment_range\","
                + "\"on_or_after\":{\"type\":\"fixed_utc\",\"value\":\""
                + from
                + "\"},"
                + "\"before\":{\"type\":\"fixed_utc\",\"value\":\""
                + to
                + "\"}}}");
    List<String> hubSpotRange =
        ids("companies", where(between("createdate", ms(from), ms(to) - 1)));
    assertSame(closeRange, hubSpotRange);
    assertThat(hubSpotRange).hasSize(5);
  }

  // ---- errors ----

  /** HubSpot's error shape with the status, category and the culprit's path in errors[0].in. */
  static void assertHubSpotError(Reply r, int status, String category, String in) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.path("status").asText()).as(r.toString()).isEqualTo("error");
    assertThat(body.path("category").asText()).as(r.toString()).isEqualTo(category);
    assertThat(body.path("message").asText()).isNotBlank();
    String requestId = r.header("X-Request-Id");
    assertThat(requestId).isNotBlank();
    assertThat(body.path("correlationId").asText())
        .isEqualTo(UUID.nameUUIDFromBytes(requestId.getBytes(StandardCharsets.UTF_8)).toString());
    JsonNode error = body.path("errors").get(0);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("code").asText()).isNotBlank();
    if (in != null) {
      assertThat(error.path("in").asText()).as(r.toString()).isEqualTo(in);
    }
    assertThat(body.has("request_id")).isFalse();
  }

  @Test
  void invalidRequestsAre400sInHubSpotsShape() {
    String f0 = "filterGroups[0].filters[0]";
    assertHubSpotError(
        search("companies", where(f("nope", "EQ", "x"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".propertyName");
    assertHubSpotError(
        search("companies", where(f("name", "LIKE", "x"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".operator");
    assertHubSpotError(
        search("companies", where(f("name", "eq", "x"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".operator");
    assertHubSpotError(
        search("companies", where(f("name", "GT", "x"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".operator");
    assertHubSpotError(
        search("companies", where(between("name", "a", "b"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".operator");
    assertHubSpotError(
        search("companies", where(f("createdate", "CONTAINS_TOKEN", "2026"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".operator");
    assertHubSpotError(
        search("deals", where(f("hs_is_closed_won", "LT", "true"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".operator");
    assertHubSpotError(
        search("deals", where(f("amount", "GT", "lots"))), 400, "VALIDATION_ERROR", f0 + ".value");
    assertHubSpotError(
        search("deals", where(f("amount", "EQ", "1e999999"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("deals", where(f("hs_is_closed_won", "EQ", "maybe"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("createdate", "GT", "yesterday"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("createdate", "GT", "99999999999999999"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("createdate", "GT", 1.5))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("Seats", "EQ", Map.of("a", 1)))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("name", "EQ", null))), 400, "VALIDATION_ERROR", f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("name", "IN", "x"))), 400, "VALIDATION_ERROR", f0 + ".value");
    ObjectNode notArray = f("name", "IN", null).put("values", "x");
    assertHubSpotError(
        search("companies", where(notArray)), 400, "VALIDATION_ERROR", f0 + ".values");
    assertHubSpotError(
        search("companies", where(f("name", "IN", List.of()))),
        400,
        "VALIDATION_ERROR",
        f0 + ".values");
    assertHubSpotError(
        search("companies", where(f("amount", "EQ", 1))),
        400,
        "VALIDATION_ERROR",
        f0 + ".propertyName");
    assertHubSpotError(
        search("companies", where(f("name", "HAS_PROPERTY", "x"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    assertHubSpotError(
        search("companies", where(f("name", "CONTAINS_TOKEN", "  "))),
        400,
        "VALIDATION_ERROR",
        f0 + ".value");
    ObjectNode noHigh = f("Seats", "BETWEEN", 1);
    assertHubSpotError(
        search("companies", where(noHigh)), 400, "VALIDATION_ERROR", f0 + ".highValue");
    ObjectNode stray = f("name", "EQ", "x").put("extra", 1);
    assertHubSpotError(search("companies", where(stray)), 400, "VALIDATION_ERROR", f0 + ".extra");
    ObjectNode noOperator = Json.object().put("propertyName", "name");
    assertHubSpotError(
        search("companies", where(noOperator)), 400, "VALIDATION_ERROR", f0 + ".operator");
    assertHubSpotError(
        search("companies", Json.object().put("limit", 0)), 400, "VALIDATION_ERROR", "limit");
    assertHubSpotError(
        search("companies", Json.object().put("limit", 201)), 400, "VALIDATION_ERROR", "limit");
    assertHubSpotError(
        search("companies", Json.object().put("unknown", true)),
        400,
        "VALIDATION_ERROR",
        "unknown");
    assertHubSpotError(
        search("companies", Json.object().put("query", 5)), 400, "VALIDATION_ERROR", "query");
    ObjectNode badSort = Json.object();
    badSort.putArray("sorts").addObject().put("propertyName", "nope");
    assertHubSpotError(
        search("companies", badSort), 400, "VALIDATION_ERROR", "sorts[0].propertyName");
    badSort = Json.object();
    badSort.putArray("sorts").addObject().put("propertyName", "name").put("direction", "UP");
    assertHubSpotError(search("companies", badSort), 400, "VALIDATION_ERROR", "sorts[0].direction");
    badSort = Json.object();
    badSort.putArray("sorts").add("-nope");
    assertHubSpotError(search("companies", badSort), 400, "VALIDATION_ERROR", "sorts[0]");
    ObjectNode badProps = Json.object();
    badProps.putArray("properties").add("name").add("nope");
    // HubSpot leaves an unknown property to return out of the results rather than refusing it.
    Reply leftOut = search("companies", badProps);
    assertThat(leftOut.status()).as(leftOut.toString()).isEqualTo(200);
    assertThat(leftOut.json().path("results").get(0).path("properties").has("nope")).isFalse();
    assertThat(leftOut.json().path("results").get(0).path("properties").has("name")).isTrue();
    ObjectNode both = where(f("name", "EQ", "x"));
    both.putArray("filters").add(f("name", "EQ", "y"));
    assertHubSpotError(search("companies", both), 400, "VALIDATION_ERROR", "filters");
    assertHubSpotError(search("companies", "{\"filterGroups\":"), 400, "VALIDATION_ERROR", null);
    assertHubSpotError(search("companies", "[]"), 400, "VALIDATION_ERROR", null);
    // Close's names are not HubSpot's.
    assertHubSpotError(
        search("companies", where(f("display_name", "EQ", "x"))),
        400,
        "VALIDATION_ERROR",
        f0 + ".propertyName");
  }

  @Test
  void valuesThatLookLikeSqlAreJustValues() {
    for (String evil :
        List.of("'; drop table leads; --", "\\", "%", "_", "a' or '1'='1", "$1", ":p0", "(?i).*")) {
      assertSame(ids("companies", where(f("name", "EQ", evil))), List.of());
      assertSame(
          ids("companies", where(f("name", "CONTAINS_TOKEN", evil))),
          companies(l -> token(l.displayName(), evil)));
      assertSame(
          ids("contacts", Json.object().put("query", evil)),
          contacts(c ->
              contains(c.name, evil)
                  || c.emails.stream().anyMatch(e -> contains(e, evil))
                  || c.phones.stream().anyMatch(p -> contains(p, evil))
                  || contains(c.lead.displayName(), evil)));
      ObjectNode sort = Json.object();
      sort.putArray("sorts").add(evil);
      assertHubSpotError(search("companies", sort), 400, "VALIDATION_ERROR", "sorts[0]");
    }
  }

  @Test
  void authenticationAndObjectTypeErrorsInHubSpotsShape() {
    Reply none = server.call("POST", "/crm/v3/objects/companies/search", null, Json.object());
    assertHubSpotError(none, 401, "INVALID_AUTHENTICATION", null);
    assertThat(none.header("WWW-Authenticate")).contains("Bearer");
    Reply bad =
        server.call("POST", "/crm/v3/objects/contacts/search", "lpk_not_a_key", Json.object());
    assertHubSpotError(bad, 401, "INVALID_AUTHENTICATION", null);
    String writeOnly = server.createKey(t.workspaceId(), "leads.write");
    Reply forbidden = server.call("POST", "/crm/v3/objects/deals/search", writeOnly, Json.object());
    assertHubSpotError(forbidden, 403, "MISSING_SCOPES", null);
    Reply unknown = search("tickets", Json.object());
    assertHubSpotError(unknown, 404, "OBJECT_NOT_FOUND", null);
    assertThat(unknown.json().path("message").asText()).contains("tickets");
    // The native surface keeps the native error shape.
    Reply nativeError = server.call("GET", "/api/v1/leads", null, null);
    assertThat(nativeError.status()).isEqualTo(401);
    assertThat(nativeError.json().path("code").asText()).isEqualTo("unauthorized");
    assertThat(nativeError.json().has("category")).isFalse();
    // Basic with the key as the user name works as well as Bearer.
    String basic =
        Base64.getEncoder().encodeToString((t.key() + ":").getBytes(StandardCharsets.UTF_8));
    Reply viaBasic =
        server.send(
            "/crm/v3/objects/companies/search",
            b ->
                b.header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(viaBasic.status()).as(viaBasic.toString()).isEqualTo(200);
    Reply wrongType =
        server.send(
            "/crm/v3/objects/companies/search",
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertHubSpotError(wrongType, 415, "VALIDATION_ERROR", "Content-Type");
  }

  /** Random and mutated requests: each a 200 or a 400 in HubSpot's shape, never a 500. */
  @Test
  void fuzzedRequestsAreAnsweredOrRefusedNeverFailed() {
    java.util.Random random = new java.util.Random(20260218L);
    List<String> types = List.of("companies", "contacts", "deals");
    int answered = 0;
    int refused = 0;
    for (int i = 0; i < FUZZ_REQUESTS; i++) {
      String type = types.get(random.nextInt(types.size()));
      ObjectNode body = randomRequest(random, type);
      if (random.nextInt(3) == 0) {
        mutate(random, body);
      }
      Reply r = search(type, body);
      if (r.status() == 200) {
        answered++;
        assertThat(r.json().path("results").isArray()).isTrue();
      } else {
        refused++;
        assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
        assertHubSpotError(r, 400, "VALIDATION_ERROR", null);
      }
    }
    // Both outcomes are exercised, the answers substantially.
    assertThat(answered).isGreaterThan(FUZZ_REQUESTS / 5);
    assertThat(refused).isGreaterThan(FUZZ_REQUESTS / 5);
  }

  static final int FUZZ_REQUESTS = 3_000;

  static final List<String> OPERATORS =
      List.of(
          "EQ",
          "NEQ",
          "LT",
          "LTE",
          "GT",
          "GTE",
          "BETWEEN",
          "IN",
          "NOT_IN",
          "HAS_PROPERTY",
          "NOT_HAS_PROPERTY",
          "CONTAINS_TOKEN",
          "NOT_CONTAINS_TOKEN");

  static ObjectNode randomRequest(java.util.Random random, String type) {
    List<String> names =
        new ArrayList<>(
            HubSpotProperties.standard(HubSpotObject.fromPath(type).orElseThrow()).keySet());
    if (type.equals("companies")) {
      names.addAll(List.of("Seats", "Tier", "Renewal"));
    }
    names.add("nope");
    ObjectNode body = Json.object();
    int groups = random.nextInt(5) - 1;
    if (groups >= 0) {
      ArrayNode gs = body.putArray("filterGroups");
      for (int g = 0; g < groups; g++) {
        ArrayNode fs = gs.addObject().putArray("filters");
        int n = random.nextInt(4) + (random.nextInt(10) == 0 ? 1 : 0);
        for (int k = 0; k < n; k++) {
          ObjectNode f = fs.addObject();
          f.put("propertyName", names.get(random.nextInt(names.size())));
          f.put("operator", OPERATORS.get(random.nextInt(OPERATORS.size())));
          switch (random.nextInt(4)) {
            case 0 -> f.set("value", randomValue(random));
            case 1 -> {
              f.set("value", randomValue(random));
              f.set("highValue", randomValue(random));
            }
            case 2 -> {
              ArrayNode values = f.putArray("values");
              for (int v = random.nextInt(4); v > 0; v--) {
                values.add(randomValue(random));
              }
            }
            default -> {}
          }
        }
      }
    }
    if (random.nextInt(3) == 0) {
      body.set("query", randomValue(random));
    }
    if (random.nextInt(3) == 0) {
      ArrayNode sorts = body.putArray("sorts");
      String name = names.get(random.nextInt(names.size()));
      if (random.nextBoolean()) {
        sorts.add((random.nextBoolean() ? "-" : "") + name);
      } else {
        sorts
            .addObject()
            .put("propertyName", name)
            .put(
                random.nextBoolean() ? "direction" : "order",
                List.of("ASCENDING", "DES", "ASC", "sideways").get(random.nextInt(4)));
      }
    }
    if (random.nextInt(3) == 0) {
      ArrayNode props = body.putArray("properties");
      for (int p = random.nextInt(4); p > 0; p--) {
        props.add(names.get(random.nextInt(names.size())));
      }
    }
    if (random.nextInt(4) == 0) {
      body.set(
          "limit",
          random.nextBoolean()
              ? Json.MAPPER.valueToTree(random.nextInt(260) - 20)
              : randomValue(random));
    }
    if (random.nextInt(8) == 0) {
      body.set("after", randomValue(random));
    }
    return body;
  }

  static JsonNode randomValue(java.util.Random random) {
    List<Object> samples =
        List.of(
            "google",
            "Acme Corp",
            "acm*",
            "*",
            "**",
            "*@acme.com",
            "",
            " ",
            "0.99",
            "1500",
            "-1",
            "1e999999",
            "NaN",
            "Infinity",
            "true",
            "FALSE",
            "2026-03-05",
            "2026-03-05T12:00:00Z",
            "2026-03-05T12:00:00+14:00",
            "2026-13-45",
            "0001-01-01",
            "9999-12-31T23:59:59.999Z",
            "1767225600000",
            "-62135596800000",
            "253402300799999",
            "253402300800000",
            "99999999999999999999",
            "'; drop table leads; --",
            "\\",
            "%_%",
            "(?i).*",
            "[[:alpha:]",
            "\u00e9t\u00e9",
            "\ud83d\ude00",
            "a".repeat(1_001),
            0,
            1,
            -1,
            42,
            1.5,
            -0.0,
            1e300,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            new BigDecimal("1e-400"),
            true,
            false);
    int pick = random.nextInt(samples.size() + 3);
    if (pick == samples.size()) {
      return Json.MAPPER.nullNode();
    }
    if (pick == samples.size() + 1) {
      return Json.array().add("x").add(1);
    }
    if (pick == samples.size() + 2) {
      return Json.object().put("a", 1);
    }
    return Json.MAPPER.valueToTree(samples.get(pick));
  }

  /** Replaces one node somewhere in the request by a random value. */
  static void mutate(java.util.Random random, ObjectNode body) {
    List<ObjectNode> containers = new ArrayList<>();
    collect(body, containers);
    ObjectNode target = containers.get(random.nextInt(containers.size()));
    List<String> keys = fieldNames(target);
    String key =
        keys.isEmpty() || random.nextInt(4) == 0 ? "extra" : keys.get(random.nextInt(keys.size()));
    target.set(key, randomValue(random));
  }

  static void collect(JsonNode node, List<ObjectNode> into) {
    if (node.isObject()) {
      into.add((ObjectNode) node);
    }
    node.forEach(child -> collect(child, into));
  }

  @Test
  void rateLimitsInHubSpotsShape() {
    // 12 requests a minute: HubSpot's surface counts 2 a ten-second window, as HubSpot does.
    try (TestServer limited = TestServer.start(Clock.systemUTC(), 12)) {
      Tenant x = limited.tenant("hubspot-limited");
      List<Reply> replies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        replies.add(
            limited.call("POST", "/crm/v3/objects/companies/search", x.key(), Json.object()));
      }
      assertThat(replies.get(0).status()).isEqualTo(200);
      assertThat(replies.get(0).header("X-HubSpot-RateLimit-Interval-Milliseconds"))
          .isEqualTo("10000");
      assertThat(replies.get(0).header("X-HubSpot-RateLimit-Max")).isEqualTo("2");
      assertThat(replies.get(0).header("X-HubSpot-RateLimit-Remaining")).isEqualTo("1");
      Reply last = replies.get(2);
      // HubSpot's 429 body, which its clients' retry recognises by policyName.
      assertThat(last.status()).as(last.toString()).isEqualTo(429);
      assertThat(last.header("Content-Type")).startsWith("application/json");
      JsonNode body = last.json();
      assertThat(fieldNames(body))
          .containsExactly(
              "status", "message", "errorType", "correlationId", "policyName", "requestId");
      assertThat(body.path("status").asText()).isEqualTo("error");
      assertThat(body.path("message").asText())
          .isEqualTo("You have reached your ten_secondly_rolling limit.");
      assertThat(body.path("errorType").asText()).isEqualTo("RATE_LIMIT");
      assertThat(body.path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
      String requestId = last.header("X-Request-Id");
      assertThat(body.path("requestId").asText()).isEqualTo(requestId);
      assertThat(body.path("correlationId").asText())
          .isEqualTo(UUID.nameUUIDFromBytes(requestId.getBytes(StandardCharsets.UTF_8)).toString());
      long retryAfter = Long.parseLong(last.header("Retry-After"));
      assertThat(retryAfter).isBetween(1L, 10L);
      assertThat(last.header("X-RateLimit-Limit")).isEqualTo("2");
      assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(last.header("X-HubSpot-RateLimit-Max")).isEqualTo("2");
      assertThat(last.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
    }
  }

  @Test
  void deletedLeadsTakeTheirContactsAndDealsAlong() {
    Tenant own = server.tenant("hubspot-deleted");
    ArrayNode items = Json.array();
    ObjectNode keep = items.addObject().put("name", "Keep");
    keep.putArray("contacts").addObject().put("name", "Kim");
    keep.putArray("opportunities").addObject().put("value", 100);
    ObjectNode gone = items.addObject().put("name", "Gone");
    gone.putArray("contacts").addObject().put("name", "Gus");
    gone.putArray("opportunities").addObject().put("value", 200);
    JsonNode created = server.call("POST", "/api/v1/leads/bulk", own.key(), items).json();
    String goneId = created.path("ids").get(1).asText();
    assertThat(server.call("DELETE", "/api/v1/leads/" + goneId, own.key(), null).status())
        .isEqualTo(204);
    Function<String, JsonNode> all =
        type ->
            server
                .call("POST", "/crm/v3/objects/" + type + "/search", own.key(), Json.object())
                .json();
    assertThat(all.apply("companies").path("total").asInt()).isEqualTo(1);
    JsonNode contacts = all.apply("contacts");
    assertThat(contacts.path("total").asInt()).isEqualTo(1);
    assertThat(contacts.path("results").get(0).path("properties").path("name").asText())
        .isEqualTo("Kim");
    JsonNode deals = all.apply("deals");
    assertThat(deals.path("total").asInt()).isEqualTo(1);
    assertThat(deals.path("results").get(0).path("properties").path("amount").asText())
        .isEqualTo("1");
    // And other workspaces see none of the fixture.
    assertThat(all.apply("contacts").path("results").findValuesAsText("id"))
        .doesNotContainAnyElementsOf(contacts(c -> true));
  }

  /** A clock the test moves: leads get the creation times the fixture says. */
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
}
