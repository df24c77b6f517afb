package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.leadport.LeadportException;

class TransientFailuresTest {
  @Test
  void aLostConnectionOrAShutdownIsTheDatabaseUnavailableAndRetryable() {
    for (String state : new String[] {"08006", "08001", "57P01", "57P02", "57P03", "53300"}) {
      RuntimeException wrapped = new IllegalStateException(new SQLException("gone", state));
      assertThat(TransientFailures.databaseUnavailable(wrapped)).as(state).isTrue();
      assertThat(TransientFailures.retryable(wrapped)).as(state).isTrue();
    }
    var poolTimeout = new RuntimeException(new SQLTransientConnectionException("no connection"));
    assertThat(TransientFailures.databaseUnavailable(poolTimeout)).isTrue();
  }

  @Test
  void aSerializationFailureOrStorageIoIsRetryableButNotAnOutage() {
    for (Throwable t :
        new Throwable[] {
          new SQLException("serialize", "40001"),
          new SQLException("deadlock", "40P01"),
          new UncheckedIOException(new IOException("disk hiccup"))
        }) {
      assertThat(TransientFailures.retryable(t)).as(t.toString()).isTrue();
      assertThat(TransientFailures.databaseUnavailable(t)).as(t.toString()).isFalse();
    }
  }

  @Test
  void aStatementTimeoutInputErrorsAndBugsAreNotRetried() {
    SQLException timeout = new SQLException("canceling statement", "57014");
    assertThat(TransientFailures.statementCanceled(new RuntimeException(timeout))).isTrue();
    assertThat(TransientFailures.retryable(timeout)).isFalse();
    assertThat(TransientFailures.databaseUnavailable(timeout)).isFalse();
    assertThat(TransientFailures.retryable(new SQLException("bad", "22007"))).isFalse();
    assertThat(TransientFailures.retryable(LeadportException.invalid("to", "bad date"))).isFalse();
    assertThat(TransientFailures.retryable(new IllegalStateException("bug"))).isFalse();
    assertThat(TransientFailures.statementCanceled(new IllegalStateException("bug"))).isFalse();
  }
}
