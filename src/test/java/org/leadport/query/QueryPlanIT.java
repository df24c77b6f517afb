package org.leadport.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.TestServer;

/**
 * The compiled SQL can use the indexes meant for it. Sequential scans are switched off so the plan
 * shows whether an index applies at all, whatever the table's size.
 */
class QueryPlanIT {
  static TestServer server;
  static String workspace;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    workspace = server.tenant("plans").workspaceId();
    SyntheticData.seed(server.leadport().services().database().jdbi(), workspace, 300, 5);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Query query(String kind) {
    Fields f = Fields.STANDARD;
    return switch (kind) {
      case "updated" ->
          new Query.Match(
              f.regular(ObjectKind.LEAD, "date_updated").orElseThrow(),
              new Condition.MomentRange(null, Instant.parse("2025-01-01T00:00:00Z"), null, null));
      case "status" ->
          new Query.Match(
              f.regular(ObjectKind.LEAD, "status_id").orElseThrow(),
              new Condition.Term(List.of("stat_x")));
      case "source" ->
          new Query.Match(
              f.regular(ObjectKind.LEAD, "source").orElseThrow(),
              new Condition.Term(List.of("google")));
      case "text" ->
          new Query.Match(
              f.regular(ObjectKind.LEAD, "display_name").orElseThrow(),
              new Condition.Text(Condition.TextMode.FULL_WORDS, "acme rocket"));
      case "token" ->
          new Query.Match(
              f.regular(ObjectKind.LEAD, "display_name").orElseThrow(),
              new Condition.Text(Condition.TextMode.TOKEN_PATTERN, "rock*"));
      case "free" -> new Query.FreeText("ann@acme");
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @CsvSource({
    "updated,leads_ws_updated",
    "status,leads_ws_status",
    "source,leads_ws_source",
    "text,leads_search_trgm",
    "token,leads_search_trgm",
    "free,leads_search_trgm",
  })
  void usesTheIndex(String kind, String index) {
    Sql where = QueryCompiler.lead(query(kind), "l");
    // On a small table the workspace index is the cheaper way in, whatever else applies; text
    // plans are checked without it, so the trigram index is the only index that can serve them.
    if (!index.endsWith("_trgm")) {
      where = Sql.text("l.workspace_id = ").bind(workspace).append(" and ").append(where);
    }
    Sql.Bound explained = Sql.text("explain select l.id from leads l where ").append(where).bound();
    String plan =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .inTransaction((Handle h) -> {
              h.execute("set local enable_seqscan = off");
              return String.join(
                  "\n",
                  h.createQuery(explained.sql())
                      .bindMap(explained.binds())
                      .mapTo(String.class)
                      .list());
            });
    assertThat(plan).as(plan).contains(index);
  }
}
