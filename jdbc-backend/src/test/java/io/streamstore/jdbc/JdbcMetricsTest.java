package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the JDBC backend reports: {@link StoreMetrics} events with no metrics library on the class
 * path, the pool tracker asked for, and JFR flush and recovery events.
 */
class JdbcMetricsTest {

  @TempDir Path tmp;

  private static MsgProto msg(long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("orders")
        .setData(ByteString.copyFromUtf8("m" + seq)).setTimestamp(seq).build();
  }

  private static final class Counting implements StoreMetrics {
    final AtomicLong stored = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong flushes = new AtomicLong();
    final AtomicLong recoveries = new AtomicLong();
    final List<Class<?>> askedFor = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void stored(long size) {
      stored.incrementAndGet();
      bytes.addAndGet(size);
    }

    @Override
    public void flushed(long nanos) {
      flushes.incrementAndGet();
    }

    @Override
    public void recovered(long nanos, int channels) {
      recoveries.incrementAndGet();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      askedFor.add(type);
      return null;
    }
  }

  @Test
  void reportsWithoutMicrometerOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
    Counting metrics = new Counting();
    try (Store store = Stores.open("streamstore:jdbc:h2:mem:metrics?batchSize=3", new Properties(),
        metrics)) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel ch = store.createChannel("orders");
      long bytes = 0;
      for (long seq = 1; seq <= 7; seq++) {
        ch.msgs().store(msg(seq));
        bytes += msg(seq).getSerializedSize();
      }
      ch.msgs().flush();
      ch.msgs().flush(); // nothing left to write: not a flush of the database
      assertThat(metrics.stored).hasValue(7);
      assertThat(metrics.bytes).hasValue(bytes);
      assertThat(metrics.flushes).as("two full batches of 3, then the last message").hasValue(3);
      assertThat(metrics.recoveries).hasValue(1);
      assertThat(metrics.askedFor).extracting(Class::getName)
          .contains("com.zaxxer.hikari.metrics.MetricsTrackerFactory");
    }
  }

  @Test
  void jfrRecordingShowsFlushAndRecoveryEvents() throws Exception {
    Path dump = tmp.resolve("jdbc.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("streamstore.jdbc.Flush").withoutThreshold();
      recording.enable("streamstore.Recovery").withoutThreshold();
      recording.start();
      try (Store store = Stores.open("streamstore:jdbc:h2:mem:jfr")) {
        store.recover();
        store.init(ServerInfo.newBuilder().setClusterID("c").build());
        Channel ch = store.createChannel("orders");
        ch.msgs().store(msg(1));
        ch.msgs().store(msg(2));
        ch.msgs().flush();
      }
      recording.stop();
      recording.dump(dump);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
    assertThat(events).filteredOn(e -> e.getEventType().getName().equals("streamstore.jdbc.Flush"))
        .anySatisfy(e -> {
          assertThat(e.getString("channel")).isEqualTo("orders");
          assertThat(e.getInt("messages")).isEqualTo(2);
          assertThat(e.getString("database")).isEqualTo("H2");
        });
    assertThat(events).filteredOn(e -> e.getEventType().getName().equals("streamstore.Recovery"))
        .singleElement()
        .satisfies(e -> assertThat(e.getString("backend")).isEqualTo("JDBC"));
  }
}
