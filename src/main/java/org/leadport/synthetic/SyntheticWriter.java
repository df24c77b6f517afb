package org.leadport.synthetic;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.leadport.store.ExportProjection;
import org.leadport.store.ItemKind;
import org.leadport.store.LeadItems;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes encoded chunks into the database over one connection, each chunk in its own transaction:
 * leads first, then the rows whose foreign keys need them.
 */
final class SyntheticWriter {
  /**
   * How a chunk's transaction has its rows checked and its changes logged. The seed's rows are
   * consistent by construction (a chunk's children reference its own leads, every lead the
   * workspace and the statuses {@link SyntheticData} has just made or found), so the per-row
   * foreign-key checks find nothing; and the only change a seeded lead has is its creation.
   */
  enum Mode {
    /** As any writer: foreign keys checked, the change-log and projection triggers fire. */
    TRIGGERS,
    /**
     * {@code session_replication_role = replica} for the chunk's transaction: PostgreSQL skips the
     * foreign-key checks and every ordinary trigger of that transaction only (other sessions keep
     * theirs), and the writer copies the change rows the leads' trigger would have written itself.
     * Needs a role that may set the parameter: a superuser (the embedded server's) or, from
     * PostgreSQL 15, one granted {@code SET ON PARAMETER session_replication_role}.
     */
    REPLICA;

    /** {@link #REPLICA} where the connected role may use it, else {@link #TRIGGERS}. */
    static Mode of(Jdbi jdbi) {
      return jdbi.withHandle(Mode::of);
    }

    /** {@link #REPLICA} where the role of {@code h} may use it, else {@link #TRIGGERS}. */
    static Mode of(Handle h) {
      boolean superuser =
          h.createQuery("select current_setting('is_superuser') = 'on'").mapTo(Boolean.class).one();
      if (superuser) {
        return REPLICA;
      }
      int version =
          h.createQuery("select current_setting('server_version_num')::int")
              .mapTo(Integer.class)
              .one();
      // has_parameter_privilege exists from 15 on; before, only a superuser may set it.
      boolean granted =
          version >= 150_000
              && h.createQuery("select has_parameter_privilege('session_replication_role', 'SET')")
                  .mapTo(Boolean.class)
                  .one();
      return granted ? REPLICA : TRIGGERS;
    }
  }

  private static final String CHANGE_COLUMNS =
      "lead_changes (workspace_id, xid, lead_id, op, changed_at)";

  private final Jdbi jdbi;
  private final Mode mode;
  private final String workspaceId;

  SyntheticWriter(Jdbi jdbi, Mode mode, String workspaceId) {
    this.jdbi = jdbi;
    this.mode = mode;
    this.workspaceId = workspaceId;
  }

  /**
   * Writes chunks from {@code queue} until {@code end}, each in its own transaction, and returns
   * the rows written per table. Writers on separate connections never share a chunk, so no
   * transaction waits for another's leads.
   */
  long[] write(BlockingQueue<SyntheticChunk> queue, SyntheticChunk end, SeedTimes times)
      throws InterruptedException, SQLException {
    long[] counts = new long[5];
    try (Handle h = jdbi.open()) {
      CopyManager copy = h.getConnection().unwrap(PGConnection.class).getCopyAPI();
      long at = System.nanoTime();
      for (SyntheticChunk c = queue.take(); c != end; c = queue.take()) {
        at = SeedTimes.add(times.waitingForChunks, at);
        SyntheticChunk chunk = c;
        long[] written = h.inTransaction(tx -> write(tx, copy, chunk));
        for (int t = 0; t < counts.length; t++) {
          counts[t] += written[t];
        }
        at = SeedTimes.add(times.writing, at);
      }
      SeedTimes.add(times.waitingForChunks, at);
    }
    return counts;
  }

  private long[] write(Handle tx, CopyManager copy, SyntheticChunk chunk) throws SQLException {
    // Losing the last chunks in a crash is fine for synthetic data; waiting for every commit's
    // WAL flush is not.
    tx.execute("set local synchronous_commit = off");
    // The lead rows carry their export projection already (SyntheticChunk): the triggers on
    // contacts and addresses skip looking every lead up again.
    ExportProjection.declareWritten(tx);
    // Each lead's lead_items row is copied below, rendered from the chunk's values, not computed by
    // the item triggers per COPY.
    LeadItems.declareWritten(tx);
    if (mode == Mode.REPLICA) {
      tx.execute("set local session_replication_role = replica");
    }
    long[] written = {
      copy(copy, SyntheticChunk.LEAD_COLUMNS, chunk.leads()),
      copy(copy, SyntheticChunk.CONTACT_COLUMNS, chunk.contacts()),
      copy(copy, SyntheticChunk.OPPORTUNITY_COLUMNS, chunk.opportunities()),
      copy(copy, SyntheticChunk.ACTIVITY_COLUMNS, chunk.activities()),
      copy(copy, SyntheticChunk.ADDRESS_COLUMNS, chunk.addresses())
    };
    if (mode == Mode.REPLICA) {
      copy(copy, CHANGE_COLUMNS, changes(tx, chunk));
    }
    // In both modes: replica skips the triggers, the flag above the other. The leads the chunk
    // could not render (activities at the same time) are computed by the function, as any writer's.
    copy(copy, SyntheticItems.COLUMNS, chunk.items().rows());
    LeadItems.write(tx, chunk.items().recomputed(), Set.copyOf(ItemKind.all()));
    return written;
  }

  /**
   * The change rows the leads' insert trigger (migrations V15, V18, V19) writes for these leads:
   * one per lead, "created" (a seeded lead has no deleted_at), at this transaction's id and start
   * time, both as the server spells them.
   */
  private SyntheticCopy changes(Handle tx, SyntheticChunk chunk) {
    var now =
        tx.createQuery("select pg_current_xact_id()::text as xid, now()::text as at")
            .mapToMap(String.class)
            .one();
    String xid = now.get("xid");
    String at = now.get("at");
    SyntheticCopy rows = new SyntheticCopy(chunk.leadIds().size() * 80);
    for (String id : chunk.leadIds()) {
      rows.text(workspaceId).text(xid).text(id).text("created").text(at).endRow();
    }
    return rows;
  }

  private static long copy(CopyManager copy, String table, SyntheticCopy rows) throws SQLException {
    if (rows.rows() == 0) {
      return 0;
    }
    CopyIn in = copy.copyIn("COPY " + table + " FROM STDIN (FORMAT text)");
    try {
      in.writeToCopy(rows.array(), 0, rows.length());
      return in.endCopy();
    } catch (SQLException | RuntimeException e) {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException cancel) {
          e.addSuppressed(cancel);
        }
      }
      throw e;
    }
  }
}
