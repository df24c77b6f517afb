package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.leadport.testing.Reply;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The start-up warm-up of the sync export path (issue 18, {@link StartupWarmup}) has run by the
 * time the server answers its first request, wrote nothing, counted no export, and leaves a
 * client's first segment as it was. Not a timing: a test cannot time a cold JVM;
 * bench/export-vs-copy prints the first segment's time to first byte.
 */
class StartupWarmupIT {
  private static final Pattern WARMUP =
      Pattern.compile("(?m)^leadport_startup_warmup_seconds(?:\\{[^}]*\\})? (\\S+)$");

  @Test
  void theServerAnswersOnlyOnceTheWarmUpHasRunAndItLeftNothingBehind() {
    try (TestServer s = TestServer.start()) {
      // The first request this server answers: the warm-up's duration is already there.
      Reply scrape = s.admin("GET", "/metrics", null);
      assertThat(scrape.status()).isEqualTo(200);
      Matcher m = WARMUP.matcher(scrape.text());
      assertThat(m.find()).as("leadport_startup_warmup_seconds in:\n%s", scrape.text()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).isPositive();
      // Its segment is no export of anybody's: no route counted, no rows spent, nothing written.
      assertThat(scrape.text()).doesNotContain("leadport_export_routes_total{");
      Jdbi jdbi = Jdbi.create(s.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
      long written =
          jdbi.withHandle(h ->
              h.createQuery(
                      "select (select count(*) from export_usage)"
                          + " + (select count(*) from rate_limit_buckets)"
                          + " + (select count(*) from workspaces)")
                  .mapTo(Long.class)
                  .one());
      assertThat(written).isZero();
      assertThat(s.call("GET", "/healthz", null, null).status()).isEqualTo(200);

      // A client's first segment after it: the workspace's leads, none of the warm-up's.
      Tenant t = s.tenant("warm");
      assertThat(
              s.admin(
                      "POST",
                      "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
                      org.leadport.json.Json.object().put("leads", 3).put("seed", 7))
                  .status())
          .isEqualTo(200);
      Reply first = s.call("GET", "/api/v1/leads/export", t.key(), null);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("X-Export-Truncated")).isEqualTo("false");
      assertThat(first.text().lines().count()).isEqualTo(4);
    }
  }

  @Test
  void theWarmUpRanTheRateLimiterAndTheBudgetBeforeTheServerListenedAndLeftNothing() {
    // A migrated database whose rate-limit table records its writes and whose budget counts its
    // own, for a server to start on.
    String name;
    try (org.leadport.store.Database db = TestDatabase.fresh()) {
      name =
          db.jdbi()
              .withHandle(h -> {
                h.execute(
                    """
                    create table bucket_writes (op text, id text);
                    create function bucket_writes() returns trigger language plpgsql as $$
                    begin
                      insert into bucket_writes values (tg_op, coalesce(new.id, old.id));
                      if tg_op = 'DELETE' then
                        return old;
                      end if;
                      return new;
                    end $$;
                    create trigger bucket_writes
                      before insert or update or delete on rate_limit_buckets
                      for each row execute function bucket_writes();
                    """);
                TestDatabase.countBudgetWrites(h);
                return h.createQuery("select current_database()").mapTo(String.class).one();
              });
    }
    try (TestServer s =
        TestServer.builder()
            .database(TestDatabase.jdbcUrl(name), TestDatabase.user(), TestDatabase.password())
            .start()) {
      Jdbi jdbi = Jdbi.create(s.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
      // Before the server's first request: a bucket's first use (insert, then the retry's
      // update), its second (update), and its removal, all of the warm-up's one bucket.
      java.util.List<String> ops =
          jdbi.withHandle(h ->
              h.createQuery("select op from bucket_writes where id like 'warmup:%' order by ctid")
                  .mapTo(String.class)
                  .list());
      assertThat(ops).containsExactly("INSERT", "UPDATE", "UPDATE", "DELETE");
      long ids =
          jdbi.withHandle(h ->
              h.createQuery("select count(distinct id) from bucket_writes")
                  .mapTo(Long.class)
                  .one());
      assertThat(ids).isEqualTo(1L);
      // The export budget's reservation and settlement, in a transaction rolled back (a sequence
      // is not): two writes, none of them left.
      long budgetWrites =
          jdbi.withHandle(
              h -> h.createQuery("select last_value from budget_writes").mapTo(Long.class).one());
      assertThat(budgetWrites).isEqualTo(2L);
      long usage =
          jdbi.withHandle(
              h -> h.createQuery("select count(*) from export_usage").mapTo(Long.class).one());
      assertThat(usage).isZero();
    }
  }
}
