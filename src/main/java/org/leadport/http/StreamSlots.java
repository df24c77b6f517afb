package org.leadport.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.leadport.LeadportException;

/**
 * How many streamed exports (sync segments, JSON:API renders) one workspace may have open at once
 * on this node ({@code LEADPORT_STREAMS_PER_WORKSPACE}): each holds a thread, a read-ahead buffer
 * and, while its rows are read, export connections, so one tenant's many or slow clients cannot
 * take what its neighbours need (docs/operations.md, "Limits"). One more is a 429 {@code
 * too_many_streams} with {@code Retry-After}. Counted per process: the database pool it protects is
 * per process too. Thread-safe.
 */
public final class StreamSlots {
  /** What a refused client is told to wait: a stream of a busy workspace ends any moment. */
  public static final long RETRY_AFTER_SECONDS = 1;

  private final int perWorkspace;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
  private final Counter rejections;

  /**
   * @param perWorkspace streams one workspace may have open at once
   * @param metrics where refusals are counted ({@code leadport.ratelimit.rejections}, group {@code
   *     streams})
   */
  public StreamSlots(int perWorkspace, MeterRegistry metrics) {
    if (perWorkspace < 1) {
      throw new IllegalArgumentException("perWorkspace must be at least 1, was " + perWorkspace);
    }
    this.perWorkspace = perWorkspace;
    this.rejections =
        Counter.builder("leadport.ratelimit.rejections")
            .description("Requests refused with a 429 by the rate limiter")
            .tag("group", "streams")
            .register(metrics);
  }

  /** One open stream of a workspace; closing it (once or more) gives the slot back. */
  public final class Slot implements AutoCloseable {
    private final String workspaceId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Slot(String workspaceId) {
      this.workspaceId = workspaceId;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        open.computeIfPresent(workspaceId, (ws, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  /** Takes a slot of {@code workspaceId}, or throws the 429 when all of them are taken. */
  public Slot take(String workspaceId) {
    boolean[] taken = {false};
    open.compute(
        workspaceId,
        (ws, n) -> {
          int now = n == null ? 0 : n;
          if (now >= perWorkspace) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    if (!taken[0]) {
      rejections.increment();
      throw LeadportException.tooMany(
          "too_many_streams",
          "This workspace already has "
              + perWorkspace
              + " exports streaming, its limit; retry after "
              + RETRY_AFTER_SECONDS
              + " s.",
          RETRY_AFTER_SECONDS);
    }
    return new Slot(workspaceId);
  }

  /** Streams open now for {@code workspaceId}. */
  public int open(String workspaceId) {
    return open.getOrDefault(workspaceId, 0);
  }
}
