package org.leadport.cli;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/** The export client's progress bar on stderr, or nothing when hidden. Not thread-safe. */
final class ProgressBarLine implements AutoCloseable {
  private final @Nullable ProgressBar bar;
  private boolean closed;

  ProgressBarLine(boolean show, long startRows) {
    this(show, startRows, "Exporting", " rows");
  }

  /** A bar of {@code task} counting in {@code unit} (such as bytes downloaded). */
  ProgressBarLine(boolean show, long start, String task, String unit) {
    long startRows = start;
    this.bar =
        show
            ? new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, 1)
                .showSpeed(new DecimalFormat("#,##0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(250)
                // A fixed width: asking JLine for the terminal's loads a native library that
                // newer JDKs warn about on stderr.
                .setConsumer(new ConsoleProgressBarConsumer(System.err, width()))
                .startsFrom(startRows, Duration.ZERO)
                .hideEta()
                .build()
            : null;
  }

  /** The width of the bar's line: {@code COLUMNS} when the shell exports it, else 80. */
  private static int width() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
      return Math.max(40, columns - 1);
    } catch (NumberFormatException e) {
      return 79;
    }
  }

  /** Names the segment being downloaded in the bar's message. */
  void segment(int number) {
    message(" - segment " + number);
  }

  /** Replaces the bar's message. */
  void message(String text) {
    if (bar != null && !closed) {
      bar.setExtraMessage(text);
    }
  }

  /** The total, once known. */
  void max(long rows) {
    if (bar != null && !closed) {
      bar.maxHint(rows);
    }
  }

  /** Moves the bar to {@code rows}. */
  void at(long rows) {
    if (bar != null && !closed) {
      bar.stepTo(rows);
    }
  }

  @Override
  public void close() {
    if (bar != null && !closed) {
      closed = true;
      bar.close();
    }
  }
}
