package org.leadport.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.leadport.cli.Main;

/** One in-process run of the {@code leadport} command line: its exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {
  /** Runs {@code leadport args…} in this JVM and captures what it printed. */
  public static CliRun leadport(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
