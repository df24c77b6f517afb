package org.leadport.cli;

import org.leadport.store.EmbeddedPostgresHost;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leadport} command line: server, demo and client commands. */
@Command(
    name = "leadport",
    mixinStandardHelpOptions = true,
    version = "leadport 0.1.0",
    description = "Leadport: a CRM lead store built for getting leads out.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      SeedCommand.class,
      ExportCommand.class,
      ChangesCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests that run commands in-process. */
  public static CommandLine commandLine() {
    // No picocli @-files: `export --query @FILE` reads the file itself, and an expanded @FILE
    // would turn the query's JSON into stray arguments.
    return new CommandLine(new Main())
        .setExpandAtFiles(false)
        .setExecutionExceptionHandler(Main::handle);
  }

  /** A host without embedded PostgreSQL gets its one sentence; anything else its stack trace. */
  private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof EmbeddedPostgresHost.Unsupported) {
      command.getErr().println("leadport: " + e.getMessage());
      command.getErr().flush();
      return 1;
    }
    throw e;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
