package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.json.Json;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.Sql;
import org.leadport.query.WalkPosition;
import org.leadport.store.Database;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.TestDatabase;

/**
 * An export reads its own workspace's leads only (issue 18: one workspace among a thousand others
 * exports as fast as alone). Not timed: the plans of the lead export's statements (the whole
 * export, a sync segment, its boundary and the count) for a small workspace beside a large one read
 * leads through an index whose first column is {@code workspace_id}, never by a scan of the whole
 * table.
 */
class ExportPlansIT {
  private static final ExportOptions OPTIONS =
      ExportOptions.builder().dateFormat(DateFormat.ISO8601).build();

  private static Database db;
  private static Jdbi jdbi;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh();
    jdbi = db.jdbi();
    workspace("ws_small");
    workspace("ws_big");
    SyntheticData.seed(jdbi, "ws_big", 5_000, 11);
    SyntheticData.seed(jdbi, "ws_small", 100, 12);
    jdbi.useHandle(h -> h.execute("vacuum analyze"));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void everyLeadExportStatementReadsLeadsByAWorkspaceIndex() {
    ExportStatement whole = new ExportStatement(spec(null, null));
    ExportStatement segment =
        new ExportStatement(
            spec(new WalkPosition(new Position(Instant.EPOCH, "lead_0"), null), 10_000));
    ExportColumns.Set columns = ExportColumns.of(RowType.LEADS, OPTIONS, List.of());
    List<Sql> statements =
        List.of(
            whole.rows(columns, null),
            whole.count(),
            segment.rows(columns, new Position(Instant.now(), "lead_z")),
            segment.boundary(),
            segment.count());
    for (Sql statement : statements) {
      List<String> leadScans = leadScans(statement);
      assertThat(leadScans).as(statement.inlined()).isNotEmpty();
      for (String scan : leadScans) {
        assertThat(scan).as(statement.inlined()).startsWith("index ");
        assertThat(firstColumn(scan.substring("index ".length())))
            .as(statement.inlined())
            .isEqualTo("workspace_id");
      }
    }
  }

  private static ExportSpec spec(
      @org.jspecify.annotations.Nullable WalkPosition after,
      @org.jspecify.annotations.Nullable Integer segmentLimit) {
    return new ExportSpec(
        "ws_small",
        RowType.LEADS,
        ExportFormat.CSV,
        ObjectKind.LEAD,
        new Query.All(),
        false,
        List.of(),
        null,
        after,
        segmentLimit,
        OPTIONS);
  }

  /**
   * How the plan of {@code statement} reads the leads table: {@code "index <name>"} for each index
   * scan of it, {@code "seq"} (or another node type) for anything else.
   */
  private static List<String> leadScans(Sql statement) {
    String plan =
        jdbi.withHandle(h ->
            h.createQuery("explain (format json) " + statement.inlined())
                .mapTo(String.class)
                .one());
    List<String> out = new ArrayList<>();
    try {
      walk(Json.parse(plan).get(0).get("Plan"), out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static void walk(JsonNode node, List<String> out) {
    if ("leads".equals(node.path("Relation Name").asText(null))) {
      String type = node.path("Node Type").asText();
      if (type.equals("Bitmap Heap Scan")) {
        // Its indexes are on the Bitmap Index Scans below it, which name no relation.
        indexes(node, out);
      } else {
        out.add(
            type.contains("Index")
                ? "index " + node.path("Index Name").asText()
                : type.toLowerCase(java.util.Locale.ROOT));
      }
    }
    for (JsonNode child : node.path("Plans")) {
      walk(child, out);
    }
  }

  private static void indexes(JsonNode node, List<String> out) {
    for (JsonNode child : node.path("Plans")) {
      if (child.has("Index Name")) {
        out.add("index " + child.path("Index Name").asText());
      }
      indexes(child, out);
    }
  }

  /** The first key column of the index {@code name}. */
  private static String firstColumn(String name) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select a.attname from pg_index i join pg_class c on c.oid = i.indexrelid"
                    + " join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]"
                    + " where c.relname = :name")
            .bind("name", name)
            .mapTo(String.class)
            .one());
  }

  private static void workspace(String ws) {
    jdbi.useHandle(h ->
        h.execute(
            "insert into workspaces (id, name, created_at, updated_at) values (?, ?, now(), now())",
            ws,
            ws));
  }
}
