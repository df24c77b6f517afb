package org.leadport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.LeadportException;

class LocalFileStoreTest {
  @TempDir Path dir;

  @Test
  void aFileIsInvisibleUntilPublishedAndThenWhole() throws IOException {
    LocalFileStore store = new LocalFileStore(dir);
    try (FileStore.Upload upload = store.create("exports/ws/a.gz")) {
      upload.stream().write("half".getBytes(StandardCharsets.UTF_8));
      assertThat(store.size("exports/ws/a.gz")).isEqualTo(-1);
      upload.stream().write(" and the rest".getBytes(StandardCharsets.UTF_8));
      assertThat(upload.publish()).isEqualTo(17);
    }
    try (InputStream in = store.open("exports/ws/a.gz", 5)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("and the rest");
    }
    try (var partials = Files.list(dir.resolve(".partial"))) {
      assertThat(partials).isEmpty();
    }
  }

  @Test
  void anUnpublishedUploadLeavesNothing() throws IOException {
    LocalFileStore store = new LocalFileStore(dir);
    try (FileStore.Upload upload = store.create("k")) {
      upload.stream().write(1);
    }
    assertThat(store.size("k")).isEqualTo(-1);
    try (var partials = Files.list(dir.resolve(".partial"))) {
      assertThat(partials).isEmpty();
    }
  }

  @Test
  void partialFilesOfDeadProcessesAreRemovedAtStartOnlyOnceAbandoned() throws IOException {
    Path partial = Files.createDirectories(dir.resolve(".partial"));
    Path old = Files.writeString(partial.resolve("old.part"), "x");
    Files.setLastModifiedTime(
        old,
        FileTime.from(Instant.now().minus(LocalFileStore.ABANDONED).minus(Duration.ofMinutes(1))));
    Path recent = Files.writeString(partial.resolve("recent.part"), "y");
    new LocalFileStore(dir);
    assertThat(old).doesNotExist();
    assertThat(recent).exists();
  }

  @Test
  void keysNeverReachOutsideTheRoot() throws IOException {
    LocalFileStore store = new LocalFileStore(dir);
    for (String key : new String[] {"../x", "a/../../x", ".partial/x", ""}) {
      assertThatThrownBy(() -> store.size(key)).isInstanceOf(LeadportException.class);
    }
  }
}
