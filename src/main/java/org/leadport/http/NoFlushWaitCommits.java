package org.leadport.http;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The rate limiter's view of the pool: connections whose transactions' commits return before
 * PostgreSQL has flushed them to disk ({@code set local synchronous_commit = off} as the first
 * statement of each transaction begun with {@code setAutoCommit(false)}, for that transaction only;
 * the pooled connection keeps the database's setting).
 *
 * <p>Why: every request of an API key commits its bucket (Bucket4j's select for update and update;
 * a key's first request also commits the bucket's insert), and waiting for the WAL flush was a
 * measurable part of a sync export segment (bench/log/2026-12-07-issue18.md), as it was for the
 * export budget ({@link org.leadport.jobs.ExportBudget}), which made the same trade. Other sessions
 * and nodes see the bucket's new state at once either way. Only a crash of PostgreSQL itself can
 * lose what it committed in its last moments (the WAL writer's delay, 200 ms by default): a bucket
 * update lost there only forgives the few requests of those moments, and a bucket insert lost is
 * made again by the next request. A rate limit is a fair-use limit, not a ledger: that is the
 * trade. The price is one round trip more per transaction, well under a millisecond against a
 * flush.
 */
final class NoFlushWaitCommits implements DataSource {
  private final DataSource pool;

  NoFlushWaitCommits(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(pool.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(pool.getConnection(username, password));
  }

  private static Connection wrap(Connection connection) {
    InvocationHandler handler =
        (Object proxy, Method method, Object[] args) -> {
          Object result;
          try {
            result = method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            // The connection's own exception, not the reflection's wrapper.
            throw e.getCause();
          }
          if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0])) {
            // A transaction begins (Bucket4j's every one does so): its first statement, sent
            // with the driver's BEGIN.
            try (Statement s = connection.createStatement()) {
              s.execute("set local synchronous_commit = off");
            }
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            NoFlushWaitCommits.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return pool.isWrapperFor(iface);
  }
}
