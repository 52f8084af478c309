package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Message limits: count, bytes and age (NSS TestCSMaxMsgs, TestCSMaxAge, TestCSMaxAgeWithGapInSeq,
 * TestCSMaxAgeForMsgsWithTimestampInPast, the expiry halves of TestCSGetSeqFromStartTime,
 * TestCSFirstAndLastMsg and TestCSMsgStoreEmpty).
 *
 * <p>Byte limits are checked against the backend's own accounting: the suite measures what one
 * message costs by storing it in a probe channel. Age is measured from the message's timestamp, so
 * messages stamped an hour ago expire at once under a one-minute {@code maxAge}; only the tests that
 * must see time pass use short ages, and they poll with a generous timeout instead of sleeping a fixed
 * time.
 */
public abstract class MsgLimitsConformance extends ConformanceSupport {

  private static final long HOUR_NANOS = 3_600_000_000_000L;

  /** The bytes the backend accounts for {@code m}, measured in a throw-away channel. */
  private static long accountedSize(Store s, MsgProto m) {
    Channel probe = s.createChannel("tck.probe");
    probe.msgs().store(m);
    long bytes = probe.msgs().state().bytes();
    s.deleteChannel("tck.probe");
    return bytes;
  }

  private static StoreLimits limits(long maxMsgs, long maxBytes, Duration maxAge) {
    return StoreLimits.builder().maxChannels(100).maxMsgs(maxMsgs).maxBytes(maxBytes).maxAge(maxAge)
        .build();
  }

  @Test
  void countAndByteLimitsDropTheOldestMessages() {
    Store s = openFresh();
    long each = accountedSize(s, msg("foo", 1, "hello"));
    int limitCount = (int) Math.min(50, (500 + each - 1) / each);
    s.setLimits(limits(limitCount, limitCount * each, Duration.ZERO));
    int totalSent = limitCount + 60;
    Channel foo = s.createChannel("foo");
    storeRange(foo.msgs(), "foo", 1, totalSent, "hello");
    MsgStore ms = foo.msgs();
    assertThat(ms.state()).isEqualTo(new MsgStoreState(limitCount, limitCount * each));
    long firstKept = totalSent - limitCount + 1;
    assertThat(ms.lookup(1)).isEmpty();
    assertThat(ms.lookup(firstKept - 1)).isEmpty();
    assertThat(ms.firstMsg().orElseThrow().getSequence()).isEqualTo(firstKept);
    assertThat(ms.firstSequence()).isEqualTo(firstKept);
    assertThat(ms.lastMsg().orElseThrow().getSequence()).isEqualTo(totalSent);
    assertThat(ms.lastSequence()).isEqualTo(totalSent);

    // A message bigger than maxBytes is stored and every other one removed.
    MsgProto big = msg("foo", totalSent + 1, payload((int) (limitCount * each) + 100), nowNanos());
    ms.store(big);
    assertThat(ms.state()).isEqualTo(new MsgStoreState(1, accountedSize(s, big)));
    assertThat(ms.lookup(totalSent + 1)).contains(big);
  }

  @Test
  void onlyNonZeroLimitsAreApplied() {
    Store s = openFresh();
    long each = accountedSize(s, msg("maxcount", 1, "hello"));
    s.setLimits(limits(10, 0, Duration.ZERO));
    Channel counted = s.createChannel("maxcount");
    storeRange(counted.msgs(), "maxcount", 1, 20, "hello");
    assertThat(counted.msgs().state()).isEqualTo(new MsgStoreState(10, 10 * each));

    int expectedCount = (int) ((1000 + each - 1) / each);
    s.setLimits(limits(0, expectedCount * each, Duration.ZERO));
    Channel sized = s.createChannel("maxbytes");
    storeRange(sized.msgs(), "maxbytes", 1, expectedCount + 10, "hello");
    assertThat(sized.msgs().state())
        .isEqualTo(new MsgStoreState(expectedCount, expectedCount * each));
  }

  @Test
  void theLastMessageIsKeptEvenWhenItAloneExceedsMaxBytes() {
    Store s = openFresh(limits(0, 10, Duration.ZERO));
    Channel foo = s.createChannel("foo");
    for (int seq = 1; seq <= 3; seq++) {
      MsgProto m = msg("foo", seq, payload(100), nowNanos());
      foo.msgs().store(m);
      assertThat(foo.msgs().state().count()).isEqualTo(1);
      assertThat(foo.msgs().lookup(seq)).contains(m);
      assertThat(foo.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(seq, seq));
    }
  }

  @Test
  void maxMsgsOfOneKeepsOnlyTheNewest() {
    Channel foo = openFresh(limits(1, 0, Duration.ZERO)).createChannel("foo");
    storeRange(foo.msgs(), "foo", 1, 5);
    assertThat(foo.msgs().state().count()).isEqualTo(1);
    assertThat(foo.msgs().firstMsg()).isEqualTo(foo.msgs().lastMsg());
    assertThat(foo.msgs().firstSequence()).isEqualTo(5);
  }

  @Test
  void messagesOlderThanMaxAgeExpireAndYoungerOnesStay() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel foo = openFresh(limits(0, 0, Duration.ofMinutes(1))).createChannel("foo");
    long old = nowNanos() - HOUR_NANOS;
    for (int seq = 1; seq <= 10; seq++) {
      foo.msgs().store(msg("foo", seq, payload(5), old));
    }
    storeRange(foo.msgs(), "foo", 11, 15);
    awaitUntil("the 10 old messages expired", () -> foo.msgs().state().count() == 5);
    assertThat(foo.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(11, 15));
    for (long seq = 1; seq <= 10; seq++) {
      assertThat(foo.msgs().lookup(seq)).isEmpty();
    }
    assertThat(foo.msgs().firstMsg().orElseThrow().getSequence()).isEqualTo(11);
  }

  @Test
  void allMessagesExpireInTheBackgroundAndFirstBecomesLastPlusOne() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel foo = openFresh(limits(0, 0, Duration.ofMillis(300))).createChannel("foo");
    MsgStore ms = foo.msgs();
    storeRange(ms, "foo", 1, 15);
    awaitUntil("all messages expired", () -> ms.state().count() == 0);
    assertThat(ms.state()).isEqualTo(new MsgStoreState(0, 0));
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(16, 15));
    assertThat(ms.firstMsg()).isEmpty();
    assertThat(ms.lastMsg()).isEmpty();
    assertThat(ms.lookup(15)).isEmpty();
    long now = nowNanos();
    assertThat(ms.sequenceForTimestamp(now - HOUR_NANOS)).isEqualTo(16);
    assertThat(ms.sequenceForTimestamp(now + HOUR_NANOS)).isEqualTo(16);
  }

  @Test
  void expiryKeepsWorkingWhenMaxMsgsRemovedTheMessageFirst() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel bar = openFresh(limits(1, 0, Duration.ofSeconds(1))).createChannel("bar");
    MsgStore ms = bar.msgs();
    store(bar, 1, "m1");
    store(bar, 2, "m2");
    assertThat(ms.lookup(1)).as("m1 replaced by m2 under maxMsgs=1").isEmpty();
    awaitUntil("m2 expired", () -> ms.state().count() == 0);
    assertThat(ms.lookup(2)).isEmpty();
    // expiry must start again for messages stored after everything expired
    assertThat(ms.store(msg("bar", 3, "m3"))).isEqualTo(3);
    awaitUntil("m3 expired", () -> ms.state().count() == 0);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(4, 3));
  }

  @Test
  void expiryHandlesGapsInSequences() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel foo = openFresh(limits(0, 0, Duration.ofMillis(300))).createChannel("foo");
    storeRange(foo.msgs(), "foo", 1, 10);
    storeRange(foo.msgs(), "foo", 21, 30);
    isGapPlaceholder(foo.msgs(), 15);
    awaitUntil("all messages expired", () -> foo.msgs().state().count() == 0);
    assertThat(foo.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(31, 30));
  }

  @Test
  void messagesStampedLongAgoExpireAtOnceAndLaterOnesAreKept() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel foo = openFresh(limits(0, 0, Duration.ofMinutes(1))).createChannel("foo");
    long twoMinutesAgo = nowNanos() - 120_000_000_000L;
    for (int seq = 1; seq <= 5; seq++) {
      foo.msgs().store(msg("foo", seq, payload(10), twoMinutesAgo));
    }
    awaitUntil("messages stamped two minutes ago expired", () -> foo.msgs().state().count() == 0);
    assertThat(foo.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(6, 5));
    MsgProto young = store(foo, 6, "young");
    assertThat(foo.msgs().lookup(6)).contains(young);
    assertThat(foo.msgs().state().count()).isEqualTo(1);
  }

  @Test
  void firstAndLastMessagesFollowExpiry() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel foo = openFresh(limits(0, 0, Duration.ofMinutes(1))).createChannel("foo");
    MsgStore ms = foo.msgs();
    long old = nowNanos() - HOUR_NANOS;
    ms.store(msg("foo", 1, "msg".getBytes(), old));
    ms.store(msg("foo", 2, "msg".getBytes(), old));
    awaitUntil("both messages expired", () -> ms.state().count() == 0);
    assertThat(ms.firstMsg()).isEmpty();
    assertThat(ms.lastMsg()).isEmpty();
    store(foo, 3, "msg");
    store(foo, 4, "msg");
    assertThat(ms.firstMsg().orElseThrow().getSequence()).isEqualTo(3);
    assertThat(ms.lastMsg().orElseThrow().getSequence()).isEqualTo(4);
  }

  @Test
  void emptyWhileExpiryIsPendingDoesNotBreakLaterStores() {
    assume(Capability.BACKGROUND_EXPIRY);
    Channel foo = openFresh(limits(0, 0, Duration.ofMillis(300))).createChannel("foo");
    MsgStore ms = foo.msgs();
    storeRange(ms, "foo", 1, 10);
    ms.empty();
    sleep(Duration.ofMillis(600)); // past the expiry that was scheduled for the removed messages
    assertThat(ms.state()).isEqualTo(new MsgStoreState(0, 0));
    assertThat(ms.store(msg("foo", 20, "msg20"))).isEqualTo(20);
    assertThat(ms.lastSequence()).isEqualTo(20);
    awaitUntil("message 20 expired", () -> ms.state().count() == 0);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(21, 20));
  }

  /** Stores {@code from..to} with the same payload, so that every message has the same size. */
  private static void storeRange(MsgStore ms, String channel, long from, long to, String data) {
    for (long seq = from; seq <= to; seq++) {
      ms.store(msg(channel, seq, data));
    }
  }
}
