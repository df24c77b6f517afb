package org.leadport.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.jspecify.annotations.Nullable;
import org.leadport.store.StatementScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the statements of a request whose client went away (docs/operations.md, "Timeouts"). A
 * streamed answer notices it on its next write; a request that waits for one statement (a search)
 * writes nothing meanwhile, and Jetty does not read a connection while its request is handled, so a
 * closed connection would go unnoticed until the statement ends or its timeout runs out.
 *
 * <p>Every request runs in a {@link StatementScope}. Once one of its statements has run for {@link
 * #PERIOD}, a watch reads the request's connection every {@code PERIOD} without waiting, as Go's
 * server does: the end of the stream means the client closed it, and the statement is cancelled
 * (PostgreSQL frees its backend at once). Bytes read instead are the client's next request
 * (HTTP/1.1 pipelining): they are handed back to Jetty, which parses them after this answer, and
 * the connection is not read again during this request. A connection is only read while the
 * request's own body has been read whole and Jetty itself is not reading it, and the statement
 * cannot end during the read (the scope's lock), so the watch never takes bytes Jetty expects.
 * Thread-safe; one per server.
 */
public final class ClientDisconnects implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnects.class);
  private static final String WATCH = "leadport.disconnectWatch";

  /** How long a statement runs before its connection is watched, and how often it is read. */
  static final Duration PERIOD = Duration.ofMillis(250);

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("leadport-disconnects").unstarted(r));

  private final ScheduledFuture<?> checks;

  public ClientDisconnects() {
    long period = PERIOD.toMillis();
    checks = timer.scheduleWithFixedDelay(this::checkAll, period, period, TimeUnit.MILLISECONDS);
  }

  /** Before-handler: runs the request in a statement scope its connection's close cancels. */
  public void watch(Context ctx) {
    StatementScope scope = StatementScope.open();
    Watch watch = new Watch(scope, connection(ctx), Requests.id(ctx));
    ctx.attribute(WATCH, watch);
    if (watch.connection != null) {
      watches.add(watch);
    }
  }

  /** After-handler: the request's statements are over. */
  public void unwatch(Context ctx) {
    Watch watch = ctx.attribute(WATCH);
    if (watch != null) {
      watches.remove(watch);
      watch.scope.close();
    }
  }

  /** True when the request's statements were cancelled because its client went away. */
  public static boolean clientLeft(Context ctx) {
    Watch watch = ctx.attribute(WATCH);
    return watch != null && watch.scope.cancelled();
  }

  private static @Nullable HttpConnection connection(Context ctx) {
    try {
      var request = ServletContextRequest.getServletContextRequest(ctx.req());
      if (request != null
          && request.getConnectionMetaData().getConnection() instanceof HttpConnection http) {
        return http;
      }
    } catch (RuntimeException e) {
      LOG.debug("request {}: no connection to watch", Requests.id(ctx), e);
    }
    return null; // HTTP/2 or a test harness: not watched, bounded by the statement timeout
  }

  private void checkAll() {
    // A copy: a watch that fails is dropped from the set while the others are checked.
    for (Watch watch : List.copyOf(watches)) {
      try {
        watch.scope.whileRunningFor(PERIOD.toNanos(), watch::check);
      } catch (RuntimeException e) {
        // Never let one connection stop the watch of every other.
        LOG.warn("request {}: cannot watch its connection", watch.requestId, e);
        watches.remove(watch);
      }
    }
  }

  @Override
  public void close() {
    checks.cancel(false);
    timer.shutdownNow();
  }

  /** One request's connection and statements. */
  private final class Watch {
    final StatementScope scope;
    final @Nullable HttpConnection connection;
    final String requestId;
    boolean reading = true; // confined to the timer thread

    Watch(StatementScope scope, @Nullable HttpConnection connection, String requestId) {
      this.scope = scope;
      this.connection = connection;
      this.requestId = requestId;
    }

    /** Runs while a statement of the request runs, its thread blocked in the database. */
    void check() {
      // Only a watch with a connection is in the set that is checked.
      HttpConnection connection = Objects.requireNonNull(this.connection, "connection");
      EndPoint endPoint = connection.getEndPoint();
      if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
        cancel();
        return;
      }
      // Jetty reading for itself (it closes the end point on the end of the stream, seen above),
      // or the body not read whole: not ours to read.
      if (!reading || endPoint.isFillInterested() || !connection.getParser().isComplete()) {
        return;
      }
      ByteBuffer next = BufferUtil.allocate(4096);
      int read;
      try {
        read = endPoint.fill(next);
      } catch (IOException e) {
        read = -1; // a reset connection
      }
      if (read < 0) {
        cancel();
      } else if (read > 0) {
        connection.onUpgradeTo(next);
        reading = false;
      }
    }

    private void cancel() {
      watches.remove(this);
      LOG.info("request {}: the client went away; cancelling its statement", requestId);
      try {
        scope.cancel();
      } catch (SQLException e) {
        LOG.warn("request {}: cannot cancel its statement", requestId, e);
      }
    }
  }
}
