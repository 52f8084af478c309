package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.Store;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every backend declares the largest message it stores ({@link Store#maxMessageSize()}) and refuses
 * a larger one with {@link InvalidArgumentException} before anything is written: the channel keeps
 * what it had, stores and reads back afterwards, and a persistent store reopens with all of it.
 */
public abstract class MessageSizeConformance extends ConformanceSupport {

  /** The biggest declared maximum this suite builds a message for (heap of a test JVM). */
  private static final long LARGEST_TESTED = 128L * 1024 * 1024;

  /**
   * A message of {@code channel} whose protobuf encoding is exactly {@code size} bytes; the payload
   * is a shared zero array, so only one copy is in memory.
   */
  static MsgProto sized(String channel, long seq, long size) {
    MsgProto base = MsgProto.newBuilder().setSequence(seq).setSubject(channel)
        .setTimestamp(nowNanos()).build();
    long room = size - base.getSerializedSize() - 1; // 1: the data field's tag
    int len = (int) room;
    while (len + CodedOutputStream.computeUInt32SizeNoTag(len) > room) {
      len--;
    }
    MsgProto m = base.toBuilder().setData(UnsafeByteOperations.unsafeWrap(new byte[len])).build();
    if (m.getSerializedSize() != size) {
      throw new IllegalArgumentException("no message of exactly " + size + " bytes (got "
          + m.getSerializedSize() + ")");
    }
    return m;
  }

  @Test
  void theMaximumIsDeclaredAndPositive() {
    Store s = openFresh();
    assertThat(s.maxMessageSize()).as("maxMessageSize()").isPositive()
        .isLessThanOrEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aMessageOneByteOverTheMaximumIsRefusedAndTheChannelKeepsWorking() {
    Store s = openFresh();
    long max = s.maxMessageSize();
    Assumptions.assumeTrue(max < LARGEST_TESTED, "declared maximum " + max + " is above "
        + LARGEST_TESTED + " bytes, too big to build in a test JVM");
    Channel ch = s.createChannel("size");
    MsgProto first = store(ch, 1, "before");
    ch.msgs().flush();

    MsgProto over = sized("size", 2, max + 1);
    assertThatThrownBy(() -> ch.msgs().store(over))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(Long.toString(max));
    assertThat(ch.msgs().lastSequence()).as("last sequence after the refused message").isEqualTo(1);
    assertThat(ch.msgs().state().count()).isEqualTo(1);
    ch.msgs().flush(); // nothing of the refused message is waiting to be written

    MsgProto second = store(ch, 2, "after");
    ch.msgs().flush();
    assertThat(ch.msgs().lookup(1)).contains(first);
    assertThat(ch.msgs().lookup(2)).contains(second);

    if (has(Capability.PERSISTENT)) {
      Store again = reopen(null);
      RecoveredChannel rc = again.recover().orElseThrow().channels().get("size");
      assertThat(rc).as("channel after reopening").isNotNull();
      assertThat(rc.channel().msgs().lookup(1)).contains(first);
      assertThat(rc.channel().msgs().lookup(2)).contains(second);
      assertThat(rc.channel().msgs().lastSequence()).isEqualTo(2);
      MsgProto third = store(rc.channel(), 3, "reopened");
      rc.channel().msgs().flush();
      assertThat(rc.channel().msgs().lookup(3)).contains(third);
    }
  }

  @Test
  void aMessageOfOneMebibyteOrOfTheMaximumWhenSmallerIsStored() {
    Store s = openFresh();
    long max = s.maxMessageSize();
    // one store of a full-size message is the torture suite's job (SizeBombTest); here a message
    // of 1 MiB, or the maximum when it is smaller, must go through
    long size = Math.min(max, 1L << 20);
    Channel ch = s.createChannel("size.max");
    MsgProto m = sized("size.max", 1, size);
    ch.msgs().store(m);
    ch.msgs().flush();
    assertThat(ch.msgs().lookup(1)).contains(m);
  }
}
