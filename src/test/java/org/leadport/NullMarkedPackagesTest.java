package org.leadport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * NullAway checks only {@code @NullMarked} code ({@code OnlyNullMarked} in pom.xml), so a package
 * without the annotation in its {@code package-info.java} would silently go unchecked: every main
 * package carries it, a new or moved one included.
 */
class NullMarkedPackagesTest {
  /** Packages whose nulls are not annotated yet; each leaves this list when it gets the mark. */
  private static final Set<String> NOT_YET = Set.of();

  @Test
  void everyMainPackageIsNullMarked() throws IOException {
    Set<String> unmarked = new TreeSet<>();
    Path root = Path.of("src/main/java");
    for (Path dir : packages(root)) {
      Path info = dir.resolve("package-info.java");
      if (!Files.exists(info) || !Files.readString(info).contains("\n@NullMarked\n")) {
        unmarked.add(root.relativize(dir).toString().replace('/', '.'));
      }
    }
    assertThat(unmarked).isEqualTo(new TreeSet<>(NOT_YET));
  }

  /** The directories under {@code root} that hold Java sources. */
  private static List<Path> packages(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .map(Path::getParent)
          .distinct()
          .toList();
    }
  }
}
