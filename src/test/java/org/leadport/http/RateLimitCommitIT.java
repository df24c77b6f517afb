package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.testing.ClassDatabase;

/**
 * The rate limiter's bucket writes commit without waiting for PostgreSQL's WAL flush ({@code
 * synchronous_commit = off} in their own transactions only, {@link NoFlushWaitCommits}): every
 * request of a key commits its bucket, and the flush was a measurable part of a sync export
 * segment. A trigger on {@code rate_limit_buckets} records the setting each write ran under. Also
 * the start-up warm-up's use of a bucket ({@link RateLimiter#warmUp}): the whole path, then nothing
 * left behind.
 */
class RateLimitCommitIT {
  /** Connections that wait for the flush, so that a write made under "off" says so. */
  @RegisterExtension static final ClassDatabase DB = ClassDatabase.flushWaiting();

  private static final Jdbi jdbi = DB.jdbi();

  @BeforeAll
  static void start() {
    jdbi.useHandle(h ->
        h.execute(
            """
            create table bucket_writes (op text, id text, synchronous_commit text);
            create function bucket_writes() returns trigger language plpgsql as $$
            begin
              insert into bucket_writes
                values (tg_op, coalesce(new.id, old.id), current_setting('synchronous_commit'));
              if tg_op = 'DELETE' then
                return old;
              end if;
              return new;
            end $$;
            create trigger bucket_writes before insert or update or delete on rate_limit_buckets
              for each row execute function bucket_writes();
            """));
  }

  @BeforeEach
  void forget() {
    jdbi.useHandle(h -> h.execute("truncate bucket_writes, rate_limit_buckets"));
  }

  @Test
  void aBucketsInsertAndUpdatesDoNotWaitForTheFlushAndLeaveTheConnectionAsItWas() {
    RateLimitBuckets buckets = new RateLimitBuckets(DB.dataSource(), Clock.systemUTC());
    var config = RateLimitBuckets.perWindow(5, Duration.ofMinutes(1));
    assertThat(buckets.consume("key:k1:export:5", config, 5).remaining()).isEqualTo(4);
    assertThat(buckets.consume("key:k1:export:5", config, 5).remaining()).isEqualTo(3);

    assertThat(writes())
        .containsExactly(
            "INSERT key:k1:export:5 off",
            "UPDATE key:k1:export:5 off",
            "UPDATE key:k1:export:5 off");
    // Set for the transaction only: a connection keeps the database's setting.
    for (int i = 0; i < 3; i++) {
      String setting =
          jdbi.withHandle(h -> h.createQuery("show synchronous_commit").mapTo(String.class).one());
      assertThat(setting).isEqualTo("on");
    }
  }

  @Test
  void theWarmUpRunsABucketsFirstAndSecondUseAndDeletesIt() {
    // A limit of 1 a minute: the warm-up's own bucket still takes both of its requests.
    new RateLimiter(DB.dataSource(), Clock.systemUTC(), 1).warmUp();

    List<String> seen = writes();
    assertThat(seen).hasSize(4);
    String id = seen.get(0).split(" ")[1];
    assertThat(id).startsWith("warmup:");
    // Its removal is Bucket4j's plain autocommit delete, which waits for the flush as ever.
    assertThat(seen)
        .containsExactly(
            "INSERT " + id + " off",
            "UPDATE " + id + " off",
            "UPDATE " + id + " off",
            "DELETE " + id + " on");
    long left =
        jdbi.withHandle(
            h -> h.createQuery("select count(*) from rate_limit_buckets").mapTo(Long.class).one());
    assertThat(left).isZero();
  }

  private static List<String> writes() {
    return jdbi.withHandle(h ->
        h.createQuery("select op || ' ' || id || ' ' || synchronous_commit from bucket_writes")
            .mapTo(String.class)
            .list());
  }
}
