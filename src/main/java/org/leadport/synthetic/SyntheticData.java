package org.leadport.synthetic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.leadport.json.Json;
import org.leadport.model.CustomField;
import org.leadport.model.Ids;
import org.leadport.store.CustomFieldRepository;
import org.leadport.synthetic.SyntheticRows.FieldDef;
import org.leadport.synthetic.SyntheticRows.StatusDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a workspace with deterministic synthetic leads for demos, tests and benchmarks: the same
 * seed and count give the same names, values and timestamps; only the (unguessable) ids differ.
 * Rows go in through PostgreSQL COPY in chunks generated ahead on worker threads and written by a
 * few connections at once. Each chunk is one transaction, so a failure leaves whole chunks: every
 * stored contact, opportunity, activity and address has its lead, but the call as a whole is not
 * atomic. Where the role may, chunks are written without triggers and foreign-key checks, the
 * change rows copied by the writer itself ({@link SyntheticWriter.Mode}).
 */
public final class SyntheticData {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticData.class);

  /** Chunks generated ahead of the writers; with a chunk about 10 MB, bounds memory. */
  private static final int AHEAD = 2;

  /** Generating takes about a tenth of the time PostgreSQL spends storing, so two keep ahead. */
  private static final int GENERATORS = 2;

  /**
   * Concurrent COPY connections. The server is the bottleneck (foreign-key checks and random-key
   * index inserts, one core per backend); two used both cores of the 2-core reference machine, a
   * third only added contention.
   */
  private static final int WRITERS = 2;

  /** Tells a writer that no more chunks are coming. */
  private static final SyntheticChunk END =
      new SyntheticChunk(
          new SyntheticCopy(0),
          new SyntheticCopy(0),
          new SyntheticCopy(0),
          new SyntheticCopy(0),
          new SyntheticCopy(0),
          new SyntheticItems(0),
          List.of());

  private SyntheticData() {}

  /** Counts of what one seed call wrote. */
  public record Result(
      long leads, long contacts, long opportunities, long activities, long addresses, long millis) {

    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("leads", leads);
      o.put("contacts", contacts);
      o.put("opportunities", opportunities);
      o.put("activities", activities);
      o.put("addresses", addresses);
      o.put("millis", millis);
      return o;
    }
  }

  /**
   * Adds {@code leads} generated leads with their contacts, opportunities, activities and addresses
   * to the workspace, creating the standard statuses and custom fields it lacks.
   */
  public static Result seed(Jdbi jdbi, String workspaceId, int leads, long seed) {
    return seed(jdbi, workspaceId, leads, seed, SyntheticWriter.Mode.of(jdbi));
  }

  /** {@link #seed(Jdbi, String, int, long)} writing the chunks as {@code mode} says. */
  static Result seed(
      Jdbi jdbi, String workspaceId, int leads, long seed, SyntheticWriter.Mode mode) {
    if (leads < 0) {
      throw new IllegalArgumentException("leads must not be negative, was " + leads);
    }
    long start = System.nanoTime();
    SeedTimes times = new SeedTimes();
    List<String> statusIds = jdbi.inTransaction(h -> ensureStatuses(h, workspaceId));
    Map<String, CustomField> byName = jdbi.inTransaction(h -> ensureFields(h, workspaceId));
    List<FieldDef> fields = new ArrayList<>();
    List<String> fieldIds = new ArrayList<>();
    for (FieldDef f : SyntheticRows.FIELDS) {
      // A field of that name may already exist with another type; generate what it holds.
      // ensureFields made (or found) a field of every name.
      CustomField actual = Objects.requireNonNull(byName.get(f.name()), f.name());
      fields.add(new FieldDef(f.name(), actual.type(), actual.choices()));
      fieldIds.add(actual.id());
    }
    int chunks = SyntheticRows.chunks(leads);
    long loadStart = System.nanoTime();
    BlockingQueue<SyntheticChunk> queue = new ArrayBlockingQueue<>(AHEAD);
    AtomicInteger nextChunk = new AtomicInteger();
    AtomicInteger generating = new AtomicInteger(GENERATORS);
    SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());
    ExecutorService pool = Executors.newFixedThreadPool(GENERATORS + WRITERS, daemonThreads());
    CompletionService<long[]> tasks = new ExecutorCompletionService<>(pool);
    long[] counts = new long[5];
    try {
      for (int g = 0; g < GENERATORS; g++) {
        SplittableRandom idBits = ids.split();
        tasks.submit(() -> {
          long t = System.nanoTime();
          for (int k = nextChunk.getAndIncrement(); k < chunks; k = nextChunk.getAndIncrement()) {
            List<SyntheticRows.LeadRow> rows = SyntheticRows.chunk(seed, k, leads, fields);
            SyntheticChunk chunk =
                SyntheticChunk.encode(rows, workspaceId, statusIds, fieldIds, idBits);
            t = SeedTimes.add(times.generating, t);
            queue.put(chunk);
            t = SeedTimes.add(times.waitingForRoom, t);
          }
          if (generating.decrementAndGet() == 0) {
            for (int w = 0; w < WRITERS; w++) {
              queue.put(END);
            }
          }
          return new long[5];
        });
      }
      SyntheticWriter writer = new SyntheticWriter(jdbi, mode, workspaceId);
      for (int w = 0; w < WRITERS; w++) {
        tasks.submit(() -> writer.write(queue, END, times));
      }
      for (int i = 0; i < GENERATORS + WRITERS; i++) {
        long[] done = await(tasks.take());
        for (int t = 0; t < counts.length; t++) {
          counts[t] += done[t];
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while seeding", e);
    } finally {
      stop(pool);
    }
    long cleanStart = System.nanoTime();
    // Merge what the bulk load left in the search index's pending list now, so the first
    // searches after a seed do not scan it row by row.
    jdbi.useHandle(h ->
        h.createQuery("select gin_clean_pending_list('leads_search_trgm'::regclass)")
            .mapTo(Long.class)
            .one());
    long end = System.nanoTime();
    long millis = SeedTimes.millis(start, end);
    // Once per seed: which way the chunks were written and which side held the other up, so a slow
    // seed on some deployment says whether its role took the replica path and where time went.
    LOG.info(
        "seed of {} leads into {}: {} ms, mode {}, {} writers; setup {} ms, load {} ms (writers"
            + " copying {} ms, waiting for chunks {} ms; generators generating {} ms, waiting for"
            + " room {} ms), search index pending list {} ms",
        counts[0],
        workspaceId,
        millis,
        mode.name().toLowerCase(Locale.ROOT),
        WRITERS,
        SeedTimes.millis(start, loadStart),
        SeedTimes.millis(loadStart, cleanStart),
        SeedTimes.millis(times.writing),
        SeedTimes.millis(times.waitingForChunks),
        SeedTimes.millis(times.generating),
        SeedTimes.millis(times.waitingForRoom),
        SeedTimes.millis(cleanStart, end));
    return new Result(counts[0], counts[1], counts[2], counts[3], counts[4], millis);
  }

  /**
   * Interrupts whatever still runs (after a failure: generators blocked on a full queue, writers
   * waiting for chunks) and waits for it, so no connection is still in use when seed returns.
   */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("seeding threads did not stop within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "synthetic-data-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static long[] await(Future<long[]> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("seeding synthetic data failed", e.getCause());
    }
  }

  /** Ids of {@link SyntheticRows#STATUSES}, in order, creating the missing ones at the end. */
  private static List<String> ensureStatuses(Handle h, String ws) {
    Timestamp at = Timestamp.from(created());
    for (StatusDef s : SyntheticRows.STATUSES) {
      h.createUpdate(
              """
              insert into status_stages
                (id, workspace_id, label, type, position, created_at, updated_at)
              select :id, :ws, :label, :type, coalesce(max(position) + 1, 0), :at, :at
              from status_stages where workspace_id = :ws
              on conflict (workspace_id, label) do nothing
              """)
          .bind("id", Ids.status())
          .bind("ws", ws)
          .bind("label", s.label())
          .bind("type", s.type())
          .bind("at", at)
          .execute();
    }
    Map<String, String> ids = new HashMap<>();
    h.createQuery("select label, id from status_stages where workspace_id = :ws")
        .bind("ws", ws)
        .map((rs, ctx) -> ids.put(rs.getString("label"), rs.getString("id")))
        .list();
    return SyntheticRows.STATUSES.stream()
        .map(s -> Objects.requireNonNull(ids.get(s.label()), s.label()))
        .toList();
  }

  /** The workspace's fields named like {@link SyntheticRows#FIELDS}, creating missing ones. */
  private static Map<String, CustomField> ensureFields(Handle h, String ws) {
    Timestamp at = Timestamp.from(created());
    for (FieldDef f : SyntheticRows.FIELDS) {
      h.createUpdate(
              """
              insert into custom_fields (id, workspace_id, name, type, choices, created_at,
                updated_at)
              values (:id, :ws, :name, :type, :choices, :at, :at)
              on conflict (workspace_id, name) do nothing
              """)
          .bind("id", Ids.customField())
          .bind("ws", ws)
          .bind("name", f.name())
          .bind("type", f.type().wireName())
          .bindArray("choices", String.class, f.choices())
          .bind("at", at)
          .execute();
    }
    return h
        .createQuery("select * from custom_fields where workspace_id = :ws")
        .bind("ws", ws)
        .map(CustomFieldRepository.MAPPER)
        .list()
        .stream()
        .collect(Collectors.toMap(CustomField::name, Function.identity()));
  }

  /** When the seeded statuses and fields say they were made: just before the oldest lead. */
  private static Instant created() {
    long micros = SyntheticRows.ANCHOR - SyntheticRows.SPAN - SyntheticRows.DAY;
    return Instant.ofEpochSecond(micros / 1_000_000);
  }
}
