package org.leadport.http;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.leadport.http.RateLimiter.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token buckets behind {@link RateLimiter}, in PostgreSQL table {@code rate_limit_buckets}
 * through Bucket4j's select-for-update backend: every node on the same database shares them, and
 * each consumption is one transaction holding the bucket's row lock. Rows of buckets that are full
 * again expire and are deleted now and then. Their commits do not wait for the WAL flush ({@link
 * NoFlushWaitCommits}). Time comes from the injected {@link Clock}. Thread-safe.
 */
final class RateLimitBuckets {
  /** The limiter's logger: these lines are the limiter's, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private static final String TABLE = "rate_limit_buckets";
  private static final int CLEANUP_EVERY = 1024;
  private static final int CLEANUP_BATCH = 1000;

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final Clock clock;
  private final AtomicLong consumptions = new AtomicLong();

  RateLimitBuckets(DataSource dataSource, Clock clock) {
    this.clock = clock;
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(new NoFlushWaitCommits(dataSource))
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(TABLE)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .clientClock(timeMeter(clock))
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build();
  }

  /** Takes one token of bucket {@code id}, creating it full with {@code config} when missing. */
  Decision consume(String id, BucketConfiguration config, long limit) {
    ConsumptionProbe probe =
        buckets.builder().build(id, () -> config).tryConsumeAndReturnRemaining(1);
    Instant now = clock.instant();
    long waitNanos =
        probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
    Instant reset = ceilToSecond(now.plusNanos(Math.max(0, waitNanos)));
    long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    cleanUpNowAndThen();
    return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(), reset, retryAfter);
  }

  /** Deletes bucket {@code id} (the warm-up's, which no request uses). */
  void remove(String id) {
    buckets.removeProxy(id);
  }

  private void cleanUpNowAndThen() {
    if (consumptions.incrementAndGet() % CLEANUP_EVERY != 0) {
      return;
    }
    Thread.ofVirtual()
        .name("rate-limit-cleanup")
        .start(() -> {
          try {
            int removed = buckets.removeExpired(CLEANUP_BATCH);
            LOG.debug("removed {} expired rate-limit buckets", removed);
          } catch (RuntimeException e) {
            LOG.warn("cannot remove expired rate-limit buckets", e);
          }
        });
  }

  /** {@code tokens} a fixed window: all come back at once when the window ends. */
  static BucketConfiguration perWindow(int tokens, Duration window) {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(tokens).refillIntervally(tokens, window))
        .build();
  }

  private static Instant ceilToSecond(Instant t) {
    return t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond() + 1);
  }

  /** Bucket4j's clock, read from {@code clock} so that tests can move time. */
  private static TimeMeter timeMeter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }
}
