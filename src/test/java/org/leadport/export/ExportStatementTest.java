package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.query.FieldRef;
import org.leadport.query.KeysetCursor.Position;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;
import org.leadport.query.Sql;
import org.leadport.query.ValueType;
import org.leadport.query.WalkPosition;

/**
 * {@link ExportStatement}: the statements of an export, their values bound where they stand and
 * inlined the same for COPY.
 */
class ExportStatementTest {
  private static final ExportOptions OPTIONS =
      ExportOptions.builder().dateFormat(DateFormat.ISO8601).build();
  private static final ExportColumns.Set COLUMNS =
      new ExportColumns.Set(
          List.of(
              ExportColumn.of("id", ColumnKind.TEXT, "l.id"),
              new ExportColumn(
                  "n", ColumnKind.NUMBER, Sql.text("(l.custom ->> ").bind("cf_1").append(")")),
              ExportColumn.of("updated_at", ColumnKind.DATETIME, "l.updated_at")),
          "left join x on true ");
  private static final Position AFTER =
      new Position(Instant.parse("2026-01-02T03:04:05Z"), "lead_a");
  private static final Position LAST =
      new Position(Instant.parse("2026-02-03T04:05:06Z"), "lead_b");

  /**
   * For the COPY route the statement selects each date-time as the text of its UTC time (the CSV
   * writer formats it), a stored custom date-time as its text when it has Leadport's exact shape;
   * for a cursor, the stored text is rearranged in SQL and anything else formatted by to_char.
   */
  @Test
  void copyRowsCarryTheTextOfUtcTimes() {
    ExportStatement s =
        new ExportStatement(csv(RowType.LEADS, ObjectKind.LEAD, List.of(), null, null, null));
    Sql iso = Sql.text("(l.custom ->> ").bind("cf_t").append(")");
    ExportColumns.Set set =
        new ExportColumns.Set(
            List.of(
                ExportColumn.of("updated_at", ColumnKind.DATETIME, "l.updated_at"),
                new ExportColumn(
                    "t", ColumnKind.DATETIME, Sql.text("p(").append(iso).append(")"), "t", iso)),
            "");
    String shape =
        "translate((l.custom ->> :p%d), '0123456789', '9999999999')"
            + " = '9999-99-99T99:99:99.999999Z'";
    assertThat(s.rows(set, null, true).bound().sql())
        .startsWith(
            "select ((l.updated_at) at time zone 'UTC')::text, case when "
                + shape.formatted(0)
                + " then (l.custom ->> :p1) else ((p((l.custom ->> :p2))) at time zone"
                + " 'UTC')::text end from leads l");
    assertThat(s.rows(set, null, false).bound().sql())
        .startsWith(
            "select to_char((l.updated_at) at time zone 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"'), case when "
                + shape.formatted(0)
                + " then left((l.custom ->> :p1), 19) || '+00:00' else to_char((p((l.custom ->>"
                + " :p2))) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"') end from"
                + " leads l");
  }

  @Test
  void theCopyStatementWrapsTheQuery() {
    assertThat(ExportStatement.copyCsv(Sql.text("select ").bind(1L)))
        .isEqualTo("copy (select '1'::int8) to stdout (format csv)");
  }

  @Test
  void aSegmentsRowsBoundaryAndCopy() {
    ExportStatement s =
        new ExportStatement(
            csv(
                RowType.LEADS,
                ObjectKind.LEAD,
                List.of(),
                null,
                new WalkPosition(AFTER, null),
                100));
    Sql rows = s.rows(COLUMNS, LAST);
    String where =
        "l.workspace_id = :p1 and l.deleted_at is null and true"
            + " and (l.updated_at, l.id) > (:p2, :p3)";
    assertThat(rows.bound().sql())
        .isEqualTo(
            "select l.id, ((l.custom ->> :p0))::text, to_char((l.updated_at) at time zone 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"') from leads l left join x on true "
                + " where "
                + where
                + " and (l.updated_at, l.id) <= (:p4, :p5) order by l.updated_at, l.id"
                + " limit :p6");
    assertThat(rows.bound().binds().values())
        .containsExactly(
            "cf_1",
            "ws_1",
            java.sql.Timestamp.from(AFTER.updatedAt()),
            "lead_a",
            java.sql.Timestamp.from(LAST.updatedAt()),
            "lead_b",
            100L);
    assertThat(ExportStatement.copyCsv(rows))
        .isEqualTo(
            "copy (select l.id, ((l.custom ->> E'cf_1'::varchar))::text,"
                + " to_char((l.updated_at) at time zone 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"') from leads l left join x on true "
                + " where l.workspace_id = E'ws_1'::varchar and l.deleted_at is null and true"
                + " and (l.updated_at, l.id) > ('2026-01-02 03:04:05.000000+00', E'lead_a'::varchar)"
                + " and (l.updated_at, l.id) <= ('2026-02-03 04:05:06.000000+00',"
                + " E'lead_b'::varchar) order by l.updated_at, l.id limit '100'::int8)"
                + " to stdout (format csv)");
    Sql.Bound boundary = s.boundary().bound();
    assertThat(boundary.sql())
        .isEqualTo(
            "select l.updated_at, l.id from leads l where l.workspace_id = :p0 and l.deleted_at is"
                + " null and true and (l.updated_at, l.id) > (:p1, :p2) order by l.updated_at,"
                + " l.id offset :p3 limit 2");
    assertThat(boundary.binds().values())
        .containsExactly("ws_1", java.sql.Timestamp.from(AFTER.updatedAt()), "lead_a", 99);
  }

  @Test
  void countsPickLimitedLeadsBeforeTheirChildrenAndLimitRootRows() {
    FieldRef n = FieldRef.custom("n", ValueType.NUMBER, "cf_1");
    ExportStatement contactsOfLeads =
        new ExportStatement(
            csv(RowType.CONTACTS, ObjectKind.LEAD, List.of(new SortTerm(n, true)), 5L, null, null));
    assertThat(contactsOfLeads.count().bound())
        .isEqualTo(
            new Sql.Bound(
                "select count(*) from (select l.* from leads l where l.workspace_id = :p0 and"
                    + " l.deleted_at is null and true order by ((l.custom ->> :p1))::numeric desc"
                    + " nulls last, l.id limit :p2) l join contacts c on c.lead_id = l.id "
                    + " where true",
                Map.of("p0", "ws_1", "p1", "cf_1", "p2", 5L)));
    ExportStatement contacts =
        new ExportStatement(csv(RowType.CONTACTS, ObjectKind.CONTACT, List.of(), 5L, null, null));
    assertThat(contacts.count().bound())
        .isEqualTo(
            new Sql.Bound(
                "select count(*) from (select 1 from contacts c join leads l on l.id = c.lead_id "
                    + " where c.workspace_id = :p0 and l.deleted_at is null and true limit :p1) x",
                Map.of("p0", "ws_1", "p1", 5L)));
    assertThat(contacts.rows(new ExportColumns.Set(List.of(), ""), null).bound().sql())
        .endsWith(" order by c.created_at, c.id limit :p1");
  }

  /** A CSV export spec of workspace {@code ws_1} over every row, with Close's default options. */
  private static ExportSpec csv(
      RowType rows,
      ObjectKind root,
      List<SortTerm> sort,
      @Nullable Long resultsLimit,
      @Nullable WalkPosition after,
      @Nullable Integer segmentLimit) {
    return new ExportSpec(
        "ws_1",
        rows,
        ExportFormat.CSV,
        root,
        new Query.All(),
        false,
        sort,
        resultsLimit,
        after,
        segmentLimit,
        OPTIONS);
  }
}
