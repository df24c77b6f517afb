package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed reading of environment variables ({@link EnvVars}) and the secrets a server generates
 * into its data dir ({@link GeneratedSecrets}).
 */
class EnvVarsTest {
  @TempDir Path dir;

  @Test
  void unsetOrBlankIsTheFallbackAndValuesAreTrimmed() {
    Map<String, String> env = Map.of("N", " 42 ", "L", "", "D", "  ", "T", " x ");
    assertThat(EnvVars.intVar(env, "N", 7)).isEqualTo(42);
    assertThat(EnvVars.intVar(env, "UNSET", 7)).isEqualTo(7);
    assertThat(EnvVars.longVar(env, "L", 9L)).isEqualTo(9L);
    assertThat(EnvVars.longVar(env, "N", 9L)).isEqualTo(42L);
    assertThat(EnvVars.duration(env, "D", "PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(EnvVars.emptyToNull(env.get("T"))).isEqualTo("x");
    assertThat(EnvVars.emptyToNull(env.get("D"))).isNull();
    assertThat(EnvVars.blank(env.get("D"))).isTrue();
    assertThat(EnvVars.blank(env.get("T"))).isFalse();
    assertThat(EnvVars.booleanVar(env, "UNSET")).isFalse();
    assertThat(EnvVars.booleanVar(Map.of("B", " True "), "B")).isTrue();
    assertThat(EnvVars.booleanVar(Map.of("B", "FALSE"), "B")).isFalse();
  }

  @Test
  void aValueThatDoesNotParseIsRefusedByName() {
    Map<String, String> env = Map.of("N", "1.5", "D", "7d", "B", "yes");
    assertThatThrownBy(() -> EnvVars.intVar(env, "N", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("N must be a whole number, was 1.5");
    assertThatThrownBy(() -> EnvVars.longVar(env, "N", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("N must be a whole number, was 1.5");
    // Beyond an int is not one, for an int's variable.
    assertThatThrownBy(() -> EnvVars.intVar(Map.of("N", "3000000000"), "N", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("N must be a whole number, was 3000000000");
    assertThat(EnvVars.longVar(Map.of("N", "3000000000"), "N", 0)).isEqualTo(3_000_000_000L);
    assertThatThrownBy(() -> EnvVars.duration(env, "D", "PT1S"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("D must be an ISO 8601 duration such as PT5M or P7D, was 7d");
    assertThatThrownBy(() -> EnvVars.booleanVar(env, "B"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("B must be true or false, was yes");
  }

  @Test
  void aSecretIsGeneratedOnceOwnerOnlyAndReadBackTrimmed() throws Exception {
    Path file = dir.resolve("admin-token");
    String made = GeneratedSecrets.readOrCreate(file, "lpa_");
    assertThat(made).matches("lpa_[0-9a-f]{64}");
    assertThat(Files.readString(file)).isEqualTo(made + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(GeneratedSecrets.readOrCreate(file, "lpa_")).isEqualTo(made);
    assertThat(GeneratedSecrets.readOrCreate(dir.resolve("secret"), "")).matches("[0-9a-f]{64}");
  }
}
