package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message log of one channel without limits in play (NSS TestCSBasicMsgStore, TestCSMsgsState,
 * TestCSGetSeqFromStartTime, TestCSFirstAndLastMsg, TestCSMsgStoreEmpty; their expiry halves are in
 * {@link MsgLimitsConformance}).
 */
public abstract class MsgStoreConformance extends ConformanceSupport {

  @Test
  void emptyLogHasNoMessagesAndZeroSequences() {
    MsgStore ms = openFresh().createChannel("foo").msgs();
    assertThat(ms.firstMsg()).isEmpty();
    assertThat(ms.lastMsg()).isEmpty();
    assertThat(ms.firstSequence()).isZero();
    assertThat(ms.lastSequence()).isZero();
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(0, 0));
    assertThat(ms.state()).isEqualTo(new MsgStoreState(0, 0));
    assertThat(ms.lookup(1)).isEmpty();
  }

  @Test
  void storedMessagesAreLookedUpFirstAndLast() {
    Channel foo = openFresh().createChannel("foo");
    MsgStore ms = foo.msgs();
    MsgProto m1 = store(foo, 1, "m1");
    MsgProto m2 = store(foo, 2, "m2");
    assertThat(ms.lookup(1)).contains(m1);
    assertThat(ms.lookup(2)).contains(m2);
    assertThat(ms.firstMsg()).contains(m1);
    assertThat(ms.lastMsg()).contains(m2);
    assertThat(ms.firstSequence()).isEqualTo(1);
    assertThat(ms.lastSequence()).isEqualTo(2);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 2));
    assertThat(ms.state().count()).isEqualTo(2);
    MsgProto m3 = store(foo, 3, "last");
    assertThat(ms.lastMsg()).contains(m3);
  }

  @Test
  void everyFieldOfAMessageIsKept() {
    Channel foo = openFresh().createChannel("foo");
    byte[] data = new byte[300];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i; // includes zeros and bytes above 127
    }
    MsgProto m =
        MsgProto.newBuilder()
            .setSequence(1)
            .setSubject("foo")
            .setReply("reply.inbox")
            .setData(ByteString.copyFrom(data))
            .setTimestamp(1_600_000_000_123_456_789L)
            .setRedelivered(true)
            .setCRC32(0xCAFEBABE)
            .build();
    foo.msgs().store(m);
    MsgProto empty = MsgProto.newBuilder().setSequence(2).setSubject("foo").build();
    foo.msgs().store(empty);
    assertThat(foo.msgs().lookup(1)).contains(m);
    assertThat(foo.msgs().lookup(1).orElseThrow().toByteArray()).isEqualTo(m.toByteArray());
    assertThat(foo.msgs().lookup(2)).contains(empty);
  }

  @Test
  void aLargeMessageIsKeptByteForByte() {
    Channel foo = openFresh().createChannel("foo");
    MsgProto big = msg("foo", 1, payload(1024 * 1024), nowNanos());
    foo.msgs().store(big);
    assertThat(foo.msgs().lookup(1).orElseThrow().getData()).isEqualTo(big.getData());
  }

  @Test
  void stateCountsMessagesAndBytesPerChannel() {
    Store s = openFresh();
    Channel foo = s.createChannel("foo");
    Channel bar = s.createChannel("bar");
    store(foo, 1, "hello");
    store(bar, 1, "hello");
    MsgStoreState fooState = foo.msgs().state();
    assertThat(fooState.count()).isEqualTo(1);
    assertThat(fooState.bytes()).as("bytes of one message").isPositive();
    assertThat(bar.msgs().state()).as("same message, same accounting").isEqualTo(fooState);
    store(foo, 2, "hello");
    assertThat(foo.msgs().state())
        .as("two equal-sized messages count twice the bytes of one")
        .isEqualTo(new MsgStoreState(2, 2 * fooState.bytes()));
    assertThat(bar.msgs().state()).as("other channel unchanged").isEqualTo(fooState);
  }

  @Test
  void biggerMessagesAccountForMoreBytes() {
    Channel foo = openFresh().createChannel("foo");
    store(foo, 1, "x");
    long small = foo.msgs().state().bytes();
    foo.msgs().store(msg("foo", 2, payload(1000), nowNanos()));
    long both = foo.msgs().state().bytes();
    assertThat(both - small).as("bytes of a 1000-byte message").isGreaterThanOrEqualTo(1000);
  }

  @Test
  void aSequenceNotAboveTheLastIsIgnoredAndReturned() {
    Channel foo = openFresh().createChannel("foo");
    MsgProto m5 = store(foo, 5, "five");
    assertThat(foo.msgs().store(msg("foo", 3, "three"))).isEqualTo(3);
    assertThat(foo.msgs().store(msg("foo", 5, "other five"))).isEqualTo(5);
    assertThat(foo.msgs().lookup(3)).isEmpty();
    assertThat(foo.msgs().lookup(5)).contains(m5);
    assertThat(foo.msgs().state().count()).isEqualTo(1);
    assertThat(foo.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(5, 5));
  }

  @Test
  void theFirstMessageMayStartAboveOneAndGapsAreAllowed() {
    Channel foo = openFresh().createChannel("foo");
    MsgProto m10 = store(foo, 10, "ten");
    MsgProto m12 = store(foo, 12, "twelve");
    MsgProto m1000 = store(foo, 1000, "thousand");
    MsgStore ms = foo.msgs();
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(10, 1000));
    assertThat(ms.lookup(9)).as("before the first message").isEmpty();
    assertThat(ms.lookup(10)).contains(m10);
    assertThat(ms.lookup(12)).contains(m12);
    assertThat(ms.lookup(1000)).contains(m1000);
    boolean filled = isGapPlaceholder(ms, 11);
    assertThat(isGapPlaceholder(ms, 500)).as("both gaps handled alike").isEqualTo(filled);
    assertThat(ms.state().count())
        .as(filled ? "3 messages and 988 gap placeholders" : "3 messages")
        .isEqualTo(filled ? 991 : 3);
    assertThat(ms.firstMsg()).contains(m10);
    assertThat(ms.lastMsg()).contains(m1000);
  }

  @Test
  void gapsOfUpToAThousandSequencesAreHandledAlike() {
    Channel foo = openFresh().createChannel("foo");
    store(foo, 1, "one");
    store(foo, 3, "three"); // a gap of 1
    store(foo, 1004, "after a gap of 1000");
    MsgStore ms = foo.msgs();
    boolean filled = isGapPlaceholder(ms, 2);
    for (long seq : new long[] {4, 500, 1003}) {
      assertThat(isGapPlaceholder(ms, seq)).as("gap sequence %d handled like 2", seq)
          .isEqualTo(filled);
    }
    assertThat(ms.state().count()).isEqualTo(filled ? 1004 : 3);
  }

  @Test
  void aHugeGapKeepsNothingInsideItAndCostsNoMoreThanAnyStore() {
    Channel foo = openFresh().createChannel("foo");
    MsgProto m1 = store(foo, 1, "one");
    MsgProto far = store(foo, 1 + HUGE_GAP, "far");
    MsgProto max = store(foo, Long.MAX_VALUE, "max");
    foo.msgs().flush();
    assertOnlyTheMessagesAroundHugeGaps(foo.msgs(), m1, far, max);
    assertThat(foo.msgs().store(msg("foo", 2 + HUGE_GAP, "replay"))).isEqualTo(2 + HUGE_GAP);
    assertThat(foo.msgs().lookup(2 + HUGE_GAP)).as("below the last: ignored").isEmpty();
    assertThat(foo.msgs().state().count()).isEqualTo(3);
  }

  @Test
  void aHugeGapAfterEmptyStartsTheLogAtTheNewSequence() {
    Channel foo = openFresh().createChannel("foo");
    storeRange(foo.msgs(), "foo", 1, 3);
    foo.msgs().empty();
    MsgProto far = store(foo, 3 + HUGE_GAP, "far");
    assertThat(foo.msgs().firstAndLastSequence())
        .isEqualTo(new SequenceRange(3 + HUGE_GAP, 3 + HUGE_GAP));
    assertThat(foo.msgs().state().count()).isEqualTo(1);
    assertThat(foo.msgs().firstMsg()).contains(far);
    assertThat(foo.msgs().lookup(4)).isEmpty();
  }

  @Test
  void lookupsOutsideTheStoredRangeAreEmpty() {
    Channel foo = openFresh().createChannel("foo");
    storeRange(foo.msgs(), "foo", 3, 5);
    for (long seq : new long[] {Long.MIN_VALUE, -1, 0, 1, 2, 6, 7, Long.MAX_VALUE}) {
      assertThat(foo.msgs().lookup(seq)).as("lookup(%d)", seq).isEmpty();
    }
    assertThat(foo.msgs().lookup(4)).isPresent();
  }

  @Test
  void sequenceForTimestampFindsTheFirstMessageAtOrAfterIt() {
    MsgStore ms = openFresh().createChannel("foo").msgs();
    long base = nowNanos();
    assertThat(ms.sequenceForTimestamp(base)).as("empty store").isZero();
    List<MsgProto> msgs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      MsgProto m = msg("foo", i + 1, payload(5), base + i * 1_000_000L);
      ms.store(m);
      msgs.add(m);
    }
    MsgProto mid = msgs.get(50);
    assertThat(ms.sequenceForTimestamp(mid.getTimestamp())).isEqualTo(mid.getSequence());
    assertThat(ms.sequenceForTimestamp(mid.getTimestamp() - 1)).isEqualTo(mid.getSequence());
    assertThat(ms.sequenceForTimestamp(mid.getTimestamp() + 1)).isEqualTo(mid.getSequence() + 1);
    assertThat(ms.sequenceForTimestamp(base - 1_000_000_000L)).as("before the first").isEqualTo(1);
    assertThat(ms.sequenceForTimestamp(base)).as("at the first").isEqualTo(1);
    assertThat(ms.sequenceForTimestamp(msgs.get(99).getTimestamp())).isEqualTo(100);
    assertThat(ms.sequenceForTimestamp(msgs.get(99).getTimestamp() + 1_000_000_000L))
        .as("after the last")
        .isEqualTo(101);
  }

  @Test
  void sequenceForTimestampHandlesGapsAndEqualTimestamps() {
    MsgStore ms = openFresh().createChannel("foo").msgs();
    long t = nowNanos();
    ms.store(msg("foo", 3, "a".getBytes(), t));
    ms.store(msg("foo", 7, "b".getBytes(), t + 10));
    ms.store(msg("foo", 8, "c".getBytes(), t + 10));
    ms.store(msg("foo", 20, "d".getBytes(), t + 10));
    ms.store(msg("foo", 21, "e".getBytes(), t + 30));
    // a backend that fills gaps stamps each placeholder like the message after the gap
    boolean filled = isGapPlaceholder(ms, 4);
    long gapBefore7 = filled ? 4 : 7;
    assertThat(ms.sequenceForTimestamp(t)).isEqualTo(3);
    assertThat(ms.sequenceForTimestamp(t + 1)).isEqualTo(gapBefore7);
    assertThat(ms.sequenceForTimestamp(t + 10)).as("first of equal timestamps").isEqualTo(gapBefore7);
    assertThat(ms.sequenceForTimestamp(t + 11)).isEqualTo(21);
    assertThat(ms.sequenceForTimestamp(t + 31)).isEqualTo(22);
  }

  @Test
  void emptyRemovesEveryMessageAndSequencesContinue() {
    Channel foo = openFresh().createChannel("foo");
    MsgStore ms = foo.msgs();
    storeRange(ms, "foo", 1, 10);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 10));
    assertThat(ms.firstMsg().orElseThrow().getData().toStringUtf8()).isEqualTo("msg1");
    assertThat(ms.lastMsg().orElseThrow().getData().toStringUtf8()).isEqualTo("msg10");
    assertThat(ms.state().count()).isEqualTo(10);
    assertThat(ms.state().bytes()).isPositive();

    ms.empty();
    for (long seq = 1; seq <= 10; seq++) {
      assertThat(ms.lookup(seq)).as("lookup(%d) after empty()", seq).isEmpty();
    }
    assertThat(ms.state()).isEqualTo(new MsgStoreState(0, 0));
    assertThat(ms.firstMsg()).isEmpty();
    assertThat(ms.lastMsg()).isEmpty();
    assertThat(ms.lastSequence()).as("last sequence ever stored").isEqualTo(10);
    assertThat(ms.firstSequence()).as("nothing left: last + 1").isEqualTo(11);

    MsgProto m20 = store(foo, 20, "msg20");
    assertThat(ms.lookup(10)).as("removed by empty()").isEmpty();
    boolean filled = isGapPlaceholder(ms, 11);
    long first = filled ? 11 : 20;
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(first, 20));
    assertThat(ms.lastMsg()).contains(m20);
    assertThat(ms.state().count()).isEqualTo(20 - first + 1);
    if (!filled) {
      assertThat(ms.firstMsg()).contains(m20);
    }
  }

  @Test
  void emptyOnAChannelThatNeverStoredAnythingKeepsZeroSequences() {
    Channel foo = openFresh().createChannel("foo");
    MsgStore ms = foo.msgs();
    ms.empty();
    assertThat(ms.state()).isEqualTo(new MsgStoreState(0, 0));
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(0, 0));
    assertThat(ms.sequenceForTimestamp(nowNanos())).isZero();
    MsgProto m1 = store(foo, 1, "first");
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 1));
    assertThat(ms.lookup(1)).contains(m1);
  }

  @Test
  void aMessageWithSequenceZeroIsIgnoredOnAnEmptyLog() {
    Channel foo = openFresh().createChannel("foo");
    assertThat(foo.msgs().store(msg("foo", 0, "zero"))).isZero();
    assertThat(foo.msgs().state().count()).isZero();
    assertThat(foo.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(0, 0));
    MsgProto m1 = store(foo, 1, "one");
    assertThat(foo.msgs().lookup(1)).contains(m1);
  }
}
