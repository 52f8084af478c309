package io.streamstore.torture;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The scripted workload of the crash and fault tests (T2, T3, T6, T7): create channels, append
 * messages (slices roll every few messages), create subscriptions and record pending/acks (subs.dat
 * grows and gets compacted), add and delete clients (clients.dat), and close/reopen now and then.
 * Every durable acknowledgement goes to {@code ack} right after the call that makes it durable
 * returned; the vocabulary is {@link AckLedger}'s.
 *
 * <p>The first exception thrown by the store ends the run and is returned to the caller (after the
 * store was closed), so fault tests can inspect it.
 */
final class Workload {

  /** The store options of these workloads: small slices, eager compaction. */
  static final String OPTIONS = "sliceMaxMsgs=6&compactMinFileSize=0&compactFragmentation=1"
      + "&compactInterval=1s";

  /** {@link #OPTIONS} plus the operator's one-time torn-tail repair (NSS truncateUnexpectedEOF). */
  static final String REPAIR_OPTIONS = OPTIONS + "&truncateUnexpectedEOF=true";

  private final Supplier<Store> opener;
  private final Consumer<String> ack;
  private final SplittableRandom random;
  private final int steps;
  private final int maxPayload;
  private Store store;
  private final Map<String, Channel> channels = new HashMap<>();
  private final List<String> clients = new ArrayList<>();
  private final Map<String, List<Long>> subs = new HashMap<>();

  Workload(Supplier<Store> opener, Consumer<String> ack, long seed, int steps, int maxPayload) {
    this.opener = opener;
    this.ack = ack;
    this.random = new SplittableRandom(seed);
    this.steps = steps;
    this.maxPayload = maxPayload;
  }

  /** Runs to the end; returns the first exception the store threw, or null. */
  RuntimeException run() {
    try {
      open();
      for (String name : List.of("w.a", "w.b")) {
        if (!channels.containsKey(name)) {
          channels.put(name, store.createChannel(name));
        }
      }
      for (int i = 0; i < steps; i++) {
        step(i);
      }
      return null;
    } catch (RuntimeException e) {
      return e;
    } finally {
      if (store != null) {
        try {
          store.close();
        } catch (RuntimeException ignored) {
          // the first failure is what the caller judges
        }
      }
    }
  }

  private void open() {
    store = opener.get();
    channels.clear();
    Optional<RecoveredState> s = store.recover();
    if (s.isEmpty()) {
      store.init(ServerInfo.newBuilder().setClusterID("torture").setNodeID("w").build());
    } else {
      for (Map.Entry<String, RecoveredChannel> e : s.get().channels().entrySet()) {
        channels.put(e.getKey(), e.getValue().channel());
      }
    }
  }

  private void step(int i) {
    String name = random.nextBoolean() ? "w.a" : "w.b";
    Channel c = channels.get(name);
    long seq = c.msgs().lastSequence() + 1;
    c.msgs().store(Payloads.msg(name, seq, 10 + random.nextInt(maxPayload)));
    c.msgs().flush();
    ack.accept("msg:" + name + ":" + seq);
    int roll = random.nextInt(20);
    List<Long> ids = subs.computeIfAbsent(name, k -> new ArrayList<>());
    if (roll < 2 || ids.isEmpty()) {
      long id = c.subs().createSub(SubState.newBuilder().setClientID("wc").setInbox("in." + i)
          .setAckInbox("ack." + i).setDurableName("d" + i).setIsDurable(true).build());
      c.subs().flush();
      ids.add(id);
      ack.accept("sub:" + name + ":" + id);
    } else if (roll < 12) {
      long id = ids.get(random.nextInt(ids.size()));
      c.subs().addSeqPending(id, seq);
      if (random.nextBoolean()) {
        c.subs().ackSeqPending(id, seq);
      }
      c.subs().flush();
    } else if (roll < 15) {
      String id = "wclient-" + i;
      store.addClient(ClientInfo.newBuilder().setID(id).setHbInbox("hb." + i).build());
      clients.add(id);
      ack.accept("client:" + id);
    } else if (roll < 17 && !clients.isEmpty()) {
      String id = clients.remove(random.nextInt(clients.size()));
      // announced before the call: a delete in flight may take effect in a crash, and may not
      ack.accept("unclient:" + id);
      store.deleteClient(id);
    } else if (roll == 19 && random.nextInt(3) == 0) {
      store.close();
      open();
    }
  }
}
