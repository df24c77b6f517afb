package org.leadport.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.ExportRoute;

/**
 * What exports did, as Micrometer meters on {@code /metrics}: rows and bytes written and time taken
 * by surface and format ({@code leadport.export.rows|bytes|duration}), the route their rows were
 * read by ({@code leadport.export.routes}), and how async jobs ended ({@code leadport.export.jobs}
 * by surface and outcome). Thread-safe.
 */
public final class ExportMetrics {
  private final MeterRegistry registry;

  public ExportMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics that go nowhere, for workers built without a registry (tests, tools). */
  public static ExportMetrics unregistered() {
    return new ExportMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One finished export: its rows, the bytes it wrote (as stored or sent) and its duration. */
  public void exported(String surface, String format, long rows, long bytes, Duration took) {
    String f = format.toLowerCase(Locale.ROOT);
    Counter.builder("leadport.export.rows")
        .description("Rows written by exports")
        .tags("surface", surface, "format", f)
        .register(registry)
        .increment((double) rows);
    Counter.builder("leadport.export.bytes")
        .description("Bytes of export files as stored or sent")
        .baseUnit("bytes")
        .tags("surface", surface, "format", f)
        .register(registry)
        .increment((double) bytes);
    Timer.builder("leadport.export.duration")
        .description("Time from the start of an export to its last byte")
        .tags("surface", surface, "format", f)
        .register(registry)
        .record(took);
  }

  /**
   * {@code progress}, which also counts the route the export's rows are read by ({@code
   * leadport.export.routes} by surface, format and route: {@code copy}, {@code cursor}, {@code
   * documents}) once its writer has picked it. {@link Exporter} wraps every export's progress in
   * this, sync or async.
   */
  ExportProgress routing(String surface, ExportFormat format, ExportProgress progress) {
    return new ExportProgress() {
      @Override
      public void total(long rows) {
        progress.total(rows);
      }

      @Override
      public void rows(long done) {
        progress.rows(done);
      }

      @Override
      public void route(ExportRoute route) {
        routed(surface, format.name(), route);
        progress.route(route);
      }

      @Override
      public void snapshot(org.leadport.query.ChangePosition position) {
        progress.snapshot(position);
      }
    };
  }

  private void routed(String surface, String format, ExportRoute route) {
    Counter.builder("leadport.export.routes")
        .description("Exports by the route their rows were read by")
        .tags(
            "surface",
            surface,
            "format",
            format.toLowerCase(Locale.ROOT),
            "route",
            route.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** How an async job's run ended: succeeded, failed, lost (canceled or taken over), released. */
  public void jobEnded(String surface, String outcome) {
    Counter.builder("leadport.export.jobs")
        .description("Async export job runs by outcome")
        .tags("surface", surface, "outcome", outcome)
        .register(registry)
        .increment();
  }
}
