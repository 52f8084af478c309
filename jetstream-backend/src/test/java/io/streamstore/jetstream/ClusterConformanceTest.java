package io.streamstore.jetstream;

import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole conformance suite on a 3-node JetStream cluster started for this class (routes on
 * loopback), with R3 streams and bucket.
 * Skipped, with the reason, when there is no nats-server binary.
 */
class ClusterConformanceTest extends StoreConformance {

  private static NatsServers servers;

  static synchronized NatsServers servers() {
    if (servers == null) {
      try {
        servers = NatsServers.cluster(3);
      } catch (org.opentest4j.TestAbortedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot start nats-server: " + e, e);
      }
    }
    return servers;
  }

  @AfterAll
  static synchronized void stopServers() throws Exception {
    if (servers != null) {
      servers.close();
      servers = null;
    }
  }

  @Override
  protected StoreFactory factory() {
    NatsServers.assumeAvailable();
    return JetStreamLocations.on(ClusterConformanceTest::servers, 3, "");
  }
}
