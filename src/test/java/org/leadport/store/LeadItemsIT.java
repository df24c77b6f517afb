package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.store.LeadRepository.Part;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.ClassDatabase;
import org.leadport.testing.StoredItems;
import org.leadport.testing.TestLeads;

/**
 * {@code lead_items} (migration V21, docs/export-projection.md): after writes of every kind — the
 * API's inserts (one lead, a bulk) and updates of each collection, an activity appended, items
 * written, moved and deleted by SQL by hand, the synthetic seed — each lead's stored items are what
 * the nested exports' item queries looked up ({@link StoredItems}), text for text.
 */
class LeadItemsIT {
  @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
  private static final Jdbi jdbi = DB.jdbi();

  @Test
  void theSeedWritesTheItemsTheLookupGives() {
    workspace("ws_seeded");
    SyntheticData.seed(jdbi, "ws_seeded", 500, 7);

    assertThat(StoredItems.different(jdbi, "ws_seeded")).isEmpty();
    // What was compared is there: seeded leads have items of every kind.
    for (ItemKind<?> kind : ItemKind.all()) {
      assertThat(StoredItems.withItems(jdbi, "ws_seeded", kind)).as(kind.table()).isPositive();
    }
  }

  @Test
  void theApisInsertsAndUpdatesWriteTheItemsTheLookupGives() {
    workspace("ws_api");
    LeadRepository repo = new LeadRepository(jdbi);
    Lead.Contact first =
        new Lead.Contact(
            "cont_i1",
            "First \"quoted\", {braced} \\ NULL",
            "First",
            null,
            "",
            List.of(new Lead.Channel(null, "office"), new Lead.Channel("b@x.io", null)),
            List.of(new Lead.Channel("+1 555", "mobile")),
            List.of());
    Lead.Contact second =
        new Lead.Contact(
            "cont_i2",
            "NULL",
            null,
            null,
            "line\nbreak",
            List.of(new Lead.Channel("s@x.io", "home")),
            List.of(),
            List.of(new Lead.Channel("https://x.io", null)));
    Lead.Opportunity won =
        new Lead.Opportunity(
            "oppo_i1",
            "won",
            "Won",
            1200L,
            "EUR",
            "annual",
            80,
            LocalDate.of(2026, 3, 4),
            null,
            "Ann");
    Lead.Activity call = activity("acti_i1", "2026-02-18T13:04:05.123456Z");
    Lead.Address address =
        new Lead.Address("addr_i1", "home", "1 Main St", null, "Paris", null, "75001", "FR");
    repo.insertAll(
        List.of(
            lead("lead_i1", List.of(first, second), List.of(won), List.of(call), List.of(address)),
            lead("lead_i2", List.of(), List.of(), List.of(), List.of(address("addr_i2"))),
            lead("lead_i3", List.of(), List.of(), List.of(), List.of())));
    assertThat(StoredItems.different(jdbi, "ws_api")).isEmpty();
    assertThat(stored("lead_i1", "opportunities"))
        .isEqualTo("{{oppo_i1,won,Won,1200,EUR,annual,80,2026-03-04,NULL,Ann}}");
    assertThat(stored("lead_i1", "activities"))
        .isEqualTo("{{acti_i1,call,2026-02-18T13:04:05.123456Z,inbound,60,Hi,NULL}}");
    // A lead without items has no row.
    assertThat(rows("lead_i3")).isZero();

    // One lead alone, then each collection replaced by an update.
    Lead.Contact fourth =
        new Lead.Contact("cont_i4", "Fourth", null, null, null, List.of(), List.of(), List.of());
    repo.insertAll(List.of(lead("lead_i4", List.of(fourth), List.of(), List.of(), List.of())));
    assertThat(StoredItems.different(jdbi, "ws_api")).isEmpty();
    for (Part part : Part.values()) {
      repo.update(
          lead("lead_i1", List.of(second), List.of(), List.of(), List.of(address)), Set.of(part));
      assertThat(StoredItems.different(jdbi, "ws_api")).as(part.name()).isEmpty();
    }
    assertThat(stored("lead_i1", "opportunities")).isNull();
    assertThat(stored("lead_i1", "activities")).isNull();

    // An activity appended: the update writes the lead's activities whole.
    repo.update(
        lead("lead_i1", List.of(second), List.of(), List.of(call), List.of(address)),
        Set.of(Part.ACTIVITIES));
    repo.update(
        lead(
            "lead_i1",
            List.of(second),
            List.of(),
            List.of(call, activity("acti_i2", "2026-01-01T00:00:00Z")),
            List.of(address)),
        Set.of(Part.ACTIVITIES));
    assertThat(stored("lead_i1", "activities"))
        .startsWith("{{acti_i2,call,2026-01-01T00:00:00.000000Z,");
    // A lead whose items all go loses its row (V23), as one that never had any.
    repo.update(lead("lead_i3", List.of(), List.of(), List.of(), List.of()), Set.of(Part.values()));
    repo.update(
        lead("lead_i2", List.of(), List.of(), List.of(), List.of()), Set.of(Part.ADDRESSES));
    assertThat(rows("lead_i2")).isZero();
    assertThat(rows("lead_i3")).isZero();
    assertThat(rows("lead_i1")).isOne();
    assertThat(StoredItems.different(jdbi, "ws_api")).isEmpty();
  }

  @Test
  void theJavaRendererWritesTheFunctionsTextByteForByte() {
    workspace("ws_text");
    // Control characters built, not written as escapes in one literal (which Error Prone trips on).
    String controls = new String(new char[] {'\t', 10, '\r', 11, '\f', '\b', 1, 31, 127});
    String hostile = "q\"b\\s {x,y} " + controls + " é→😀 ＝1+1";
    Lead.Contact odd =
        new Lead.Contact(
            "cont_t1",
            hostile,
            "",
            "null",
            "NULL",
            List.of(new Lead.Channel(hostile, "office"), new Lead.Channel(null, null)),
            List.of(new Lead.Channel("", "")),
            List.of(new Lead.Channel("https://x.io/a?b=c,d", "home \"page\"")));
    Lead.Contact plain =
        new Lead.Contact("cont_t2", "Ann", null, null, null, List.of(), List.of(), List.of());
    Lead.Opportunity far =
        new Lead.Opportunity(
            "oppo_t1",
            "won",
            hostile,
            -9_223_372_036_854_775_807L,
            null,
            null,
            0,
            LocalDate.of(12_345, 12, 31),
            "",
            "NuLl");
    Lead.Opportunity old =
        new Lead.Opportunity(
            "oppo_t2",
            "lost",
            null,
            null,
            "EUR",
            "monthly",
            100,
            LocalDate.of(-43, 3, 15),
            null,
            null);
    Lead.Opportunity early =
        new Lead.Opportunity(
            "oppo_t3", "active", "A", 0L, null, null, null, LocalDate.of(7, 1, 2), null, null);
    List<Lead.Activity> activities =
        List.of(
            new Lead.Activity(
                "acti_t1", "note", Instant.parse("1583-01-02T03:04:05Z"), null, null, null, ""),
            new Lead.Activity(
                "acti_t2",
                "call",
                Instant.parse("2026-12-31T23:59:59.999999Z"),
                "outbound",
                0,
                hostile,
                hostile));
    Lead.Address address =
        new Lead.Address("addr_t1", " lead space", "a,b", "{", "}", "\\", "\"", "ü");
    Lead lead =
        lead(
            "ws_text",
            "lead_t1",
            List.of(odd, plain),
            List.of(far, old, early),
            activities,
            List.of(address));
    new LeadRepository(jdbi).insertAll(List.of(lead));

    assertThat(StoredItems.different(jdbi, "ws_text")).isEmpty();
    for (ItemKind<?> kind : ItemKind.all()) {
      assertThat(rendered(kind, lead)).as(kind.table()).isEqualTo(stored("lead_t1", kind.table()));
    }
  }

  private static <T> @Nullable String rendered(ItemKind<T> kind, Lead lead) {
    return LeadItemsText.of(kind, kind.items(lead));
  }

  @Test
  void everyWriteOfItemsBySqlKeepsTheItems() {
    workspace("ws_sql");
    jdbi.useTransaction(h -> {
      sqlLead(h, "lead_a");
      sqlLead(h, "lead_b");
      h.execute(
          "insert into contacts (id, workspace_id, lead_id, position, name, emails, created_at,"
              + " updated_at) values ('cont_a2', 'ws_sql', 'lead_a', 2, 'Second',"
              + " '[{\"email\": \"s@x.io\"}]', now(), now()),"
              + " ('cont_a1', 'ws_sql', 'lead_a', 1, 'First', '[]', now(), now())");
      h.execute(
          "insert into opportunities (id, workspace_id, lead_id, position, value, created_at,"
              + " updated_at) values ('oppo_a', 'ws_sql', 'lead_a', 0, 5, now(), now())");
      h.execute(
          "insert into addresses (id, workspace_id, lead_id, position, city, country)"
              + " values ('addr_a', 'ws_sql', 'lead_a', 0, 'Paris', 'FR'),"
              + " ('addr_b', 'ws_sql', 'lead_b', 3, 'Rome', null)");
    });
    assertThat(StoredItems.different(jdbi, "ws_sql")).isEmpty();
    assertThat(stored("lead_a", "contacts")).startsWith("{{cont_a1,First,");

    // Activities appended one by one, as a hand-written writer would.
    for (int i = 0; i < 3; i++) {
      int n = i;
      jdbi.useHandle(h ->
          h.execute(
              "insert into activities (id, workspace_id, lead_id, type, occurred_at, created_at)"
                  + " values (?, 'ws_sql', 'lead_a', 'note', now() - make_interval(days => ?),"
                  + " now())",
              "acti_a" + n,
              n));
      assertThat(StoredItems.different(jdbi, "ws_sql")).isEmpty();
    }
    assertThat(stored("lead_a", "activities")).startsWith("{{acti_a2,note,");

    jdbi.useHandle(h -> h.execute("delete from contacts where id = 'cont_a1'"));
    jdbi.useHandle(h -> h.execute("update contacts set lead_id = 'lead_b' where id = 'cont_a2'"));
    assertThat(stored("lead_a", "contacts")).isNull();
    assertThat(stored("lead_b", "contacts")).startsWith("{{cont_a2,Second,");
    jdbi.useHandle(h -> {
      h.execute("update opportunities set value = null, date_won = '2026-05-06'");
      h.execute("update addresses set position = 0, city = 'Milan' where id = 'addr_b'");
      h.execute("delete from addresses where id = 'addr_a'");
      h.execute("delete from activities where id = 'acti_a1'");
    });
    assertThat(StoredItems.different(jdbi, "ws_sql")).isEmpty();
    assertThat(stored("lead_a", "addresses")).isNull();

    // A lead deleted with its items takes its row along.
    jdbi.useTransaction(h -> {
      for (String table : List.of("contacts", "opportunities", "activities", "addresses")) {
        h.execute("delete from " + table + " where lead_id = 'lead_b'");
      }
      h.execute("delete from lead_changes where lead_id = 'lead_b'");
      h.execute("delete from leads where id = 'lead_b'");
    });
    assertThat(rows("lead_b")).isZero();
    assertThat(StoredItems.different(jdbi, "ws_sql")).isEmpty();

    // The last items of a lead deleted by SQL, one kind a statement: its row goes with the last
    // (V23), and comes back with the next item.
    assertThat(rows("lead_a")).isOne();
    jdbi.useHandle(h -> {
      h.execute("delete from opportunities where lead_id = 'lead_a'");
      assertThat(rows(h, "lead_a")).isOne();
      h.execute("delete from activities where lead_id = 'lead_a'");
      assertThat(rows(h, "lead_a")).isZero();
      h.execute(
          "insert into addresses (id, workspace_id, lead_id, position, city)"
              + " values ('addr_c', 'ws_sql', 'lead_a', 0, 'Oslo')");
    });
    assertThat(stored("lead_a", "addresses"))
        .isEqualTo("{{addr_c,NULL,NULL,NULL,Oslo,NULL,NULL,NULL}}");
    assertThat(StoredItems.different(jdbi, "ws_sql")).isEmpty();
  }

  private static Lead.Activity activity(String id, String at) {
    return new Lead.Activity(id, "call", Instant.parse(at), "inbound", 60, "Hi", null);
  }

  private static Lead.Address address(String id) {
    return new Lead.Address(id, null, null, null, "Rome", null, null, "IT");
  }

  private static Lead lead(
      String id,
      List<Lead.Contact> contacts,
      List<Lead.Opportunity> opportunities,
      List<Lead.Activity> activities,
      List<Lead.Address> addresses) {
    return lead("ws_api", id, contacts, opportunities, activities, addresses);
  }

  private static Lead lead(
      String ws,
      String id,
      List<Lead.Contact> contacts,
      List<Lead.Opportunity> opportunities,
      List<Lead.Activity> activities,
      List<Lead.Address> addresses) {
    return TestLeads.withItems(
        id, ws, Instant.now(), contacts, opportunities, activities, addresses);
  }

  private static void workspace(String ws) {
    DB.workspace(ws);
  }

  private static void sqlLead(Handle h, String id) {
    h.execute(
        "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
            + " values (?, 'ws_sql', ?, now(), now())",
        id,
        id);
  }

  /** The stored text of one column of a lead's row; null without row or items. */
  private static @Nullable String stored(String lead, String column) {
    return jdbi.withHandle(h ->
        h.createQuery("select " + column + "::text from lead_items where lead_id = :id")
            .bind("id", lead)
            .mapTo(String.class)
            .findOne()
            .orElse(null));
  }

  private static long rows(String lead) {
    return jdbi.withHandle(h -> rows(h, lead));
  }

  private static long rows(Handle h, String lead) {
    return h.createQuery("select count(*) from lead_items where lead_id = :id")
        .bind("id", lead)
        .mapTo(Long.class)
        .one();
  }
}
