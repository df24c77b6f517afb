package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.testing.ClassDatabase;

/**
 * An export's transaction gets its snapshot's settings from one statement sent with the BEGIN
 * ({@link RowSource#snapshotSettings}): repeatable read, read only, its own statement timeout, and
 * JIT off for a sync segment; none of it outlives the transaction on the pooled connection.
 */
class SnapshotSettingsIT {
  @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
  private static final Jdbi jdbi = DB.jdbi();

  @Test
  void aSegmentReadsARepeatableReadOnlySnapshotWithoutJit() {
    try (Handle h = jdbi.open()) {
      List<String> inside =
          h.inTransaction(tx -> {
            tx.execute(RowSource.snapshotSettings(Duration.ofSeconds(42), true));
            return settings(tx);
          });
      assertThat(inside).containsExactly("repeatable read", "on", "42s", "off");
      assertThat(settings(h).subList(0, 2)).containsExactly("read committed", "off");
    }
  }

  @Test
  void aWholeExportKeepsJitAndTakesItsOwnTimeout() {
    try (Handle h = jdbi.open()) {
      String jit = h.createQuery("show jit").mapTo(String.class).one();
      List<String> inside =
          h.inTransaction(tx -> {
            tx.execute(RowSource.snapshotSettings(Duration.ofMinutes(30), false));
            return settings(tx);
          });
      assertThat(inside).containsExactly("repeatable read", "on", "30min", jit);
    }
  }

  @Test
  void theSnapshotDoesNotSeeWhatCommitsAfterItsFirstRead() {
    jdbi.useHandle(h -> h.execute("create table snapshot_probe (n int)"));
    try (Handle h = jdbi.open()) {
      long[] counts =
          h.inTransaction(tx -> {
            tx.execute(RowSource.snapshotSettings(Duration.ofSeconds(10), true));
            long before = count(tx);
            jdbi.useHandle(other -> other.execute("insert into snapshot_probe values (1)"));
            return new long[] {before, count(tx)};
          });
      assertThat(counts).containsExactly(0, 0);
      assertThat(count(h)).isEqualTo(1);
    }
  }

  private static long count(Handle h) {
    return h.createQuery("select count(*) from snapshot_probe").mapTo(Long.class).one();
  }

  private static List<String> settings(Handle h) {
    return h.createQuery(
            "select current_setting('transaction_isolation'),"
                + " current_setting('transaction_read_only'),"
                + " current_setting('statement_timeout'), current_setting('jit')")
        .map((rs, ctx) ->
            List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .one();
  }
}
