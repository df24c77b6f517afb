package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void tenantLimitsComeFromTheEnvironmentWithTheirDefaults() {
    TenantLimits defaults = Settings.load(Map.of(), 0, dir).exports().limits();
    assertThat(defaults)
        .isEqualTo(new TenantLimits(4, 10, java.time.Duration.ofSeconds(30), 10_000_000L));
    TenantLimits set =
        Settings.load(
                Map.of(
                    "LEADPORT_STREAMS_PER_WORKSPACE", "2",
                    "LEADPORT_EXPORT_CONNECTIONS", "6",
                    "LEADPORT_STALL_TIMEOUT", "PT5S",
                    "LEADPORT_EXPORT_ROWS_QUOTA", "500000"),
                0,
                dir)
            .exports()
            .limits();
    assertThat(set).isEqualTo(new TenantLimits(2, 6, java.time.Duration.ofSeconds(5), 500_000L));
  }

  @Test
  void tenantLimitsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> Settings.load(Map.of("LEADPORT_STREAMS_PER_WORKSPACE", "0"), 0, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LEADPORT_STREAMS_PER_WORKSPACE must be at least 1");
    assertThatThrownBy(() -> Settings.load(Map.of("LEADPORT_EXPORT_CONNECTIONS", "1"), 0, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LEADPORT_EXPORT_CONNECTIONS must be at least 2");
    assertThatThrownBy(() -> Settings.load(Map.of("LEADPORT_EXPORT_ROWS_QUOTA", "0"), 0, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LEADPORT_EXPORT_ROWS_QUOTA must be at least 1");
    assertThatThrownBy(() -> Settings.load(Map.of("LEADPORT_STALL_TIMEOUT", "30s"), 0, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LEADPORT_STALL_TIMEOUT must be an ISO 8601 duration");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2_097_152, 16_777_216})
  void hubSpotFilesAreHeldInMemoryUpToABoundOrNeverZipped(long bytes) {
    Map<String, String> env = Map.of("LEADPORT_HUBSPOT_ZIP_OVER_BYTES", Long.toString(bytes));
    assertThat(Settings.load(env, 0, dir).exports().zipOverBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 16_777_217, Long.MAX_VALUE})
  void hubSpotZipSizesAboveWhatAHeapHoldsAreRefusedByName(long bytes) {
    Map<String, String> env = Map.of("LEADPORT_HUBSPOT_ZIP_OVER_BYTES", Long.toString(bytes));
    assertThatThrownBy(() -> Settings.load(env, 0, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LEADPORT_HUBSPOT_ZIP_OVER_BYTES must be 0 (never zip) or 1 to 16777216 bytes, since a"
                + " file is held in memory up to it: "
                + bytes);
  }

  @Test
  void webhookSettingsComeFromTheEnvironmentWithTheirDefaults() {
    WebhookSettings defaults = Settings.load(Map.of(), 0, dir).webhooks();
    assertThat(defaults.allowPrivate()).isFalse();
    assertThat(defaults.schedule()).isEqualTo(org.leadport.webhooks.BackoffSchedule.defaults());
    assertThat(defaults.workers()).isEqualTo(2);
    assertThat(defaults.lease()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(defaults.overlap()).isEqualTo(java.time.Duration.ofHours(24));
    WebhookSettings set =
        Settings.load(
                Map.of(
                    "LEADPORT_WEBHOOK_ALLOW_PRIVATE", "TRUE",
                    "LEADPORT_WEBHOOK_SCHEDULE", "PT1S,PT2S",
                    "LEADPORT_WEBHOOK_WORKERS", "0",
                    "LEADPORT_WEBHOOK_LEASE", "PT5S",
                    "LEADPORT_WEBHOOK_SECRET_OVERLAP", "PT1H"),
                0,
                dir)
            .webhooks();
    assertThat(set.allowPrivate()).isTrue();
    assertThat(set.schedule().attempts()).isEqualTo(3);
    assertThat(set.workers()).isZero();
    assertThat(set.lease()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(set.overlap()).isEqualTo(java.time.Duration.ofHours(1));
    assertThatThrownBy(() -> Settings.load(Map.of("LEADPORT_WEBHOOK_ALLOW_PRIVATE", "yes"), 0, dir))
        .hasMessageContaining("LEADPORT_WEBHOOK_ALLOW_PRIVATE");
    assertThatThrownBy(() -> Settings.load(Map.of("LEADPORT_WEBHOOK_SCHEDULE", "5s"), 0, dir))
        .hasMessageContaining("'5s'");
  }
}
