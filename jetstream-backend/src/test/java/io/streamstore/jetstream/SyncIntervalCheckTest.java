package io.streamstore.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warning about servers that do not fsync every write. */
class SyncIntervalCheckTest {

  @Test
  void serversWithoutTheSettingWarnAboutTheDefault() {
    Optional<String> w = SyncIntervalCheck.warningFor(
        "{\"version\":\"2.9.10\",\"jetstream\":{\"config\":{\"store_dir\":\"/x\"}}}", "http://h:8222");
    assertThat(w).get().asString().contains("2.9.10").contains("default of 2 minutes");
  }

  @Test
  void anExplicitIntervalIsNamedAndSyncAlwaysGivesNoWarning() {
    assertThat(SyncIntervalCheck.warningFor(
        "{\"jetstream\":{\"config\":{\"sync_interval\":10000000000}}}", "h")).get().asString()
        .contains("PT10S");
    assertThat(SyncIntervalCheck.warningFor(
        "{\"jetstream\":{\"config\":{\"sync_always\": true}}}", "h")).isEmpty();
  }

  @Test
  void aRealServerIsReadThroughItsMonitoringPort() throws Exception {
    NatsServers.assumeAvailable();
    int port;
    int monitor;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      port = a.getLocalPort();
      monitor = b.getLocalPort();
    }
    Path dir = Files.createTempDirectory("streamstore-varz-");
    Process p = new ProcessBuilder(List.of(NatsServers.binary(), "-js", "-a", "127.0.0.1", "-p",
        Integer.toString(port), "-m", Integer.toString(monitor), "-sd", dir.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    try {
      Optional<String> w = Optional.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          w = SyncIntervalCheck.warning("http://127.0.0.1:" + monitor, Duration.ofSeconds(1));
          break;
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      // the 2.9 server on the build machines has no sync setting: it fsyncs every 2 minutes
      assertThat(w).get().asString().contains("fsyncs JetStream data every");
    } finally {
      p.destroy();
      p.waitFor();
    }
  }
}
