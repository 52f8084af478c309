package io.streamstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.MsgProto;
import org.junit.jupiter.api.Test;

/** The circular message array: wrap-around, growth, gaps, timestamp search. */
class MessageRingTest {

  private static MsgProto m(long seq, long ts) {
    return MsgProto.newBuilder().setSequence(seq).setTimestamp(ts).build();
  }

  @Test
  void appendAndRemoveWrapAroundAndGrowKeepingOrder() {
    MessageRing ring = new MessageRing();
    long next = 1;
    long oldest = 1;
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 7 + round; i++) {
        ring.append(m(next, next * 10));
        next++;
      }
      for (int i = 0; i < 5; i++) {
        assertThat(ring.removeFirst().getSequence()).isEqualTo(oldest++);
      }
      assertThat(ring.size()).isEqualTo((int) (next - oldest));
      assertThat(ring.first().getSequence()).isEqualTo(oldest);
      assertThat(ring.last().getSequence()).isEqualTo(next - 1);
      for (long seq = oldest; seq < next; seq += 3) {
        assertThat(ring.get(seq).getSequence()).isEqualTo(seq);
      }
      assertThat(ring.get(oldest - 1)).isNull();
      assertThat(ring.get(next)).isNull();
    }
    assertThat(ring.toList()).extracting(MsgProto::getSequence).first().isEqualTo(oldest);
  }

  @Test
  void lookupsWithGapsUseBinarySearch() {
    MessageRing ring = new MessageRing();
    long[] seqs = {3, 4, 9, 10, 11, 100, 1_000_000, 1_000_001};
    for (long s : seqs) {
      ring.append(m(s, s));
    }
    ring.removeFirst();
    for (int i = 1; i < seqs.length; i++) {
      assertThat(ring.get(seqs[i]).getSequence()).isEqualTo(seqs[i]);
    }
    for (long missing : new long[] {3, 5, 8, 12, 99, 101, 999_999, 1_000_002}) {
      assertThat(ring.get(missing)).as("get(%d)", missing).isNull();
    }
  }

  @Test
  void firstAtOrAfterFindsTheLowerBoundOfTimestamps() {
    MessageRing ring = new MessageRing();
    assertThat(ring.firstAtOrAfter(0)).isNull();
    ring.append(m(1, 10));
    ring.append(m(2, 20));
    ring.append(m(3, 20));
    ring.append(m(4, 30));
    assertThat(ring.firstAtOrAfter(5).getSequence()).isEqualTo(1);
    assertThat(ring.firstAtOrAfter(10).getSequence()).isEqualTo(1);
    assertThat(ring.firstAtOrAfter(11).getSequence()).isEqualTo(2);
    assertThat(ring.firstAtOrAfter(20).getSequence()).isEqualTo(2);
    assertThat(ring.firstAtOrAfter(30).getSequence()).isEqualTo(4);
    assertThat(ring.firstAtOrAfter(31)).isNull();
  }

  @Test
  void clearEmptiesTheRingAndItCanBeReused() {
    MessageRing ring = new MessageRing();
    for (long s = 1; s <= 5000; s++) {
      ring.append(m(s, s));
    }
    ring.clear();
    assertThat(ring.isEmpty()).isTrue();
    assertThat(ring.first()).isNull();
    assertThat(ring.last()).isNull();
    assertThat(ring.get(1)).isNull();
    ring.append(m(6000, 1));
    assertThat(ring.get(6000).getSequence()).isEqualTo(6000);
  }
}
