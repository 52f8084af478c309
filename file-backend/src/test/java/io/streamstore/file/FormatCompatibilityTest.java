package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.file.fixtures.BasicWorkload;
import io.streamstore.file.fixtures.Fixtures;
import io.streamstore.spi.StoreLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format both ways: the {@code basic} workload written by this backend produces the same files,
 * byte for byte, as the NATS Streaming server did (the other direction, reading NATS files, is {@link
 * NatsFixtureRecoveryTest}).
 */
class FormatCompatibilityTest {

  @TempDir Path tmp;

  @Test
  void basicWorkloadWritesTheSameFilesAndBytesAsNats() throws IOException {
    Path nats = Fixtures.original("basic");
    Path ours = tmp.resolve("ours");
    try (FileStore s = FileStore.open(ours, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      assertThat(s.recover()).isEmpty();
      BasicWorkload.apply(s);
    }
    List<String> natsFiles = files(nats);
    List<String> ourFiles = files(ours);
    // a writable store holds the exclusive lock on the empty .rootdir.lck, as NATS Streaming does
    // when it takes its lock; the fixture was written without it
    assertThat(ours.resolve(FileStore.LOCK_FILE)).isEmptyFile();
    // the lock file and our manifests are the only additions; NATS Streaming skips them (see
    // README "Manifests")
    assertThat(ourFiles.stream().filter(f -> !natsFiles.contains(f)).toList())
        .allMatch(f -> f.equals(FileStore.LOCK_FILE) || f.equals(".clients.manifest")
            || f.endsWith("/msgs.manifest") || f.endsWith("/subs.manifest"));
    assertThat(ourFiles).containsAll(natsFiles);
    for (String f : natsFiles) {
      assertThat(Files.readAllBytes(ours.resolve(f)))
          .as("content of %s", f)
          .isEqualTo(Files.readAllBytes(nats.resolve(f)));
    }
  }

  @Test
  void storeWrittenByTheWorkloadRecoversToTheFixturesExpectedState() {
    Path ours = tmp.resolve("ours");
    try (FileStore s = FileStore.open(ours, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      s.recover();
      BasicWorkload.apply(s);
    }
    try (FileStore s = FileStore.open(ours, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      Fixtures.expected("basic", "expected.json").assertMatches(s.recover().orElseThrow());
    }
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
