package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedPostgresHostTest {
  /** What a jar built on an Apple-silicon Mac carries. */
  private static final Set<String> MAC_ARM_JAR = Set.of("postgres-darwin-arm_64.txz");

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "Mac OS X, aarch64, postgres-darwin-arm_64.txz",
    "Mac OS X, x86_64, postgres-darwin-x86_64.txz",
    "Linux, aarch64, postgres-linux-arm_64.txz",
    "Linux, amd64, postgres-linux-x86_64.txz",
  })
  void aSupportedHostWithItsBinariesStarts(String os, String arch, String resource) {
    assertThat(EmbeddedPostgresHost.problem(os, arch, Set.of(resource)::contains)).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"Windows 11, amd64", "Linux, ppc64le", "FreeBSD, amd64", "Linux, arm"})
  void anUnsupportedHostIsToldToSetTheDatabaseUrl(String os, String arch) {
    assertThat(EmbeddedPostgresHost.problem(os, arch, name -> true))
        .contains(
            "The embedded PostgreSQL runs on Linux and macOS (x86-64 or ARM64), not on "
                + os
                + " "
                + arch
                + ": set LEADPORT_DB_URL to a PostgreSQL server.");
  }

  @Test
  void aJarBuiltOnAnotherPlatformSaysSo() {
    assertThat(EmbeddedPostgresHost.problem("Linux", "amd64", MAC_ARM_JAR::contains))
        .contains(
            "This leadport.jar was built on another platform and carries no embedded PostgreSQL"
                + " for Linux amd64: build it on this machine (delete target/leadport.jar and run"
                + " ./leadport again) or set LEADPORT_DB_URL to a PostgreSQL server.");
  }

  @Test
  void thisBuildCarriesTheBinariesOfItsOwnHost() {
    // The test JVM runs where the build ran, so the profile's binaries are on the class path.
    EmbeddedPostgresHost.requireSupported();
  }
}
