package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the file backend reports: {@link io.streamstore.spi.StoreMetrics} events (with no metrics
 * library on this module's class path) and JFR events, read back from an in-process recording.
 */
class FileStoreMetricsTest {

  @TempDir Path tmp;

  private static MsgProto msg(long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("orders")
        .setData(ByteString.copyFromUtf8("payload " + seq)).setTimestamp(seq).build();
  }

  @Test
  void micrometerIsNotNeeded() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .as("the file backend's test class path has no Micrometer")
        .isInstanceOf(ClassNotFoundException.class);
    try (Store store = Stores.open("streamstore:file:" + tmp.resolve("plain"))) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      store.createChannel("orders").msgs().store(msg(1));
    }
  }

  @Test
  void reportsStoresBytesFlushesForcesRollOversAndRecovery() {
    RecordingMetrics metrics = new RecordingMetrics();
    String url = "streamstore:file:" + tmp.resolve("s") + "?sliceMaxMsgs=4";
    long bytes = 0;
    try (Store store = Stores.open(url, new Properties(), metrics)) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel ch = store.createChannel("orders");
      for (long seq = 1; seq <= 10; seq++) {
        ch.msgs().store(msg(seq));
        bytes += msg(seq).getSerializedSize();
        if (seq % 5 == 0) {
          ch.msgs().flush();
        }
      }
      ch.msgs().store(msg(10)); // a replay: ignored, not counted
    }
    assertThat(metrics.stored).hasValue(10);
    assertThat(metrics.bytes).hasValue(bytes);
    assertThat(metrics.flushes).hasValue(2);
    assertThat(metrics.forces.get()).isGreaterThanOrEqualTo(2);
    assertThat(metrics.rolls).as("slices 2 and 3").hasValue(2);
    assertThat(metrics.recoveries).hasValue(1);
    assertThat(metrics.failures).isEmpty();

    RecordingMetrics again = new RecordingMetrics();
    try (Store store = Stores.open(url, new Properties(), again)) {
      store.recover();
    }
    assertThat(again.recoveries).hasValue(1);
    assertThat(again.recoveredChannels).hasValue(1);
  }

  @Test
  void reportsAFailedForceAndTheFlushItFailed() {
    RecordingMetrics metrics = new RecordingMetrics();
    io.streamstore.file.io.FaultyFileIO io = new io.streamstore.file.io.FaultyFileIO();
    FileStore store = FileStore.open(tmp.resolve("faulty"), FileStoreOptions.DEFAULTS,
        StoreLimits.DEFAULT, io, System::nanoTime, metrics);
    try {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel ch = store.createChannel("orders");
      ch.msgs().store(msg(1));
      io.failForces.set(1);
      assertThatThrownBy(() -> ch.msgs().flush()).isInstanceOf(StoreIOException.class);
      assertThat(metrics.failures).containsExactly("force:IOException", "flush:IOException");
      assertThat(metrics.flushes).as("a failed flush is not timed").hasValue(0);
    } finally {
      store.close();
    }
  }

  @Test
  void jfrRecordingShowsFlushForceSliceRollAndRecoveryEvents() throws Exception {
    Path dump = tmp.resolve("events.jfr");
    try (Recording recording = new Recording()) {
      for (String name : List.of("streamstore.file.Flush", "streamstore.file.Force",
          "streamstore.file.SliceRoll", "streamstore.Recovery")) {
        recording.enable(name).withoutThreshold();
      }
      recording.start();
      String url = "streamstore:file:" + tmp.resolve("jfr") + "?sliceMaxMsgs=3";
      try (Store store = Stores.open(url)) {
        store.recover();
        store.init(ServerInfo.newBuilder().setClusterID("c").build());
        Channel ch = store.createChannel("orders");
        for (long seq = 1; seq <= 7; seq++) {
          ch.msgs().store(msg(seq));
        }
        ch.msgs().flush();
      }
      try (Store store = Stores.open(url)) {
        store.recover();
      }
      recording.stop();
      recording.dump(dump);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
    Set<String> names = events.stream().map(e -> e.getEventType().getName()).collect(Collectors.toSet());
    assertThat(names).contains("streamstore.file.Flush", "streamstore.file.Force",
        "streamstore.file.SliceRoll", "streamstore.Recovery");
    assertThat(events.stream().filter(e -> e.getEventType().getName().equals("streamstore.file.SliceRoll")))
        .as("7 messages in slices of 3 roll over twice")
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getString("channel")).isEqualTo("orders"));
    assertThat(events.stream().filter(e -> e.getEventType().getName().equals("streamstore.Recovery")))
        .extracting(e -> e.getInt("channels"))
        .containsExactly(0, 1);
    assertThat(Files.size(dump)).isPositive();
  }
}
