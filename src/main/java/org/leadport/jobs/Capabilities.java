package org.leadport.jobs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.leadport.export.ExportSpec;
import org.leadport.export.writer.ExportFormat;

/**
 * What a node must be able to do to run an export job, by name: the job table's guard for rolling
 * upgrades (docs/deploy.md, "Rolling upgrades"). A job records what it requires when it is created
 * ({@link #required}); a worker claims only jobs whose every requirement this node {@link #KNOWN
 * knows}, so a node of an older version leaves a job that needs something newer queued for a newer
 * node instead of claiming and failing it (db-scheduler's way: the claim's query filters on what
 * the node can run).
 *
 * <p>The names are stable, stored in {@code export_jobs.requires}: a change that lets a job need
 * something an earlier version cannot do adds a name here (to {@link #required} and to {@link
 * #KNOWN}); renaming or dropping one strands the queued jobs that carry it.
 */
public final class Capabilities {
  /** Every job: an export above the part limits is written as parts (docs/parts.md, V20). */
  public static final String PARTS = "parts";

  /** Lead documents (JSON/JSONL superset, nested Parquet) rather than rows of columns. */
  public static final String NESTED = "nested";

  /** What this node can run: every format, every packaging, nested documents, parts. */
  public static final Set<String> KNOWN = known();

  private Capabilities() {}

  /** What a node needs to run the export {@code spec} delivered as {@code delivery}, sorted. */
  public static List<String> required(ExportSpec spec, Delivery delivery) {
    List<String> names = new ArrayList<>();
    names.add(format(spec.format()));
    names.add(packaging(delivery.packaging()));
    if (spec.nested()) {
      names.add(NESTED);
    }
    names.add(PARTS);
    return names.stream().sorted().toList();
  }

  private static String format(ExportFormat format) {
    return "format:" + format.extension();
  }

  private static String packaging(Delivery.Packaging packaging) {
    return "packaging:" + packaging.name().toLowerCase(Locale.ROOT);
  }

  private static Set<String> known() {
    Set<String> names = new LinkedHashSet<>();
    for (ExportFormat f : ExportFormat.values()) {
      names.add(format(f));
    }
    for (Delivery.Packaging p : Delivery.Packaging.values()) {
      names.add(packaging(p));
    }
    names.add(NESTED);
    names.add(PARTS);
    return Set.copyOf(names);
  }
}
