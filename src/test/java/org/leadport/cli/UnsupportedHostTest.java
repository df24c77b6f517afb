package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadport serve} on a host without embedded PostgreSQL: one sentence, exit code 1. */
class UnsupportedHostTest {
  @TempDir Path dir;

  @Test
  void serveOnAnUnsupportedHostSaysToSetTheDatabaseUrl() {
    String osName = System.getProperty("os.name");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    System.setProperty("os.name", "Windows 11");
    try {
      var cli = Main.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      code = cli.execute("serve", "--port", "0", "--data-dir", dir.toString());
    } finally {
      System.setProperty("os.name", osName);
    }
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "leadport: The embedded PostgreSQL runs on Linux and macOS (x86-64 or ARM64), not on"
                + " Windows 11 "
                + System.getProperty("os.arch")
                + ": set LEADPORT_DB_URL to a PostgreSQL server."
                + System.lineSeparator());
  }
}
