package org.leadport.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.store.ItemKind;
import org.leadport.synthetic.SyntheticWriter.Mode;
import org.leadport.testing.ClassDatabase;
import org.leadport.testing.StoredItems;

/**
 * The seed's two ways of writing a chunk leave the same rows: with the triggers and foreign-key
 * checks of any writer, and in {@code session_replication_role = replica}, where the writer copies
 * the change rows itself. Two chunks and a bit (5,000 leads a chunk), so more than one transaction.
 */
class SyntheticWriterIT {
  private static final int LEADS = 10_500;
  private static final List<String> ITEMS =
      List.of("contacts", "opportunities", "activities", "addresses");

  @RegisterExtension static final ClassDatabase DB = new ClassDatabase();
  private static final Jdbi jdbi = DB.jdbi();

  @Test
  void replicaModeWritesTheRowsAndChangesTheTriggersWould() {
    assumeThat(Mode.of(jdbi))
        .as("a role that may set session_replication_role")
        .isEqualTo(Mode.REPLICA);
    workspace("ws_triggers");
    workspace("ws_replica");
    SyntheticData.Result triggers =
        SyntheticData.seed(jdbi, "ws_triggers", LEADS, 3, Mode.TRIGGERS);
    SyntheticData.Result replica = SyntheticData.seed(jdbi, "ws_replica", LEADS, 3, Mode.REPLICA);

    assertThat(replica.leads()).isEqualTo(LEADS);
    assertThat(
            List.of(
                replica.contacts(),
                replica.opportunities(),
                replica.activities(),
                replica.addresses()))
        .isEqualTo(
            List.of(
                triggers.contacts(),
                triggers.opportunities(),
                triggers.activities(),
                triggers.addresses()));
    for (String ws : List.of("ws_triggers", "ws_replica")) {
      // One "created" change a lead, nothing else: the items' triggers add none for a lead created
      // in their transaction, and replica mode has none to add.
      assertThat(
              one(
                  """
                  select count(*) as changes, count(distinct lead_id) as leads,
                         count(*) filter (where op <> 'created') as other,
                         count(distinct xid) as transactions,
                         count(distinct (xid, changed_at)) as times
                  from lead_changes where workspace_id = :ws
                  """,
                  ws))
          .as(ws)
          .isEqualTo(
              Map.of(
                  "changes", (long) LEADS,
                  "leads", (long) LEADS,
                  "other", 0L,
                  "transactions", 3L,
                  "times", 3L));
      assertThat(
              one(
                  "select count(*) as unlogged from leads l where workspace_id = :ws and not exists"
                      + " (select from lead_changes c where c.workspace_id = l.workspace_id"
                      + " and c.lead_id = l.id)",
                  ws))
          .as(ws)
          .isEqualTo(Map.of("unlogged", 0L));
      // Each lead's lead_items row (V21) is what the lookup gives, in both modes.
      assertThat(StoredItems.different(jdbi, ws)).as(ws).isEmpty();
      assertThat(StoredItems.withItems(jdbi, ws, ItemKind.ACTIVITIES)).as(ws).isPositive();
      // The rows the seed renders itself (SyntheticItems) are those the function would write: one
      // a lead with items (every seeded lead has a contact), no other.
      assertThat(
              one(
                  "select count(*) as rows, count(*) filter (where li.contacts is null) as bare"
                      + " from lead_items li join leads l on l.id = li.lead_id"
                      + " where l.workspace_id = :ws",
                  ws))
          .as(ws)
          .isEqualTo(Map.of("rows", (long) LEADS, "bare", 0L));
      // Every item's lead is there (replica mode skips the foreign keys' checks, not their truth).
      for (String table : ITEMS) {
        assertThat(
                one(
                    "select count(*) as orphans from "
                        + table
                        + " i where workspace_id = :ws and"
                        + " not exists (select from leads l where l.id = i.lead_id"
                        + " and l.workspace_id = i.workspace_id)",
                    ws))
            .as(ws + " " + table)
            .isEqualTo(Map.of("orphans", 0L));
      }
    }
    // The change rows were taken in the seed's transactions, not before or after them: each
    // transaction's time is when its leads say they were written to the database (xmin's xid).
    assertThat(
            one(
                "select count(*) as mismatched from leads l join lead_changes c"
                    + " on c.workspace_id = l.workspace_id and c.lead_id = l.id"
                    + " where l.workspace_id = :ws and c.xid::text::xid <> l.xmin",
                "ws_replica"))
        .isEqualTo(Map.of("mismatched", 0L));
  }

  @Test
  void aRoleThatMayNotSetTheReplicationRoleWritesWithTriggers() {
    jdbi.useHandle(h -> {
      h.execute("create role seed_writer_plain nologin");
      try {
        h.execute("set role seed_writer_plain");
        assertThat(Mode.of(h)).isEqualTo(Mode.TRIGGERS);
        h.execute("reset role");
      } finally {
        h.execute("reset role");
        h.execute("drop role seed_writer_plain");
      }
    });
  }

  private static Map<String, Object> one(String sql, String ws) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("ws", ws).mapToMap().one());
  }

  private static void workspace(String ws) {
    DB.workspace(ws);
  }
}
