package org.leadport.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * What exports did, as Micrometer meters on {@code /metrics}: rows and bytes written and time taken
 * by surface and format ({@code leadport.export.rows|bytes|duration}), and how async jobs ended
 * ({@code leadport.export.jobs} by surface and outcome). Thread-safe.
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

  /** How an async job's run ended: succeeded, failed, lost (canceled or taken over), released. */
  public void jobEnded(String surface, String outcome) {
    Counter.builder("leadport.export.jobs")
        .description("Async export job runs by outcome")
        .tags("surface", surface, "outcome", outcome)
        .register(registry)
        .increment();
  }
}
