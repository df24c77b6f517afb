package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.LeadportException;
import org.leadport.query.ChangePosition;
import org.leadport.query.Sql;
import org.leadport.testing.ClassDatabase;

/**
 * The change log's triggers and reader against real PostgreSQL: one change per lead and transaction
 * whatever the write, and a reader that never hands out a change behind a position it already
 * handed out, however late the change's transaction commits.
 */
class ChangeLogIT {
  @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
  private static final Jdbi jdbi = DB.jdbi();
  private static final ChangeLog log = new ChangeLog(jdbi, Duration.ofDays(90));
  private static int workspaces;
  private String ws;

  @BeforeEach
  void workspace() {
    workspaces++;
    ws = "ws_changes" + workspaces;
    DB.workspace(ws);
  }

  @Test
  void everyKindOfWriteIsOneChangePerLeadAndTransaction() {
    jdbi.useTransaction(h -> {
      insertLead(h, "lead_a");
      insertContact(h, "cont_a1", "lead_a");
      insertContact(h, "cont_a2", "lead_a");
    });
    jdbi.useHandle(h -> insertLead(h, "lead_b"));
    jdbi.useHandle(h -> insertContact(h, "cont_b1", "lead_b"));
    jdbi.useHandle(h -> h.execute("update leads set name = 'x' where id = 'lead_a'"));
    jdbi.useTransaction(h -> {
      h.execute("update leads set name = 'y' where id = 'lead_b'");
      h.execute("update leads set deleted_at = now() where id = 'lead_b'");
    });
    jdbi.useHandle(h -> h.execute("delete from contacts where id = 'cont_a2'"));

    List<Change> changes = all(log.earliest(ws));

    assertThat(changes)
        .extracting(c -> c.leadId() + " " + c.op().wireName())
        .containsExactly(
            "lead_a created",
            "lead_b created",
            "lead_b updated",
            "lead_a updated",
            "lead_b deleted",
            "lead_a updated");
    assertThat(changes).extracting(Change::xid).isSorted();
  }

  @Test
  void aLateCommitNeverLandsBehindAPositionHandedOut() throws Exception {
    try (Handle slow = jdbi.open()) {
      slow.begin();
      insertLead(slow, "lead_slow"); // takes its transaction id first
      jdbi.useHandle(h -> insertLead(h, "lead_fast")); // a later id, committed first
      ChangePosition from = log.earliest(ws);

      ChangeLog.Page held = log.page(ws, from, ChangeLog.ALL_LEADS, 100);
      // The fast write is committed, but behind the horizon of the open one: not yet handed out.
      assertThat(held.changes()).isEmpty();

      slow.commit();
      settle();
      ChangeLog.Page after = log.page(ws, held.next(), ChangeLog.ALL_LEADS, 100);
      assertThat(after.changes())
          .extracting(Change::leadId)
          .containsExactly("lead_slow", "lead_fast");
    }
  }

  @Test
  void anExportsSnapshotIsThePositionOfExactlyWhatItDidNotSee() throws Exception {
    jdbi.useHandle(h -> insertLead(h, "lead_before"));
    try (Handle running = jdbi.open()) {
      running.begin();
      insertLead(running, "lead_running");
      ChangePosition snapshot =
          jdbi.inTransaction(
              TransactionIsolationLevel.REPEATABLE_READ,
              h -> {
                ChangePosition p = ChangeLog.position(h);
                assertThat(
                        h.createQuery("select count(*) from leads where workspace_id = :ws")
                            .bind("ws", ws)
                            .mapTo(Long.class)
                            .one())
                    .isEqualTo(1);
                return p;
              });
      jdbi.useHandle(h -> insertLead(h, "lead_after"));
      running.commit();

      assertThat(all(snapshot))
          .extracting(Change::leadId)
          .containsExactlyInAnyOrder("lead_running", "lead_after");
    }
  }

  @Test
  void pagesContinueWhereTheLastEndedAndFilterByTheLead() {
    for (int i = 0; i < 7; i++) {
      String id = "lead_p" + i;
      jdbi.useHandle(h -> insertLead(h, id));
    }
    jdbi.useHandle(
        h -> h.execute("update leads set source = 'web' where id in ('lead_p1', 'lead_p4')"));

    List<String> seen = new ArrayList<>();
    ChangePosition at = log.earliest(ws);
    settle();
    for (int round = 0; round < 10; round++) {
      ChangeLog.Page page = log.page(ws, at, Sql.text("l.source = 'web'"), 1);
      page.changes().forEach(c -> seen.add(c.leadId() + " " + c.op().wireName()));
      at = page.next();
    }
    // The filter keeps changes of leads that match it when read, their creation included.
    assertThat(seen)
        .containsExactly(
            "lead_p1 created", "lead_p4 created", "lead_p1 updated", "lead_p4 updated");

    ChangePosition done = at;
    assertThat(log.page(ws, done, ChangeLog.ALL_LEADS, 100).changes()).isEmpty();
    jdbi.useHandle(h -> insertLead(h, "lead_new"));
    settle();
    assertThat(log.page(ws, done, ChangeLog.ALL_LEADS, 100).changes())
        .extracting(Change::leadId)
        .containsExactly("lead_new");
  }

  @Test
  void retentionDeletesOldChangesAndRefusesPositionsBeforeThem() {
    jdbi.useHandle(h -> insertLead(h, "lead_old"));
    ChangePosition start = log.earliest(ws);
    jdbi.useHandle(h ->
        h.execute(
            "update lead_changes set changed_at = now() - interval '91 days' where workspace_id = ?",
            ws));
    jdbi.useHandle(h -> insertLead(h, "lead_young"));

    settle();
    assertThat(log.purge(Instant.now())).isEqualTo(1);

    assertThatThrownBy(() -> log.page(ws, start, ChangeLog.ALL_LEADS, 10))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(410);
              assertThat(e.code()).isEqualTo("cursor_expired");
              assertThat(e.getMessage()).contains("90 days");
            });
    assertThat(all(log.earliest(ws))).extracting(Change::leadId).containsExactly("lead_young");
  }

  @Test
  void deltaLeadsAreThoseChangedAfterThePosition() {
    jdbi.useHandle(h -> insertLead(h, "lead_d1"));
    ChangePosition mark = log.now();
    jdbi.useHandle(h -> insertContact(h, "cont_d1", "lead_d1"));
    jdbi.useHandle(h -> insertLead(h, "lead_d2"));
    settle();
    // As a delta export uses it: the leads whose id is among the changed ones.
    Sql.Bound sql =
        Sql.text("select l.id from leads l where l.id in (")
            .append(ChangeLog.changedLeads(ws, mark))
            .append(")")
            .bound();
    List<String> ids =
        jdbi.withHandle(
            h -> h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(String.class).list());
    assertThat(ids).containsExactlyInAnyOrder("lead_d1", "lead_d2");
  }

  /**
   * Waits until every transaction begun so far has ended: the horizon is the whole server's, and
   * another database's transaction may hold it back for a moment.
   */
  private static void settle() {
    long mark =
        jdbi.withHandle(h ->
            h.createQuery("select pg_current_xact_id()::text::bigint").mapTo(Long.class).one());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (jdbi.withHandle(
            h ->
                h.createQuery("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                    .mapTo(Long.class)
                    .one())
        <= mark) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the horizon did not pass transaction " + mark);
      }
      Thread.onSpinWait();
    }
  }

  private List<Change> all(ChangePosition from) {
    settle();
    List<Change> out = new ArrayList<>();
    ChangePosition at = from;
    while (true) {
      ChangeLog.Page page = log.page(ws, at, ChangeLog.ALL_LEADS, 2);
      out.addAll(page.changes());
      if (page.changes().size() < 2) {
        return out;
      }
      at = page.next();
    }
  }

  private void insertLead(Handle h, String id) {
    h.execute(
        "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
            + " values (?, ?, ?, now(), now())",
        id,
        ws,
        id);
  }

  private void insertContact(Handle h, String id, String lead) {
    h.execute(
        "insert into contacts (id, workspace_id, lead_id, position, created_at, updated_at)"
            + " values (?, ?, ?, 0, now(), now())",
        id,
        ws,
        lead);
  }
}
