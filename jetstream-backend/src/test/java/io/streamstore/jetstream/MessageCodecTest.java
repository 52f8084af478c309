package io.streamstore.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.nats.client.impl.Headers;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import org.junit.jupiter.api.Test;

/** Every field of a message survives the trip through headers and payload. */
class MessageCodecTest {

  private static MsgProto roundTrip(MsgProto m) {
    Headers h = MessageCodec.headers(m, 777, 41);
    assertThat(h.getFirst(MessageCodec.EXPECTED_LAST_SEQ)).isEqualTo("41");
    assertThat(MessageCodec.cumulativeBytes(h, "test")).isEqualTo(777);
    return MessageCodec.decode(h, m.getData().toByteArray(), "test");
  }

  @Test
  void everyFieldIsKept() {
    MsgProto m = MsgProto.newBuilder().setSequence(-1L) // 2^64 - 1 as unsigned
        .setSubject("foo.bar").setReply("_INBOX.1").setTimestamp(-5)
        .setData(ByteString.copyFrom(new byte[] {0, 1, (byte) 255}))
        .setRedelivered(true).setCRC32(0xCAFEBABE).build();
    assertThat(roundTrip(m).toByteArray()).isEqualTo(m.toByteArray());
    MsgProto empty = MsgProto.newBuilder().setSequence(2).build();
    assertThat(roundTrip(empty)).isEqualTo(empty);
  }

  @Test
  void subjectsOutsidePrintableAsciiArePercentEncodedAndDecoded() {
    MsgProto m = MsgProto.newBuilder().setSequence(1).setSubject("日本.ä%20").setReply("a b").build();
    Headers h = MessageCodec.headers(m, 1, 0);
    assertThat(h.getFirst(MessageCodec.SUBJECT)).matches("[!-~]+");
    assertThat(roundTrip(m)).isEqualTo(m);
  }

  @Test
  void aMessageWithoutStreamstoreHeadersIsReportedAsCorrupted() {
    assertThatThrownBy(() -> MessageCodec.decode(new Headers(), new byte[0], "stream X seq 3"))
        .isInstanceOf(CorruptedDataException.class).hasMessageContaining("stream X seq 3");
    Headers bad = new Headers().put(MessageCodec.SEQ, "12x");
    assertThatThrownBy(() -> MessageCodec.sequence(bad, "here"))
        .isInstanceOf(CorruptedDataException.class);
  }
}
