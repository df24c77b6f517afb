package org.leadport.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The saved position of {@code leadport changes --state FILE}: the cursor after the last page
 * written and flushed, and the filters it is bound to. Written atomically (temporary file, sync,
 * rename), so an interruption leaves either the old position or the new one, never half of one.
 */
record FeedState(String cursor, String filters) {

  /** The state in {@code file}, or null when there is none yet (a first run). */
  static @Nullable FeedState read(Path file) throws ExportFailure {
    if (!Files.exists(file)) {
      return null;
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new ExportFailure(
          "cannot read the feed state " + file + ": " + ExportFailure.describe(e));
    }
    String cursor = p.getProperty("cursor");
    if (cursor == null || cursor.isBlank()) {
      throw new ExportFailure("the feed state " + file + " holds no cursor");
    }
    return new FeedState(cursor, p.getProperty("filters", ""));
  }

  /** Writes the state to a temporary file, syncs it, and renames it over {@code file}. */
  void write(Path file) throws ExportFailure {
    Properties p = new Properties();
    p.setProperty("cursor", cursor);
    p.setProperty("filters", filters);
    StringWriter text = new StringWriter();
    try {
      p.store(text, "leadport change feed position: continue with `leadport changes --state`");
      AtomicFile.replace(file, text.toString());
    } catch (IOException e) {
      throw new ExportFailure(
          "cannot save the feed state " + file + ": " + ExportFailure.describe(e));
    }
  }
}
