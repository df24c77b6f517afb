package org.leadport.export.writer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * Not a test: measures the heap a spreadsheet export holds, for {@link XlsRowWriter#MAX_ROWS} and
 * the XLSX writer's flat heap. Writes {@code rows} typical 25-column lead rows (unique ids, names,
 * e-mails and URLs; repeated statuses and sources; numbers, a boolean, a date, date-times) to a
 * counting sink, then prints the heap still in use after a full GC (the writer's retained memory),
 * per row, and the file size.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     org.leadport.export.XlsHeapHarness xls 100000
 * # the smallest heap an export fits in: lower -Xmx until it fails with OutOfMemoryError
 * java -Xmx160m -cp ... org.leadport.export.XlsHeapHarness xls 100000
 * </pre>
 */
public final class XlsHeapHarness {
  private XlsHeapHarness() {}

  /** The 25 columns of a lead export with four custom fields. */
  static List<ExportColumn> columns() {
    List<ExportColumn> c = new ArrayList<>();
    for (String h :
        List.of(
            "id",
            "display_name",
            "status_id",
            "status_label",
            "url",
            "description",
            "source",
            "medium",
            "campaign",
            "primary_contact_name",
            "primary_contact_email",
            "primary_contact_phone",
            "address.address_1",
            "address.address_2",
            "address.city",
            "address.state",
            "address.zipcode",
            "address.country")) {
      c.add(ExportColumn.of(h, ColumnKind.TEXT, "x"));
    }
    c.add(ExportColumn.of("custom.employees", ColumnKind.NUMBER, "x"));
    c.add(ExportColumn.of("custom.annual_revenue", ColumnKind.NUMBER, "x"));
    c.add(ExportColumn.of("custom.is_customer", ColumnKind.BOOLEAN, "x"));
    c.add(ExportColumn.of("custom.renewal_date", ColumnKind.DATE, "x"));
    c.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "x"));
    c.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "x"));
    c.add(ExportColumn.of("deleted_at", ColumnKind.DATETIME, "x"));
    return c;
  }

  private static final String[] STATUSES = {"Potential", "Bad Fit", "Qualified", "Customer"};
  private static final String[] SOURCES = {"Website", "Referral", "Trade show", "Cold call"};
  private static final String[] CITIES = {"San Francisco", "Berlin", "São Paulo", "Osaka"};

  /** A typical lead row, different for each {@code i}. */
  static void fill(String[] v, long i) {
    String n = String.format(Locale.ROOT, "%08d", i);
    v[0] = "lead_" + Long.toString(i * 7_919 + 1_000_003, 36) + "Xq3vT9mZkP2wR7" + n;
    v[1] = "Acme Widgets " + n + " GmbH";
    v[2] = "stat_" + (i % 4) + "a9F2kLmN0pQrStUvWxYz1";
    v[3] = STATUSES[(int) (i % 4)];
    v[4] = "https://www.acme-" + n + ".example.com/";
    v[5] =
        "Met at the spring fair; interested in the enterprise plan for "
            + (i % 500)
            + " seats. Follow up in Q3.";
    v[6] = SOURCES[(int) (i % 4)];
    v[7] = i % 2 == 0 ? "email" : "cpc";
    v[8] = "spring-2026";
    v[9] = "Maria Gonzalez " + n;
    v[10] = "maria.gonzalez." + n + "@acme-" + n + ".example.com";
    v[11] = "+1 415-555-" + n.substring(4);
    v[12] = (i % 9_000 + 1) + " Main Street";
    v[13] = i % 3 == 0 ? "Suite 400" : null;
    v[14] = CITIES[(int) (i % 4)];
    v[15] = "CA";
    v[16] = String.valueOf(94_000 + i % 1_000);
    v[17] = "US";
    v[18] = String.valueOf(i % 5_000);
    v[19] = (i % 100_000) + "50.25";
    v[20] = i % 2 == 0 ? "true" : "false";
    v[21] = String.format(Locale.ROOT, "2026-%02d-%02d", i % 12 + 1, i % 28 + 1);
    v[22] = String.format(Locale.ROOT, "2025-%02d-%02dT13:04:05.123456Z", i % 12 + 1, i % 28 + 1);
    v[23] = String.format(Locale.ROOT, "2026-02-%02dT08:%02d:59.000001Z", i % 28 + 1, i % 60);
    v[24] = i % 50 == 0 ? "2026-02-18T13:04:05.5Z" : null;
  }

  public static void main(String[] args) throws Exception {
    String format = args.length > 0 ? args[0] : "xls";
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
    int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    if (parallel == 1) {
      run(format, rows);
      return;
    }
    // Several exports at once, as LEADPORT_WORKERS job threads would run them.
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < parallel; i++) {
      Thread t =
          new Thread(() -> {
            try {
              run(format, rows);
            } catch (Throwable e) {
              failures.add(e);
            }
          });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      failures.get(0).printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String format, long rows) throws IOException {
    ByteCounter sink = new ByteCounter();
    RowWriter writer =
        format.equals("xlsx")
            ? new XlsxRowWriter(sink, XlsxRowWriter.MAX_ROWS_PER_SHEET)
            : new XlsRowWriter(sink, XlsRowWriter.MAX_ROWS_PER_SHEET, Integer.MAX_VALUE);
    List<ExportColumn> columns = columns();
    long before = usedAfterGc();
    long start = System.nanoTime();
    writer.begin(columns);
    String[] v = new String[columns.size()];
    for (long i = 0; i < rows; i++) {
      fill(v, i);
      writer.row(v);
    }
    long held = usedAfterGc() - before;
    long written = System.nanoTime();
    writer.finish();
    writer.close();
    long done = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "%s rows=%,d held=%,d bytes (%,d per row) before finish; file=%,d bytes;"
            + " rows %.1f s, finish %.1f s; max heap %,d MB%n",
        format,
        rows,
        held,
        rows == 0 ? 0 : held / rows,
        sink.bytes,
        (written - start) / 1e9,
        (done - written) / 1e9,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
