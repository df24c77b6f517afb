package org.leadport.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * The statements one unit of work (an HTTP request) runs on its own thread, so that another thread
 * can cancel them when the work is abandoned: a client that went away (docs/operations.md,
 * "Timeouts"). A scope is bound to the thread that opens it; {@link #CUSTOMIZER}, installed on a
 * {@link org.jdbi.v3.core.Jdbi}, tracks every statement that thread executes through it while it
 * runs. Once cancelled, a scope's running statements are cancelled (PostgreSQL ends them at once,
 * SQL state {@code 57014}) and its further statements fail before they are sent. Thread-safe.
 */
public final class StatementScope {
  /** SQL state of a statement cancelled on request, as PostgreSQL reports it. */
  static final String CANCELED = "57014";

  private static final ThreadLocal<StatementScope> CURRENT = new ThreadLocal<>();

  /** Tracks the statements of the scope bound to the executing thread, if any. */
  public static final StatementCustomizer CUSTOMIZER =
      new StatementCustomizer() {
        @Override
        public void beforeExecution(java.sql.PreparedStatement stmt, StatementContext ctx)
            throws SQLException {
          StatementScope scope = CURRENT.get();
          if (scope != null) {
            scope.started(stmt);
            ctx.addCleanable(() -> scope.ended(stmt));
          }
        }

        @Override
        public void afterExecution(java.sql.PreparedStatement stmt, StatementContext ctx) {
          StatementScope scope = CURRENT.get();
          if (scope != null) {
            scope.ended(stmt);
          }
        }
      };

  private final Set<Statement> running = new HashSet<>(); // guarded by this
  private long runningSince; // guarded by this; System.nanoTime() of the oldest running
  private boolean cancelled; // guarded by this

  private StatementScope() {}

  /** A scope bound to the calling thread until {@link #close()}. */
  public static StatementScope open() {
    StatementScope scope = new StatementScope();
    CURRENT.set(scope);
    return scope;
  }

  /** Unbinds the scope from the calling thread (which must be the one that opened it). */
  public void close() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }

  private synchronized void started(Statement stmt) throws SQLException {
    if (cancelled) {
      throw new SQLException("canceling statement: its request was abandoned", CANCELED);
    }
    if (running.isEmpty()) {
      runningSince = System.nanoTime();
    }
    running.add(stmt);
  }

  private synchronized void ended(Statement stmt) {
    running.remove(stmt);
  }

  /**
   * Runs {@code check} while no statement of this scope can end, if one has been running for at
   * least {@code nanos}: the thread that runs them is blocked in the database meanwhile.
   */
  public synchronized void whileRunningFor(long nanos, Runnable check) {
    if (!running.isEmpty() && System.nanoTime() - runningSince >= nanos) {
      check.run();
    }
  }

  /**
   * Cancels the running statements and refuses further ones.
   *
   * @throws SQLException when the cancel request could not be sent
   */
  public synchronized void cancel() throws SQLException {
    cancelled = true;
    for (Statement stmt : running) {
      stmt.cancel();
    }
  }

  /** True once {@link #cancel()} was called. */
  public synchronized boolean cancelled() {
    return cancelled;
  }
}
