package io.streamstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binder's meters, fed by real file and H2 stores opened through {@code Stores.open}. */
class StreamstoreMetricsTest {

  @TempDir Path tmp;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamstoreMetrics metrics = StreamstoreMetrics.of(registry, Tags.of("store", "t"));

  private static MsgProto msg(long seq, int size) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("orders")
        .setData(ByteString.copyFrom(new byte[size])).setTimestamp(System.currentTimeMillis() * 1_000_000L)
        .build();
  }

  @Test
  void fileStoreReportsStoresBytesFlushesForcesRollOversAndRecovery() {
    String url = "streamstore:file:" + tmp.resolve("store") + "?sliceMaxMsgs=10";
    long bytes = 0;
    try (Store store = Stores.open(url, new Properties(), metrics)) {
      assertThat(store.recover()).isEmpty();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel ch = store.createChannel("orders");
      for (long seq = 1; seq <= 25; seq++) {
        MsgProto m = msg(seq, (int) seq);
        bytes += m.getSerializedSize();
        ch.msgs().store(m);
      }
      ch.msgs().flush();
    }
    assertThat(counter(StreamstoreMetrics.STORED)).isEqualTo(25);
    assertThat(counter(StreamstoreMetrics.BYTES)).isEqualTo(bytes);
    assertThat(counter(StreamstoreMetrics.SLICES)).isEqualTo(2); // slices 2 and 3 of 10 messages
    assertThat(timer(StreamstoreMetrics.FLUSH).count()).isEqualTo(1);
    assertThat(timer(StreamstoreMetrics.FORCE).count()).isGreaterThanOrEqualTo(1);
    assertThat(timer(StreamstoreMetrics.RECOVERY).count()).isEqualTo(1);

    try (Store store = Stores.open(url, new Properties(), metrics)) {
      assertThat(store.recover()).isPresent();
    }
    assertThat(timer(StreamstoreMetrics.RECOVERY).count()).isEqualTo(2);
    assertThat(timer(StreamstoreMetrics.RECOVERY).totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
        .isPositive();
  }

  @Test
  void jdbcStoreReportsFlushesErrorsAndItsPoolThroughHikarisTracker() throws Exception {
    String db = "jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1";
    Store store = Stores.open("streamstore:jdbc:" + db.substring(5), new Properties(), metrics);
    try (Connection sideDoor = DriverManager.getConnection(db)) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel ch = store.createChannel("orders");
      ch.msgs().store(msg(1, 100));
      ch.msgs().store(msg(2, 100));
      ch.msgs().flush();
      assertThat(counter(StreamstoreMetrics.STORED)).isEqualTo(2);
      assertThat(timer(StreamstoreMetrics.FLUSH).count()).isEqualTo(1);
      assertThat(registry.find("hikaricp.connections").tag("pool", "streamstore-H2").gauge())
          .as("HikariCP's own Micrometer gauges for the backend's pool")
          .isNotNull();

      try (Statement s = sideDoor.createStatement()) {
        s.execute("DROP TABLE ss_messages");
      }
      ch.msgs().store(msg(3, 100));
      assertThatThrownBy(() -> ch.msgs().flush()).isInstanceOf(StoreException.class);
      Counter errors = registry.find(StreamstoreMetrics.ERRORS).tag("operation", "flush")
          .tag("exception", "JdbcStoreException").tag("store", "t").counter();
      assertThat(errors).isNotNull();
      assertThat(errors.count()).isEqualTo(1);
      assertThat(timer(StreamstoreMetrics.FLUSH).count()).as("a failed flush is not timed").isEqualTo(1);
    } finally {
      try {
        store.close();
      } catch (StoreException expected) {
        // closing flushes message 3 again, into the dropped table
      }
    }
  }

  @Test
  void unwrapHandsOutTheRegistryAndNothingUnknown() {
    assertThat(metrics.unwrap(SimpleMeterRegistry.class)).isSameAs(registry);
    assertThat(metrics.unwrap(String.class)).isNull();
  }

  private double counter(String name) {
    Counter c = registry.find(name).tag("store", "t").counter();
    assertThat(c).as(name).isNotNull();
    return c.count();
  }

  private Timer timer(String name) {
    Timer t = registry.find(name).tag("store", "t").timer();
    assertThat(t).as(name).isNotNull();
    return t;
  }
}
