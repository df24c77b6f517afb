package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.store.Database;
import org.leadport.testing.TestDatabase;

/**
 * {@link Prefetch} on a real PostgreSQL cursor: every row arrives once and in order across chunk
 * and fetch boundaries, a statement that fails half-way fails the consumer, and a consumer that
 * stops early leaves the connection usable.
 */
class PrefetchIT {
  static Database db;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** Runs {@code sql} as a server-side cursor (autocommit off, a fetch size) and hands it over. */
  interface Reading<T> {
    T read(ResultSet rs) throws Exception;
  }

  static <T> T withCursor(String sql, Reading<T> reading) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(777);
        try (ResultSet rs = ps.executeQuery()) {
          return reading.read(rs);
        }
      } finally {
        c.rollback();
      }
    }
  }

  /**
   * Text columns travel as raw bytes, others as the driver's text; six runs of one statement, so
   * that the driver has switched to a server-prepared statement (and binary transfer of the
   * integer) by the last ones.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void everyRowArrivesOnceInOrderAcrossChunksAndFetches(int run) throws Exception {
    int rows = Prefetch.CHUNK * 3 + 17;
    List<String[]> seen =
        withCursor(
            "select i, nullif(repeat('é', i % 3), ''), i::text from generate_series(1, "
                + rows
                + ") i",
            rs -> {
              List<String[]> out = new ArrayList<>();
              try (Prefetch<Object[][]> p = Prefetch.rows(rs, 3)) {
                for (Object[][] chunk = p.next(); chunk != null; chunk = p.next()) {
                  assertThat(chunk.length).isBetween(1, Prefetch.CHUNK);
                  for (Object[] raw : chunk) {
                    assertThat(raw[0]).isInstanceOf(String.class);
                    assertThat(raw[2]).isInstanceOf(byte[].class);
                    String[] row = new String[raw.length];
                    Prefetch.text(raw, row);
                    out.add(row);
                  }
                }
                assertThat(p.next()).as("after the end, the end again").isNull();
              }
              return out;
            });
    assertThat(seen).hasSize(rows);
    for (int i = 0; i < rows; i++) {
      String n = Integer.toString(i + 1);
      assertThat(seen.get(i))
          .containsExactly(n, (i + 1) % 3 == 0 ? null : "é".repeat((i + 1) % 3), n);
    }
  }

  @Test
  void anEmptyResultIsTheEndAtOnce() throws Exception {
    Object[][] first =
        withCursor(
            "select 1::text where false",
            rs -> {
              try (Prefetch<Object[][]> p = Prefetch.rows(rs, 1)) {
                return p.next();
              }
            });
    assertThat(first).isNull();
  }

  @Test
  void aStatementThatFailsHalfWayFailsTheConsumerAfterTheRowsBeforeIt() throws Exception {
    int failAt = Prefetch.CHUNK * 2 + 500;
    List<Integer> delivered = new ArrayList<>();
    assertThatThrownBy(() ->
            withCursor(
                "select (1 / (" + failAt + " - i))::text from generate_series(1, 10000) i",
                rs -> {
                  try (Prefetch<Object[][]> p = Prefetch.rows(rs, 1)) {
                    for (Object[][] c = p.next(); c != null; c = p.next()) {
                      delivered.add(c.length);
                    }
                  }
                  return null;
                }))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("division by zero");
    assertThat(delivered.stream().mapToInt(Integer::intValue).sum()).isLessThan(failAt);
  }

  @Test
  void aConsumerThatStopsEarlyLeavesTheConnectionUsable() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("select i::text from generate_series(1, 200000) i")) {
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          Prefetch<Object[][]> p = Prefetch.rows(rs, 1);
          assertThat(p.next().length).isEqualTo(Prefetch.CHUNK);
          // Returns once the reader has let go of the result set, so the statement below is safe.
          p.close();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("select 42");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
      c.rollback();
    }
  }
}
