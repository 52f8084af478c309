package io.streamstore.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.streamstore.Stores;
import io.streamstore.spi.Store;
import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.StoreLocation;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Conformance-suite locations on test servers: every location is a fresh store prefix; closing it
 * deletes the prefix's streams and bucket, so the server does not fill up with test streams.
 */
final class JetStreamLocations {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private JetStreamLocations() {}

  /** Locations on the servers {@code servers} supplies, with {@code replicas} replicas. */
  static StoreFactory on(Supplier<NatsServers> servers, int replicas, String extraOptions) {
    return StoreFactory.of(() -> {
      NatsServers s = servers.get();
      String prefix = "tck" + COUNTER.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
      String url = "streamstore:jetstream://" + s.hostPorts() + "?prefix=" + prefix
          + "&replicas=" + replicas + extraOptions;
      return new StoreLocation() {
        @Override
        public Store open() {
          return Stores.open(url);
        }

        @Override
        public void close() throws Exception {
          dropPrefix(s, prefix);
        }

        @Override
        public String toString() {
          return url;
        }
      };
    }, Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }

  /** Deletes every stream of {@code prefix}, the state bucket included. */
  static void dropPrefix(NatsServers s, String prefix) throws Exception {
    try (Connection nc = s.connect()) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      for (String name : jsm.getStreamNames()) {
        if (name.startsWith(prefix + "_") || name.equals("KV_" + prefix + "_STATE")) {
          jsm.deleteStream(name);
        }
      }
    }
  }
}
