package io.streamstore.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's ceiling for W1: plain jnats asynchronous publishes of {@code count} messages of
 * {@code size} bytes into a fresh stream, at most {@code window} awaiting their acknowledgement (the
 * backend's {@code maxPendingAcks} default), then waiting for all. Not a test; run by hand:
 * {@code java -cp ... io.streamstore.jetstream.RawPublishRate nats://127.0.0.1:4222 1 1000000 128}.
 */
public final class RawPublishRate {

  private RawPublishRate() {}

  /** Args: servers (comma-separated), replicas, count, size[, window]. */
  public static void main(String[] args) throws Exception {
    String servers = args[0];
    int replicas = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    int size = Integer.parseInt(args[3]);
    int window = args.length > 4 ? Integer.parseInt(args[4]) : 16_384;
    String stream = "RAW_" + System.nanoTime();
    try (Connection nc = Nats.connect(new io.nats.client.Options.Builder()
        .servers(servers.split(",")).build())) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".x")
          .storageType(StorageType.File).replicas(replicas).build());
      JetStream js = nc.jetStream();
      byte[] data = new byte[size];
      ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        pending.add(js.publishAsync(stream + ".x", data));
        while (pending.size() >= window || (!pending.isEmpty() && pending.peekFirst().isDone())) {
          pending.pollFirst().get(10, TimeUnit.SECONDS);
        }
      }
      while (!pending.isEmpty()) {
        pending.pollFirst().get(10, TimeUnit.SECONDS);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("RAW_JNATS_ASYNC replicas=%d count=%d size=%d window=%d seconds=%.2f"
          + " msgsPerSec=%.0f%n", replicas, count, size, window, s, count / s);
      jsm.deleteStream(stream);
    }
  }
}
