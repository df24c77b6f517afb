package org.leadport.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Whether the embedded PostgreSQL packed into this jar runs on this host. The build packs the
 * binaries of the host it runs on (Linux or macOS, x86-64 or ARM64; see the README's "Database"
 * section); elsewhere, or with a jar built on another platform, start-up stops with one sentence
 * saying to set {@code LEADPORT_DB_URL} instead of the embedded library's own error.
 */
public final class EmbeddedPostgresHost {
  private EmbeddedPostgresHost() {}

  /** The start-up failure on a host without embedded binaries; its message is one sentence. */
  public static final class Unsupported extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message);
    }
  }

  /** Throws {@link Unsupported} unless this jar carries binaries for the running host. */
  static void requireSupported() {
    ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
    Optional<String> problem =
        problem(
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            name -> loader.getResource(name) != null);
    if (problem.isPresent()) {
      throw new Unsupported(problem.get());
    }
  }

  /**
   * Why the embedded PostgreSQL cannot start on {@code osName}/{@code osArch} (the JVM's {@code
   * os.name} and {@code os.arch}), or empty when {@code bundled} holds its binaries, a resource
   * named as the embedded library looks them up ({@code postgres-darwin-arm_64.txz}).
   */
  static Optional<String> problem(String osName, String osArch, Predicate<String> bundled) {
    String host = osName + " " + osArch;
    Optional<String> system = system(osName);
    Optional<String> arch = arch(osArch);
    if (system.isEmpty() || arch.isEmpty()) {
      return Optional.of(
          "The embedded PostgreSQL runs on Linux and macOS (x86-64 or ARM64), not on "
              + host
              + ": set LEADPORT_DB_URL to a PostgreSQL server.");
    }
    if (!bundled.test("postgres-" + system.get() + "-" + arch.get() + ".txz")) {
      return Optional.of(
          "This leadport.jar was built on another platform and carries no embedded PostgreSQL for "
              + host
              + ": build it on this machine (delete target/leadport.jar and run ./leadport again)"
              + " or set LEADPORT_DB_URL to a PostgreSQL server.");
    }
    return Optional.empty();
  }

  private static Optional<String> system(@Nullable String osName) {
    String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    if (name.startsWith("linux")) {
      return Optional.of("linux");
    }
    if (name.startsWith("mac") || name.startsWith("darwin")) {
      return Optional.of("darwin");
    }
    return Optional.empty();
  }

  private static Optional<String> arch(@Nullable String osArch) {
    return switch (osArch == null ? "" : osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> Optional.of("x86_64");
      case "aarch64", "arm64" -> Optional.of("arm_64");
      default -> Optional.empty();
    };
  }
}
