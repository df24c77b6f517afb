package org.leadport.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What tests that start {@code leadport.jar} as child processes need of the OS. Stateless. */
public final class Processes {
  /** npm's words for a registry it cannot reach: the network's fault, not Leadport's. */
  public static final Pattern NPM_NETWORK_ERROR =
      Pattern.compile(
          "ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|ENETUNREACH"
              + "|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT"
              + "|network request|request to \\S+ failed|getaddrinfo|proxy|socket hang up",
          Pattern.CASE_INSENSITIVE);

  private Processes() {}

  /** The java binary of this JVM, to start children on the same JDK. */
  public static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The full path of an executable on the PATH, or null. */
  public static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");
    List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      if (dir.isBlank()) {
        continue;
      }
      for (String n : names) {
        Path candidate = Path.of(dir).resolve(n);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return null;
  }

  /** Pids of live processes that look like PostgreSQL and name {@code dir} or run inside it. */
  public static List<Long> postgresUsing(Path dir) throws IOException {
    String needle = dir.toString();
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String cmdline = cmdline(proc);
        if (!cmdline.contains("postgres")) {
          continue;
        }
        String cwd = "";
        try {
          cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
        } catch (IOException | SecurityException e) {
          // Exited meanwhile or not ours to inspect; the command line still counts.
        }
        if (cmdline.contains(needle) || cwd.equals(needle) || cwd.startsWith(needle + "/")) {
          found.add(Long.parseLong(name));
        }
      }
    }
    return found;
  }

  /** The command line of process {@code proc} (a {@code /proc/<pid>} dir), or "" when gone. */
  public static String cmdline(Path proc) {
    try {
      byte[] bytes = Files.readAllBytes(proc.resolve("cmdline"));
      return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }
}
