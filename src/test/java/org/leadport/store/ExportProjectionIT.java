package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.ClassDatabase;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestLeads;

/**
 * The export projection (migration V19, docs/export-projection.md): every lead row carries its
 * primary contact and primary address exactly as the exports used to look them up, after any write
 * of contacts or addresses and after the synthetic seed, which writes the projection itself and
 * tells the triggers so.
 */
class ExportProjectionIT {
  /** The projection as the exports computed it per lead before V19, for every lead it differs. */
  private static final String DIFFERENT =
      """
      select l.id from leads l
      left join lateral (select c.name, c.emails -> 0 ->> 'email' as email,
                                c.phones -> 0 ->> 'phone' as phone
                         from contacts c where c.lead_id = l.id order by c.position limit 1) pc
        on true
      left join lateral (select a.address_1, a.address_2, a.city, a.state, a.zipcode, a.country
                         from addresses a where a.lead_id = l.id order by a.position limit 1) pa
        on true
      where l.workspace_id = :ws
        and (l.primary_contact_name, l.primary_contact_email, l.primary_contact_phone,
             l.primary_address_1, l.primary_address_2, l.primary_city, l.primary_state,
             l.primary_zipcode, l.primary_country)
            is distinct from (pc.name, pc.email, pc.phone, pa.address_1, pa.address_2, pa.city,
                              pa.state, pa.zipcode, pa.country)
      """;

  @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
  private static final Jdbi jdbi = DB.jdbi();

  @Test
  void theSeedWritesTheProjectionTheTriggersWould() {
    DB.workspace("ws_seeded");
    SyntheticData.seed(jdbi, "ws_seeded", 500, 7);

    assertThat(different("ws_seeded")).isEmpty();
    // What was compared is there: seeded leads have contacts, emails, phones and addresses.
    assertThat(count("primary_contact_name is not null")).isPositive();
    assertThat(count("primary_contact_email is not null")).isPositive();
    assertThat(count("primary_contact_phone is not null")).isPositive();
    assertThat(count("primary_city is not null")).isPositive();
  }

  @Test
  void insertsOfLeadsWriteTheProjectionTheTriggersWouldAndUpdatesKeepIt() {
    DB.workspace("ws_api");
    LeadRepository repo = new LeadRepository(jdbi);
    Lead.Contact first =
        contact(
            "cont_i1",
            "First",
            List.of(new Lead.Channel(null, "office"), new Lead.Channel("b@x.io", null)),
            List.of(new Lead.Channel("+1 555", "mobile")));
    Lead.Contact second =
        contact("cont_i2", "Second", List.of(new Lead.Channel("s@x.io", "home")), List.of());
    Lead.Address address =
        new Lead.Address("addr_i1", "home", "1 Main St", null, "Paris", null, "75001", "FR");
    Lead.Address other =
        new Lead.Address("addr_i2", null, "2 Side St", "Apt 3", "Rome", "RM", null, "IT");
    repo.insertAll(
        List.of(
            apiLead("lead_i1", List.of(first, second), List.of(address, other)),
            apiLead(
                "lead_i2",
                List.of(),
                List.of(new Lead.Address("addr_i3", null, null, null, "Rome", null, null, "IT"))),
            apiLead("lead_i3", List.of(contact("cont_i3", null, List.of(), List.of())), List.of()),
            apiLead("lead_i4", List.of(), List.of())));

    assertThat(different("ws_api")).isEmpty();
    // The first channel's value is null: so is the projection's, as emails -> 0 ->> 'email' is.
    assertThat(projection("lead_i1")).containsExactly("First", null, "+1 555", "Paris", "FR");
    assertThat(projection("lead_i2")).containsExactly(null, null, null, "Rome", "IT");
    assertThat(projection("lead_i4")).containsExactly(null, null, null, null, null);

    // An update replacing the contacts writes their projection with the lead row.
    repo.update(
        apiLead("lead_i1", List.of(second), List.of(address, other)),
        java.util.Set.of(LeadRepository.Part.CONTACTS));
    assertThat(projection("lead_i1")).containsExactly("Second", "s@x.io", null, "Paris", "FR");
    assertThat(different("ws_api")).isEmpty();

    // An update writes the projection of what it replaces, and leaves the rest as it is.
    repo.update(
        apiLead("lead_i1", List.of(first), List.of(other)),
        java.util.Set.of(LeadRepository.Part.ADDRESSES));
    assertThat(projection("lead_i1")).containsExactly("Second", "s@x.io", null, "Rome", "IT");
    repo.update(
        apiLead("lead_i1", List.of(first), List.of()),
        java.util.Set.of(LeadRepository.Part.CONTACTS, LeadRepository.Part.ADDRESSES));
    assertThat(projection("lead_i1")).containsExactly("First", null, "+1 555", null, null);
    repo.update(
        apiLead("lead_i1", List.of(), List.of()),
        java.util.Set.of(LeadRepository.Part.OPPORTUNITIES));
    assertThat(projection("lead_i1")).containsExactly("First", null, "+1 555", null, null);
    assertThat(different("ws_api")).isEmpty();
  }

  private static Lead.Contact contact(
      String id,
      @org.jspecify.annotations.Nullable String name,
      List<Lead.Channel> emails,
      List<Lead.Channel> phones) {
    return new Lead.Contact(id, name, null, null, null, emails, phones, List.of());
  }

  private static Lead apiLead(
      String id, List<Lead.Contact> contacts, List<Lead.Address> addresses) {
    return TestLeads.withItems(
        id, "ws_api", java.time.Instant.now(), contacts, List.of(), List.of(), addresses);
  }

  @Test
  void everyWriteOfContactsAndAddressesKeepsTheProjection() {
    DB.workspace("ws_writes");
    jdbi.useTransaction(h -> {
      lead(h, "lead_a");
      lead(h, "lead_b");
      contact(h, "cont_a2", "lead_a", 2, "Second", "[{\"email\":\"s@x.io\"}]");
      contact(
          h, "cont_a1", "lead_a", 1, "First", "[{\"email\":\"f@x.io\"},{\"email\":\"g@x.io\"}]");
      h.execute(
          "insert into addresses (id, workspace_id, lead_id, position, city, country)"
              + " values ('addr_a', 'ws_writes', 'lead_a', 0, 'Paris', 'FR'),"
              + " ('addr_b', 'ws_writes', 'lead_b', 3, 'Rome', null)");
    });
    assertThat(projection("lead_a")).containsExactly("First", "f@x.io", null, "Paris", "FR");
    assertThat(different("ws_writes")).isEmpty();

    jdbi.useHandle(h -> h.execute("delete from contacts where id = 'cont_a1'"));
    assertThat(projection("lead_a")).containsExactly("Second", "s@x.io", null, "Paris", "FR");

    jdbi.useHandle(h -> h.execute("update contacts set lead_id = 'lead_b' where id = 'cont_a2'"));
    assertThat(projection("lead_a")).containsExactly(null, null, null, "Paris", "FR");
    assertThat(projection("lead_b")).containsExactly("Second", "s@x.io", null, "Rome", null);

    jdbi.useHandle(h -> {
      h.execute("update contacts set phones = '[{\"phone\":\"+1 555\"}]', name = null");
      h.execute("update addresses set position = 0, city = 'Milan' where id = 'addr_b'");
      h.execute("delete from addresses where id = 'addr_a'");
    });
    assertThat(projection("lead_a")).containsExactly(null, null, null, null, null);
    assertThat(projection("lead_b")).containsExactly(null, "s@x.io", "+1 555", "Milan", null);
    assertThat(different("ws_writes")).isEmpty();
  }

  @Test
  void theProjectionsOwnWriteLeavesTheChangeLogAsItWas() {
    DB.workspace("ws_log");
    jdbi.useHandle(h -> lead(h, "lead_d"));
    jdbi.useTransaction(h -> {
      h.execute("update leads set deleted_at = now() where id = 'lead_d'");
      contact(h, "cont_d", "lead_d", 0, "Late", "[]");
    });

    assertThat(projection("lead_d")).containsExactly("Late", null, null, null, null);
    // The contact's write was logged as an update by its own trigger; the lead's deletion wins.
    List<String> ops =
        jdbi.withHandle(h ->
            h.createQuery("select op from lead_changes where lead_id = 'lead_d' order by xid")
                .mapTo(String.class)
                .list());
    assertThat(ops).containsExactly("created", "deleted");
  }

  @Test
  void twoWritersAddingContactsToOneLeadAtOnceLeaveTheFirstByPosition() throws Exception {
    DB.workspace("ws_race");
    jdbi.useHandle(h ->
        h.execute(
            "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
                + " values ('lead_r', 'ws_race', 'R', now(), now())"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Handle first = jdbi.open();
        Handle second = jdbi.open()) {
      first.begin();
      contact(first, "cont_r0", "lead_r", 0, "Zero", "[]");
      second.begin();
      Future<?> later = pool.submit(() -> contact(second, "cont_r1", "lead_r", 1, "One", "[]"));
      // Commit the first only once the second's statement waits on it: had the second computed
      // the primary from its own snapshot, it would now set its own contact, "One".
      TestDatabase.awaitLockWaiters(jdbi, 1);
      first.commit();
      later.get(10, TimeUnit.SECONDS);
      second.commit();
    } finally {
      pool.shutdown();
    }
    assertThat(projection("lead_r").get(0)).isEqualTo("Zero");
    assertThat(different("ws_race")).isEmpty();
  }

  private static void lead(Handle h, String id) {
    String ws = id.equals("lead_d") ? "ws_log" : "ws_writes";
    h.execute(
        "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
            + " values (?, ?, ?, now(), now())",
        id,
        ws,
        id);
  }

  private static void contact(
      Handle h, String id, String lead, int position, String name, String emails) {
    h.execute(
        "insert into contacts (id, workspace_id, lead_id, position, name, emails, created_at,"
            + " updated_at) select ?, workspace_id, id, ?, ?, ?::jsonb, now(), now()"
            + " from leads where id = ?",
        id,
        position,
        name,
        emails,
        lead);
  }

  /** Name, email, phone of the primary contact; city and country of the primary address. */
  private static List<String> projection(String lead) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select primary_contact_name, primary_contact_email, primary_contact_phone,"
                    + " primary_city, primary_country from leads where id = :id")
            .bind("id", lead)
            .map((rs, ctx) ->
                java.util.Arrays.asList(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)))
            .one());
  }

  private static List<String> different(String ws) {
    return jdbi.withHandle(h -> h.createQuery(DIFFERENT).bind("ws", ws).mapTo(String.class).list());
  }

  private static long count(String condition) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select count(*) from leads where workspace_id = 'ws_seeded' and " + condition)
            .mapTo(Long.class)
            .one());
  }
}
