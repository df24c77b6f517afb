package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database settings read from the environment. */
class SettingsTest {
  @TempDir Path dir;

  @Test
  void aReplicaUrlIsKeptBesideThePrimarys() {
    Settings s =
        Settings.load(
            Map.of(
                "LEADPORT_DB_URL", "jdbc:postgresql://primary/leadport",
                "LEADPORT_DB_READ_URL", "jdbc:postgresql://replica/leadport"),
            0,
            dir);
    assertThat(s.dbUrl()).isEqualTo("jdbc:postgresql://primary/leadport");
    assertThat(s.dbReadUrl()).isEqualTo("jdbc:postgresql://replica/leadport");
  }

  @Test
  void withoutAReplicaExportsReadThePrimary() {
    Settings s = Settings.load(Map.of("LEADPORT_DB_READ_URL", " "), 0, dir);
    assertThat(s.dbReadUrl()).isNull();
    assertThat(s.embeddedDatabase()).isTrue();
  }

  @Test
  void aReplicaOfTheEmbeddedDatabaseIsRefusedByName() {
    assertThatThrownBy(() ->
            Settings.load(
                Map.of("LEADPORT_DB_READ_URL", "jdbc:postgresql://replica/leadport"), 0, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LEADPORT_DB_READ_URL needs LEADPORT_DB_URL: the embedded database has no replica");
  }
}
