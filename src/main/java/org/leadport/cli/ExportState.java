package org.leadport.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The saved position of an interrupted sync export ({@code <output>.cursor}): the cursor after the
 * last committed segment, the rows and bytes committed to the output so far, the filters, and a
 * digest of the header row. Written atomically (temporary file, sync, rename).
 */
record ExportState(
    String cursor, long rows, long bytes, int segments, String filters, String header) {

  /**
   * The state saved in {@code file} for {@code output}, checked against the output's length and the
   * {@code filters} given now (none repeats the saved ones).
   */
  static ExportState resumable(Path file, Path output, String filters) throws ExportFailure {
    if (!Files.exists(file)) {
      throw new ExportFailure(
          "nothing to resume: "
              + file
              + " does not exist (the export finished, or stopped before its first segment was"
              + " complete); run without --resume to start over");
    }
    ExportState state = read(file);
    if (!filters.isEmpty() && !filters.equals(state.filters())) {
      throw new ExportFailure(
          "--resume must repeat the filters of the interrupted export ("
              + (state.filters().isEmpty() ? "none" : state.filters())
              + ") or give none");
    }
    long size;
    try {
      size = Files.exists(output) ? Files.size(output) : -1;
    } catch (IOException e) {
      throw new ExportFailure("cannot read " + output + ": " + e.getMessage());
    }
    if (size < state.bytes()) {
      throw new ExportFailure(
          output
              + " is shorter than the "
              + state.bytes()
              + " bytes already exported into it; cannot resume, run without --resume to start"
              + " over");
    }
    return state;
  }

  static ExportState read(Path file) throws ExportFailure {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      return new ExportState(
          required(p, "cursor"),
          Long.parseLong(required(p, "rows")),
          Long.parseLong(required(p, "bytes")),
          Integer.parseInt(required(p, "segments")),
          p.getProperty("filters", ""),
          required(p, "header"));
    } catch (IOException | IllegalArgumentException e) {
      throw new ExportFailure(
          "cannot read the export state " + file + ": " + ExportFailure.describe(e));
    }
  }

  private static String required(Properties p, String name) {
    String value = p.getProperty(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    return value;
  }

  /** Writes the state to a temporary file, syncs it, and renames it over {@code file}. */
  void write(Path file) throws ExportFailure {
    Properties p = new Properties();
    p.setProperty("cursor", cursor);
    p.setProperty("rows", Long.toString(rows));
    p.setProperty("bytes", Long.toString(bytes));
    p.setProperty("segments", Integer.toString(segments));
    p.setProperty("filters", filters);
    p.setProperty("header", header);
    StringWriter text = new StringWriter();
    try {
      p.store(text, "leadport export state: continue with `leadport export --resume`");
      AtomicFile.replace(file, text.toString());
    } catch (IOException e) {
      throw new ExportFailure(
          "cannot save the export state " + file + ": " + ExportFailure.describe(e));
    }
  }
}
