package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportStateTest {
  @TempDir Path dir;

  private final ExportState state =
      new ExportState(
          "eyJrIjoiMjAyNi0wMS0zMSJ9==",
          20_000,
          5_123_456,
          2,
          "source=google&search=a%3Db%20c",
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  @Test
  void roundTripsThroughItsFileAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("leads.csv.cursor");
    state.write(file);
    assertThat(ExportState.read(file)).isEqualTo(state);
    assertThat(Files.readString(file))
        .startsWith("#leadport export state: continue with `leadport export --resume`");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }

    ExportState next = new ExportState("c2", 30_000, 7_000_000, 3, "", state.header());
    next.write(file);
    assertThat(ExportState.read(file)).isEqualTo(next);
  }

  @Test
  void aStateFileWithoutItsCursorIsNamed() throws Exception {
    Path file = dir.resolve("x.cursor");
    Files.writeString(file, "rows=1\nbytes=2\nsegments=1\nheader=h\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ExportState.read(file))
        .isInstanceOf(ExportFailure.class)
        .hasMessage("cannot read the export state " + file + ": cursor is missing");
  }

  @Test
  void resumingChecksTheFiltersAndTheOutputsLength() throws Exception {
    Path output = dir.resolve("leads.csv");
    Path file = dir.resolve("leads.csv.cursor");
    assertThatThrownBy(() -> ExportState.resumable(file, output, ""))
        .hasMessageStartingWith("nothing to resume: " + file + " does not exist");

    state.write(file);
    Files.write(output, new byte[5_123_456]);
    assertThat(ExportState.resumable(file, output, "")).isEqualTo(state);
    assertThat(ExportState.resumable(file, output, state.filters())).isEqualTo(state);
    assertThatThrownBy(() -> ExportState.resumable(file, output, "source=bing"))
        .hasMessage(
            "--resume must repeat the filters of the interrupted export ("
                + state.filters()
                + ") or give none");

    Files.write(output, new byte[100]);
    assertThatThrownBy(() -> ExportState.resumable(file, output, ""))
        .hasMessage(
            output
                + " is shorter than the 5123456 bytes already exported into it; cannot resume,"
                + " run without --resume to start over");
  }
}
