package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.testing.ClassDatabase;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestLeads;

/**
 * The export projection (docs/export-projection.md) when the API's update of a lead, which writes
 * the projection itself, races a writer of the same lead's contacts by SQL, which leaves it to the
 * triggers: whichever goes first, the lead row ends with the primary contact of the contacts that
 * were committed last.
 */
class ExportProjectionRaceIT {
  private static final String WS = "ws_api_race";

  @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
  private static final Jdbi jdbi = DB.jdbi();
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void start() {
    DB.workspace(WS);
  }

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void anApiUpdateWaitingOnASqlWriterReplacesWhatThatWriterCommitted() throws Exception {
    String lead = leadWithOldContact("lead_sql_first");
    try (Handle sql = jdbi.open()) {
      sql.begin();
      contact(sql, lead + "_five", lead, 5, "Five");
      // The trigger holds the lead row now: the API's update of it waits for the commit.
      Future<?> api = pool.submit(() -> replaceContacts(lead, "New"));
      TestDatabase.awaitLockWaiters(jdbi, 1);
      sql.commit();
      api.get(10, TimeUnit.SECONDS);
    }
    // The delete of the update ran after the wait, on a snapshot holding "Five": gone too.
    assertThat(contacts(lead)).containsExactly("New");
    assertThat(primary(lead)).isEqualTo("New");
  }

  @Test
  void aSqlWriterWaitingOnAnApiUpdateComputesThePrimaryFromTheUpdatesContacts() throws Exception {
    String lead = leadWithOldContact("lead_api_first");
    try (Handle holder = jdbi.open();
        Handle sql = jdbi.open()) {
      // Keeps the API's update open after it wrote the lead row, at its delete of "Old".
      holder.begin();
      holder.execute("select 1 from contacts where id = ? for update", lead + "_old");
      Future<?> api = pool.submit(() -> replaceContacts(lead, "New"));
      TestDatabase.awaitLockWaiters(jdbi, 1);
      sql.begin();
      Future<?> writer =
          Executors.newVirtualThreadPerTaskExecutor()
              .submit(() -> {
                contact(sql, lead + "_five", lead, 5, "Five");
                sql.commit();
              });
      // Had the SQL writer's trigger computed the primary before the update committed, it would
      // see "Old" first by position and write it over the update's "New".
      TestDatabase.awaitLockWaiters(jdbi, 2);
      holder.rollback();
      api.get(10, TimeUnit.SECONDS);
      writer.get(10, TimeUnit.SECONDS);
    }
    assertThat(contacts(lead)).containsExactly("New", "Five");
    assertThat(primary(lead)).isEqualTo("New");
  }

  private static String leadWithOldContact(String id) {
    jdbi.useHandle(h -> {
      h.execute(
          "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
              + " values (?, ?, ?, now(), now())",
          id,
          WS,
          id);
      contact(h, id + "_old", id, 0, "Old");
    });
    assertThat(primary(id)).isEqualTo("Old");
    return id;
  }

  private static void replaceContacts(String lead, String name) {
    Lead.Contact contact =
        new Lead.Contact(
            lead + "_" + name.toLowerCase(java.util.Locale.ROOT),
            name,
            null,
            null,
            null,
            List.of(),
            List.of(),
            List.of());
    new LeadRepository(jdbi)
        .update(
            TestLeads.withItems(
                lead, WS, Instant.now(), List.of(contact), List.of(), List.of(), List.of()),
            Set.of(LeadRepository.Part.CONTACTS));
  }

  private static void contact(Handle h, String id, String lead, int position, String name) {
    h.execute(
        "insert into contacts (id, workspace_id, lead_id, position, name, emails, created_at,"
            + " updated_at) select ?, workspace_id, id, ?, ?, '[]'::jsonb, now(), now()"
            + " from leads where id = ?",
        id,
        position,
        name,
        lead);
  }

  private static List<String> contacts(String lead) {
    return jdbi.withHandle(h ->
        h.createQuery("select name from contacts where lead_id = ? order by position")
            .bind(0, lead)
            .mapTo(String.class)
            .list());
  }

  private static String primary(String lead) {
    return jdbi.withHandle(h ->
        h.createQuery("select primary_contact_name from leads where id = ?")
            .bind(0, lead)
            .mapTo(String.class)
            .one());
  }
}
