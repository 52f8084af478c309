package io.streamstore.file.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.SubStateUpdate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private final RecordCodec codec = new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 20, true);

  private static ByteBuffer buf(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static MsgProto msg(long seq, int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (seq * 31 + i);
    }
    return MsgProto.newBuilder().setSequence(seq).setSubject("foo").setTimestamp(seq * 1000)
        .setData(ByteString.copyFrom(data)).build();
  }

  @Test
  void untypedRoundTripMatchesNatsLayout() throws Exception {
    MsgProto m = msg(7, 100);
    ByteBuffer b = buf(1000);
    codec.encode(b, RecordTypes.UNTYPED, m);
    int size = m.getSerializedSize();
    assertThat(b.position()).isEqualTo(8 + size);
    assertThat(b.getInt(0)).isEqualTo(size);
    CRC32 c = new CRC32();
    c.update(m.toByteArray());
    assertThat(b.getInt(4)).isEqualTo((int) c.getValue());

    b.flip();
    Record r = codec.decode(b, false);
    assertThat(r.type()).isZero();
    assertThat(r.payloadOffset()).isEqualTo(8);
    assertThat(r.payloadSize()).isEqualTo(size);
    assertThat(b.position()).isEqualTo(8 + size);
    assertThat(MsgProto.parseFrom(b.duplicate().position(8).limit(8 + size))).isEqualTo(m);
  }

  @Test
  void typedHeaderCarriesTypeInHighByte() throws Exception {
    SubStateUpdate u = SubStateUpdate.newBuilder().setID(3).setSeqno(42).build();
    ByteBuffer b = buf(100);
    codec.encode(b, RecordTypes.SUB_ACK, u);
    int size = u.getSerializedSize();
    assertThat(b.getInt(0)).isEqualTo(4 << 24 | size);
    b.flip();
    Record r = codec.decode(b, true);
    assertThat(r.type()).isEqualTo(RecordTypes.SUB_ACK);
    assertThat(r.payloadSize()).isEqualTo(size);
  }

  @Test
  void everyTypeCodeSurvivesRoundTrip() throws Exception {
    for (int type = 1; type <= 5; type++) {
      ByteBuffer b = buf(64);
      codec.encode(b, type, SubStateUpdate.newBuilder().setID(type).build());
      b.flip();
      assertThat(codec.decode(b, true).type()).isEqualTo(type);
    }
  }

  @Test
  void badCrcIsReported() {
    ByteBuffer b = buf(200);
    codec.encode(b, 0, msg(1, 50));
    b.put(20, (byte) (b.get(20) ^ 1));
    b.flip();
    assertThatThrownBy(() -> codec.decode(b, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.BAD_CRC));
  }

  @Test
  void badCrcIgnoredWhenCheckingIsOff() throws Exception {
    RecordCodec lax = new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 20, false);
    ByteBuffer b = buf(200);
    lax.encode(b, 0, msg(1, 50));
    b.put(20, (byte) (b.get(20) ^ 1));
    b.flip();
    assertThat(lax.decode(b, false).payloadSize()).isPositive();
  }

  @Test
  void zeroHeaderIsZeroFill() {
    ByteBuffer b = buf(16);
    assertThatThrownBy(() -> codec.decode(b, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.ZERO_FILL));
    ByteBuffer shortZeros = buf(5);
    assertThatThrownBy(() -> codec.decode(shortZeros, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.ZERO_FILL));
  }

  @Test
  void incompleteHeaderAndPayloadAreTorn() {
    ByteBuffer b = buf(200);
    codec.encode(b, 0, msg(1, 50));
    int end = b.position();
    ByteBuffer torn = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).flip().limit(end - 1);
    assertThatThrownBy(() -> codec.decode(torn, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.TRUNCATED_PAYLOAD));
    ByteBuffer header = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).flip().limit(5);
    assertThatThrownBy(() -> codec.decode(header, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.TRUNCATED_HEADER));
  }

  @Test
  void hugeSizeFieldIsRejectedBeforeAnyAllocation() {
    ByteBuffer b = buf(16);
    b.putInt(0, 0x7FFFFFF0).putInt(4, 1234);
    assertThatThrownBy(() -> codec.decode(b, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.TOO_LARGE));
    b.putInt(0, -5);
    assertThatThrownBy(() -> codec.decode(b, false))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.TOO_LARGE));
  }

  @Test
  void writerRefusesWhatTheReaderWouldRefuse() {
    RecordCodec small = new RecordCodec(Crc32.of(Crc32.IEEE), 1024, true);
    ByteBuffer b = buf(4096);
    assertThatThrownBy(() -> small.encode(b, 0, msg(1, 2000)))
        .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("recordSizeLimit");
    assertThat(b.position()).isZero();
    RecordCodec big = new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 30, true);
    assertThatThrownBy(() -> big.checkWritable(RecordTypes.SUB_NEW, 1 << 24))
        .isInstanceOf(RecordTooLargeException.class);
  }

  @Test
  void sealComputesCrcOverPayloadInPlace() throws Exception {
    ByteBuffer b = buf(64);
    for (int i = 0; i < 10; i++) {
      b.put(8 + i, (byte) i);
    }
    codec.seal(b, 0, 0, 10);
    b.limit(18);
    assertThat(codec.decode(b, false).payloadSize()).isEqualTo(10);
  }
}
