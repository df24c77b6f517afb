package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.testing.ClassDatabase;
import org.leadport.testing.TestDatabase;

/**
 * The export budget's reservations and settlements commit without waiting for PostgreSQL's WAL
 * flush ({@code synchronous_commit = off} in their own transactions only): a sync segment makes
 * both, and the two flushes were a measurable part of a segment. A trigger on {@code export_usage}
 * records the setting each write of the budget ran under.
 */
class ExportBudgetCommitIT {
  /** Connections that wait for the flush, so that a write made under "off" says so. */
  @RegisterExtension static final ClassDatabase DB = ClassDatabase.flushWaiting();

  private static final Jdbi jdbi = DB.jdbi();

  @BeforeAll
  static void start() {
    jdbi.useHandle(h -> {
      h.execute(
          """
          create table budget_commits (op text, synchronous_commit text);
          create function budget_commits() returns trigger language plpgsql as $$
          begin
            insert into budget_commits values (tg_op, current_setting('synchronous_commit'));
            return new;
          end $$;
          create trigger budget_commits before insert or update on export_usage
            for each row execute function budget_commits();
          """);
      TestDatabase.countBudgetWrites(h);
    });
  }

  @Test
  void reserveAndSettleDoNotWaitForTheFlushAndLeaveTheConnectionAsItWas() {
    ExportBudget budget = new ExportBudget(jdbi, Clock.systemUTC(), 1_000);
    ExportBudget.Reservation r = budget.reserveUpTo("ws_commit", "sync", 100);
    budget.settle(r, 60);

    List<String> seen =
        jdbi.withHandle(h ->
            h.createQuery("select op || ' ' || synchronous_commit from budget_commits")
                .mapTo(String.class)
                .list());
    assertThat(seen).containsExactly("INSERT off", "UPDATE off");
    // Set for the transaction only: a connection keeps the database's setting.
    for (int i = 0; i < 3; i++) {
      String setting =
          jdbi.withHandle(h -> h.createQuery("show synchronous_commit").mapTo(String.class).one());
      assertThat(setting).isEqualTo("on");
    }
    long rows =
        jdbi.withHandle(h ->
            h.createQuery("select rows from export_usage where workspace_id = 'ws_commit'")
                .mapTo(Long.class)
                .one());
    assertThat(rows).isEqualTo(60L);
  }

  @Test
  void theWarmUpReservesAndSettlesButLeavesNothing() {
    long before = nextWrite();
    new ExportBudget(jdbi, Clock.systemUTC(), 1_000).warmUp("ws_warmup");
    // A sequence is not rolled back: the insert and the update ran, in a transaction that was
    // (the second nextval counts itself: one more).
    assertThat(nextWrite() - before).isEqualTo(3L);
    long left =
        jdbi.withHandle(h ->
            h.createQuery("select count(*) from export_usage where workspace_id = 'ws_warmup'")
                .mapTo(Long.class)
                .one());
    assertThat(left).isZero();
  }

  private static long nextWrite() {
    return jdbi.withHandle(
        h -> h.createQuery("select nextval('budget_writes')").mapTo(Long.class).one());
  }
}
