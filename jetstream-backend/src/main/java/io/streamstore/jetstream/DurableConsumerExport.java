package io.streamstore.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.streamstore.proto.SubState;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The export step of a migration into JetStream: for every durable subscription, a JetStream durable
 * (pull) consumer on the channel's stream, so that the application, once moved to a JetStream client,
 * carries on where its NATS Streaming durable stopped. What NATS's own {@code stan2js} does, but from
 * the stored state, without a running NATS Streaming server.
 *
 * <p>A consumer starts at the durable's oldest unacknowledged sequence (the lowest of its pending
 * set), or right after its last sent sequence when nothing is pending: everything before the start
 * was acknowledged. Sequences acknowledged above the oldest pending one are delivered again
 * (at-least-once, as a NATS Streaming redelivery would). Settings: explicit acks, ack wait =
 * the durable's {@code AckWaitInSecs}, max ack pending = its {@code MaxInFlight}. Name: {@link
 * StreamNames#token} of {@code <client id>.<durable name>} ({@code <queue group>.<durable name>} for
 * a queue durable), so any durable name becomes a valid consumer name. A consumer that already
 * exists is left as it is, so the export can run again.
 */
public final class DurableConsumerExport {

  /**
   * One consumer.
   *
   * @param channel the channel
   * @param stream its stream
   * @param consumer the durable consumer name
   * @param startSequence the SPI sequence the consumer starts at
   * @param created false when it already existed and was kept
   */
  public record Consumer(String channel, String stream, String consumer, long startSequence,
      boolean created) {}

  private DurableConsumerExport() {}

  /**
   * Creates the consumers of every durable subscription in {@code state}, on the channels of
   * {@code store} (which must hold them, e.g. after {@code copy}).
   *
   * @throws InvalidArgumentException if {@code store} is not a JetStream store
   * @throws NotFoundException if a channel of {@code state} is not open in {@code store}
   */
  public static List<Consumer> export(Store store, RecoveredState state) {
    if (!(store instanceof JetStreamStore js)) {
      throw new InvalidArgumentException("durable consumers can only be created in a JetStream store,"
          + " not in a " + store.type() + " store");
    }
    JetStreamManagement jsm = js.management();
    List<Consumer> out = new ArrayList<>();
    for (RecoveredChannel rc : new TreeMap<>(state.channels()).values()) {
      String channel = rc.channel().name();
      for (RecoveredSubscription rs : rc.subscriptions()) {
        SubState sub = rs.sub();
        if (!sub.getIsDurable() && sub.getDurableName().isEmpty()) {
          continue;
        }
        JsMsgStore ms = js.messageStore(channel);
        if (ms == null) {
          throw new NotFoundException("channel " + channel + " is not in the JetStream store");
        }
        long startSpi = rs.pending().isEmpty() ? sub.getLastSent() + 1 : rs.pending().first();
        long startStream = ms.streamSequenceAtOrAfter(startSpi);
        String owner = sub.getQGroup().isEmpty() ? sub.getClientID() : sub.getQGroup();
        String name = StreamNames.token(owner + "." + sub.getDurableName());
        out.add(new Consumer(channel, ms.stream(), name, startSpi,
            create(jsm, ms.stream(), name, startStream, sub)));
      }
    }
    return out;
  }

  private static boolean create(JetStreamManagement jsm, String stream, String name, long start,
      SubState sub) {
    try {
      try {
        jsm.getConsumerInfo(stream, name);
        return false;
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() != 404) {
          throw e;
        }
      }
      ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
          .durable(name)
          .description("NATS Streaming durable " + sub.getDurableName() + " of "
              + (sub.getQGroup().isEmpty() ? "client " + sub.getClientID()
                  : "queue group " + sub.getQGroup()))
          .deliverPolicy(DeliverPolicy.ByStartSequence)
          .startSequence(start)
          .ackPolicy(AckPolicy.Explicit);
      if (sub.getAckWaitInSecs() > 0) {
        b.ackWait(Duration.ofSeconds(sub.getAckWaitInSecs()));
      }
      if (sub.getMaxInFlight() > 0) {
        b.maxAckPending(sub.getMaxInFlight());
      }
      jsm.addOrUpdateConsumer(stream, b.build());
      return true;
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot create durable consumer " + name + " on stream " + stream
          + ": " + e, e);
    }
  }
}
