package io.streamstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.MsgProto;
import io.streamstore.proto.SubState;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.SubStoreLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Snapshot and restore of the memory message and subscription stores, and odd sequences. */
class MemoryStoresSnapshotTest {

  private static final ExpiryScheduler NO_EXPIRY = new ExpiryScheduler("unused");

  private static MsgProto m(long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("foo").setTimestamp(seq).build();
  }

  @Test
  void restoreReappliesTheLimitsAndKeepsTheLastSequence() {
    MemoryMsgStore source = new MemoryMsgStore("foo", MsgStoreLimits.UNLIMITED, NO_EXPIRY);
    for (long seq = 5; seq <= 14; seq++) {
      source.store(m(seq));
    }
    source.close();
    MemoryMsgStore.Snapshot snap = source.snapshot();
    assertThat(snap.messages()).hasSize(10);
    assertThat(snap.lastSequence()).isEqualTo(14);

    MemoryMsgStore limited =
        new MemoryMsgStore("foo", new MsgStoreLimits(3, 0, Duration.ZERO), NO_EXPIRY);
    limited.restore(snap);
    assertThat(limited.firstAndLastSequence()).isEqualTo(new SequenceRange(12, 14));

    MemoryMsgStore emptied = new MemoryMsgStore("foo", MsgStoreLimits.UNLIMITED, NO_EXPIRY);
    emptied.restore(new MemoryMsgStore.Snapshot(java.util.List.of(), 14));
    assertThat(emptied.firstAndLastSequence()).as("nothing left: first = last + 1")
        .isEqualTo(new SequenceRange(15, 14));
    assertThat(emptied.store(m(14))).isEqualTo(14);
    assertThat(emptied.state().count()).as("14 is not above the restored last").isZero();
  }

  @Test
  void subscriptionSnapshotKeepsIdsLastSentAndPendingSets() {
    MemorySubStore source = new MemorySubStore("foo", SubStoreLimits.UNLIMITED);
    long a = source.createSub(SubState.newBuilder().setClientID("a").build());
    long b = source.createSub(SubState.newBuilder().setClientID("b").build());
    long c = source.createSub(SubState.newBuilder().setClientID("c").build());
    source.addSeqPending(a, 7);
    source.addSeqPending(a, 3);
    source.ackSeqPending(a, 3);
    source.deleteSub(c);
    source.close();
    MemorySubStore.Snapshot snap = source.snapshot();
    assertThat(snap.lastId()).isEqualTo(c);
    assertThat(snap.subscriptions()).extracting(r -> r.sub().getID()).containsExactly(a, b);
    assertThat(snap.subscriptions().get(0).sub().getLastSent()).isEqualTo(7);
    assertThat(snap.subscriptions().get(0).pending()).isEqualTo(SequenceSet.of(7));

    MemorySubStore restored = new MemorySubStore("foo", new SubStoreLimits(1));
    restored.restore(snap);
    assertThat(restored.pending(a)).isEqualTo(SequenceSet.of(7));
    assertThat(restored.state(a).getLastSent()).isEqualTo(7);
    restored.deleteSub(b);
    restored.deleteSub(a);
    assertThat(restored.createSub(SubState.getDefaultInstance())).isGreaterThan(c);
  }

  @Test
  void sequencesAbove2To63AreRefused() {
    MemoryMsgStore ms = new MemoryMsgStore("foo", MsgStoreLimits.UNLIMITED, NO_EXPIRY);
    assertThatThrownBy(() -> ms.store(m(-1)))
        .isInstanceOf(io.streamstore.spi.InvalidArgumentException.class)
        .hasMessageContaining("18446744073709551615");
    assertThat(ms.state().count()).isZero();
  }

  @Test
  void pendingSequencesMustBePositive() {
    MemorySubStore ss = new MemorySubStore("foo", SubStoreLimits.UNLIMITED);
    long id = ss.createSub(SubState.getDefaultInstance());
    assertThatThrownBy(() -> ss.addSeqPending(id, 0)).isInstanceOf(io.streamstore.spi.InvalidArgumentException.class);
    ss.ackSeqPending(id, 0); // nothing pending: nothing happens
    assertThat(ss.pending(id)).isEqualTo(SequenceSet.empty());
  }
}
