package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every conformance test class: opens stores through the backend's {@link StoreFactory},
 * closes and removes them after each test, and offers the small builders the tests share (messages,
 * subscriptions, clients) and a polling wait for background work.
 *
 * <p>Every store is opened the way a server opens one: {@code open}, {@code setLimits} when the test
 * asks for limits, {@code recover()}, and {@code init} when nothing was recovered.
 */
public abstract class ConformanceSupport {

  /** How long background work (expiry) may take before a test gives up; generous on purpose. */
  protected static final Duration PATIENCE = Duration.ofSeconds(15);

  /** The server information the suite stores with {@code init}. */
  protected static final ServerInfo SERVER_INFO =
      ServerInfo.newBuilder()
          .setClusterID("tck-cluster")
          .setDiscovery("_STAN.discover.tck")
          .setPublish("_STAN.pub.tck")
          .setSubscribe("_STAN.sub.tck")
          .setUnsubscribe("_STAN.unsub.tck")
          .setClose("_STAN.close.tck")
          .setSubClose("_STAN.subclose.tck")
          .setAcksSubs("_STAN.acks.tck")
          .setNodeID("node-a")
          .build();

  private StoreFactory resolvedFactory;
  private final List<StoreLocation> locations = new ArrayList<>();
  private final List<Store> opened = new ArrayList<>();
  private StoreLocation location;
  private Store current;

  /** The backend under test. Called once before each test. */
  protected abstract StoreFactory factory();

  @BeforeEach
  final void resolveFactory() {
    resolvedFactory = factory();
    Assertions.assertNotNull(resolvedFactory, "factory() returned null");
  }

  @AfterEach
  final void closeEverything() throws Exception {
    Exception failure = null;
    for (Store s : opened) {
      try {
        s.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    opened.clear();
    for (StoreLocation l : locations) {
      try {
        l.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    locations.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Skips the test unless the backend declares {@code capability}. */
  protected final void assume(Capability capability) {
    Assumptions.assumeTrue(
        has(capability), "backend does not declare capability " + capability + "; not applicable");
  }

  /** Whether the backend declares {@code capability}. */
  protected final boolean has(Capability capability) {
    return resolvedFactory.capabilities().contains(capability);
  }

  /** Opens a store at a new location with the driver's default limits, recovered (empty) and initialized. */
  protected final Store openFresh() {
    return openFresh(null);
  }

  /** Opens a store at a new location with {@code limits}, recovered (empty) and initialized. */
  protected final Store openFresh(StoreLimits limits) {
    try {
      location = resolvedFactory.newLocation();
    } catch (Exception e) {
      throw new AssertionError("factory could not create a location: " + e, e);
    }
    locations.add(location);
    Store s = openAt(location, limits);
    Optional<RecoveredState> state = s.recover();
    assertThat(state).as("state recovered from a fresh location").isEmpty();
    s.init(SERVER_INFO);
    return s;
  }

  /**
   * Opens a store at a new location and recovers it (empty) without calling {@code init}, for tests
   * of what happens when the server information is missing.
   */
  protected final Store openFreshWithoutInit() {
    try {
      location = resolvedFactory.newLocation();
    } catch (Exception e) {
      throw new AssertionError("factory could not create a location: " + e, e);
    }
    locations.add(location);
    Store s = openAt(location, null);
    assertThat(s.recover()).as("state recovered from a fresh location").isEmpty();
    return s;
  }

  /**
   * Closes the current store and opens its location again with {@code limits} (null: driver
   * defaults), without calling {@code recover()}: the test does.
   */
  protected final Store reopen(StoreLimits limits) {
    if (location == null) {
      throw new IllegalStateException("reopen() before openFresh()");
    }
    current.close();
    return openAt(location, limits);
  }

  /** Closes the current store, reopens it with {@code limits} and returns what it recovered. */
  protected final RecoveredState recoverAfterReopen(StoreLimits limits) {
    Store s = reopen(limits);
    Optional<RecoveredState> state = s.recover();
    assertThat(state).as("state recovered after reopening a persistent store").isPresent();
    return state.get();
  }

  /** Opens a second store on the current location while the first stays open (lock tests). */
  protected final Store openSecondOnSameLocation() {
    Store s = location.open();
    opened.add(s);
    return s;
  }

  /** The store most recently opened by {@link #openFresh} or {@link #reopen}. */
  protected final Store currentStore() {
    return current;
  }

  private Store openAt(StoreLocation where, StoreLimits limits) {
    Store s = where.open();
    assertThat(s).as("store opened by " + where).isNotNull();
    opened.add(s);
    current = s;
    if (limits != null) {
      s.setLimits(limits);
    }
    return s;
  }

  // ---- builders -------------------------------------------------------------------------------

  /** A message of {@code channel} with sequence {@code seq}, payload {@code data}, timestamp now. */
  protected static MsgProto msg(String channel, long seq, String data) {
    return msg(channel, seq, data.getBytes(StandardCharsets.UTF_8), nowNanos());
  }

  /** A message with every field given. */
  protected static MsgProto msg(String channel, long seq, byte[] data, long timestampNanos) {
    return MsgProto.newBuilder()
        .setSequence(seq)
        .setSubject(channel)
        .setData(ByteString.copyFrom(data))
        .setTimestamp(timestampNanos)
        .build();
  }

  /** Stores a message with sequence {@code seq} and payload {@code data}; returns what was stored. */
  protected static MsgProto store(Channel channel, long seq, String data) {
    MsgProto m = msg(channel.name(), seq, data);
    assertThat(channel.msgs().store(m)).as("sequence returned by store()").isEqualTo(seq);
    return m;
  }

  /** Stores messages {@code from..to} (inclusive) with payload {@code "msg<seq>"}. */
  protected static void storeRange(MsgStore msgs, String channel, long from, long to) {
    for (long seq = from; seq <= to; seq++) {
      msgs.store(msg(channel, seq, "msg" + seq));
    }
  }

  /** A payload of {@code size} bytes, a repeating pattern (not all zeros). */
  protected static byte[] payload(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  /** The current time in nanoseconds since the epoch, as NATS timestamps are. */
  protected static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** A plain subscription of {@code clientId}. */
  protected static SubState sub(String clientId) {
    return SubState.newBuilder()
        .setClientID(clientId)
        .setInbox("inbox." + clientId)
        .setAckInbox("ack." + clientId)
        .setMaxInFlight(1024)
        .setAckWaitInSecs(30)
        .build();
  }

  /** A durable subscription of {@code clientId} named {@code durable}. */
  protected static SubState durableSub(String clientId, String durable) {
    return sub(clientId).toBuilder().setDurableName(durable).setIsDurable(true).build();
  }

  /** A client record with a heartbeat inbox and a connection id. */
  protected static ClientInfo client(String id) {
    return ClientInfo.newBuilder()
        .setID(id)
        .setHbInbox("hb." + id)
        .setConnID(ByteString.copyFromUtf8("conn-" + id))
        .setProtocol(1)
        .setPingInterval(5)
        .setPingMaxOut(3)
        .build();
  }

  /** Limits with only {@code maxMsgs} set (plus generous channel and subscription counts). */
  protected static StoreLimits maxMsgs(long n) {
    return StoreLimits.builder().maxChannels(100).maxMsgs(n).build();
  }

  // ---- gaps ----------------------------------------------------------------------------------

  /**
   * Whether the backend filled the gap at {@code seq} with a placeholder message, as the NATS file
   * format does to keep its index contiguous: such a placeholder has the gap's sequence and no data
   * or reply. A backend may also keep nothing for a gap, and {@code lookup} is then empty. Anything
   * else found at a gap sequence fails the test.
   */
  protected static boolean isGapPlaceholder(MsgStore ms, long seq) {
    Optional<MsgProto> m = ms.lookup(seq);
    if (m.isEmpty()) {
      return false;
    }
    assertThat(m.get().getSequence()).as("sequence of the message found in gap %d", seq)
        .isEqualTo(seq);
    assertThat(m.get().getData().isEmpty())
        .as("a message found in gap %d is a placeholder without data", seq)
        .isTrue();
    assertThat(m.get().getReply()).as("reply of the placeholder for gap %d", seq).isEmpty();
    return true;
  }

  /** A gap of a trillion sequences: far beyond any gap a backend may fill with placeholders. */
  protected static final long HUGE_GAP = 1_000_000_000_000L;

  /**
   * Checks a log that holds {@code m1} (sequence 1), {@code far} (1 + {@link #HUGE_GAP}) and {@code
   * max} ({@link Long#MAX_VALUE}): nothing is kept inside either gap, whatever the backend (the SPI
   * bounds the work and space of a gap), and the three messages read back as stored.
   */
  protected static void assertOnlyTheMessagesAroundHugeGaps(
      MsgStore ms, MsgProto m1, MsgProto far, MsgProto max) {
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, Long.MAX_VALUE));
    assertThat(ms.state().count()).as("a huge gap adds nothing to the count").isEqualTo(3);
    assertThat(ms.lookup(1)).contains(m1);
    assertThat(ms.lookup(far.getSequence())).contains(far);
    assertThat(ms.lookup(Long.MAX_VALUE)).contains(max);
    for (long seq : new long[] {2, 3, 1025, 1026, HUGE_GAP / 2, HUGE_GAP, far.getSequence() + 1,
        far.getSequence() + 1025, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1}) {
      assertThat(ms.lookup(seq)).as("lookup(%d) inside a huge gap", seq).isEmpty();
    }
    assertThat(ms.firstMsg()).contains(m1);
    assertThat(ms.lastMsg()).contains(max);
  }

  /** Whether {@code m} is a gap placeholder (no data, no reply) rather than a stored message. */
  protected static boolean isPlaceholder(MsgProto m) {
    return m.getData().isEmpty() && m.getReply().isEmpty();
  }

  // ---- waiting -------------------------------------------------------------------------------

  /**
   * Polls {@code condition} until it holds; fails after {@link #PATIENCE}, saying {@code what} was
   * awaited. Never asserts that something happened within a short time.
   */
  protected static void awaitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        Assertions.fail("gave up after " + PATIENCE.toSeconds() + " s waiting until " + what);
      }
      sleep(Duration.ofMillis(20));
    }
  }

  /** Sleeps, turning an interrupt into a test failure. */
  protected static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
