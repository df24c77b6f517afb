package org.leadport.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --key} option of the commands that call the API with a key; each command's own
 * description names the scope it needs.
 */
final class ApiKey {
  @Option(
      names = "--key",
      defaultValue = "${env:LEADPORT_API_KEY}",
      paramLabel = "KEY",
      description = "API key with the scope named above (default: env LEADPORT_API_KEY).")
  @Nullable String key;

  /**
   * The key given.
   *
   * @throws ExportFailure when none is, neither by {@code --key} nor by the environment
   */
  String required() throws ExportFailure {
    if (key == null || key.isBlank()) {
      throw new ExportFailure("no API key: pass --key or set LEADPORT_API_KEY");
    }
    return key;
  }
}
