package io.streamstore.cli;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A small, known store content for the command tests: two clients, channel {@code orders} with text
 * messages 1..N, channel {@code bin} with binary payloads, and on {@code orders} a durable
 * subscription with pending 3..5 and a plain one with nothing pending.
 */
final class SampleStore {

  static final long T0 = 1_700_000_000_000_000_000L;

  private SampleStore() {}

  /** Opens {@code url}, recovered or initialised, with unlimited limits. */
  static Store open(String url) {
    Store store = Stores.open(url);
    store.setLimits(StoreLimits.UNLIMITED);
    if (store.recover().isEmpty()) {
      store.init(ServerInfo.newBuilder().setClusterID("test-cluster").setNodeID("n1").build());
    }
    return store;
  }

  /** Fills a fresh store at {@code url} with {@code orders} messages in channel orders. */
  static void create(String url, int orders) {
    try (Store store = open(url)) {
      store.addClient(ClientInfo.newBuilder().setID("client-a").setHbInbox("_INBOX.hb.a").build());
      store.addClient(ClientInfo.newBuilder().setID("client-b").setHbInbox("_INBOX.hb.b").build());
      Channel ch = store.createChannel("orders");
      appendOrders(ch, 1, orders);
      long durable = ch.subs().createSub(SubState.newBuilder().setClientID("client-a")
          .setInbox("_INBOX.a").setAckInbox("_INBOX.a.ack").setDurableName("dur")
          .setIsDurable(true).setMaxInFlight(10).setAckWaitInSecs(30).build());
      for (long seq = 1; seq <= 5; seq++) {
        ch.subs().addSeqPending(durable, seq);
      }
      ch.subs().ackSeqPending(durable, 1);
      ch.subs().ackSeqPending(durable, 2);
      ch.subs().createSub(SubState.newBuilder().setClientID("client-b").setInbox("_INBOX.b")
          .setAckInbox("_INBOX.b.ack").setMaxInFlight(1).setAckWaitInSecs(30).build());
      ch.subs().flush();
      Channel bin = store.createChannel("bin");
      for (long seq = 1; seq <= 3; seq++) {
        bin.msgs().store(MsgProto.newBuilder().setSequence(seq).setSubject("bin")
            .setTimestamp(T0 + seq).setData(ByteString.copyFrom(new byte[] {0, (byte) seq, -1}))
            .build());
      }
      bin.msgs().flush();
    }
  }

  /** Appends text messages {@code from..to} to channel orders of the store at {@code url}. */
  static void appendOrders(String url, long from, long to) {
    try (Store store = Stores.open(url)) {
      store.setLimits(StoreLimits.UNLIMITED);
      RecoveredState state = store.recover().orElseThrow();
      appendOrders(state.channels().get("orders").channel(), from, to);
    }
  }

  static void appendOrders(Channel ch, long from, long to) {
    for (long seq = from; seq <= to; seq++) {
      ch.msgs().store(order(seq));
    }
    ch.msgs().flush();
  }

  static MsgProto order(long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("orders")
        .setReply(seq % 10 == 0 ? "_INBOX.reply." + seq : "")
        .setTimestamp(T0 + seq * 1_000_000_000L)
        .setData(ByteString.copyFrom("order " + seq, StandardCharsets.UTF_8))
        .build();
  }

  /** The recovered state of the store at {@code url}, read and closed. */
  static <T> T read(String url, java.util.function.Function<RecoveredState, T> reader) {
    try (Store store = Stores.open(url)) {
      store.setLimits(StoreLimits.UNLIMITED);
      Optional<RecoveredState> state = store.recover();
      return reader.apply(state.orElseThrow());
    }
  }

  static RecoveredChannel channel(RecoveredState s, String name) {
    return s.channels().get(name);
  }
}
