package io.streamstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreMetrics;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root README's Micrometer example, as written there (with a temporary directory). */
class ReadmeMetricsExampleTest {

  @TempDir Path tmp;

  @Test
  void theReadmeExampleRunsAndItsMetersExist() {
    String url = "streamstore:file:" + tmp;
    // --- as in README.md, section Metrics
    MeterRegistry registry = new SimpleMeterRegistry();              // or your application's registry
    StoreMetrics metrics = StreamstoreMetrics.of(registry, Tags.of("store", "orders"));
    try (Store store = Stores.open(url, new Properties(), metrics)) {
      store.recover();                                                // times streamstore.recovery
      // ... store and flush as usual ...
      store.init(ServerInfo.newBuilder().setClusterID("demo").build());
      var msgs = store.createChannel("orders").msgs();
      msgs.store(MsgProto.newBuilder().setSequence(1).setSubject("orders").build());
      msgs.flush();
    }
    double flushes = registry.get("streamstore.flush").timer().count();
    double stored = registry.get("streamstore.messages.stored").counter().count();
    var errors = registry.find("streamstore.errors").counters();
    // ---
    assertThat(flushes).isEqualTo(1);
    assertThat(stored).isEqualTo(1);
    assertThat(errors).isEmpty();
  }
}
