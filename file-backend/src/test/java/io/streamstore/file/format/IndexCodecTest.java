package io.streamstore.file.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class IndexCodecTest {

  @Test
  void roundTripAndLayout() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
    IndexCodec.write(b, 4, 1, 4, 1700000000001000000L, 59);
    // the first index record of the NATS fixture basic/foo/msgs.1.idx
    assertThat(b.getInt(4 + 28)).isEqualTo(0x8fa26e20);
    IndexEntry e = IndexCodec.decode(b, 4);
    assertThat(e).isEqualTo(new IndexEntry(1, 4, 1700000000001000000L, 59));
    assertThat(e.endOffset()).isEqualTo(4 + 8 + 59);
  }

  @Test
  void damagedEntryIsRejected() {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    IndexCodec.write(b, 0, 9, 1000, 5, 10);
    b.put(9, (byte) 1);
    assertThat(IndexCodec.crcMatches(b, 0)).isFalse();
    assertThatThrownBy(() -> IndexCodec.decode(b, 0))
        .isInstanceOfSatisfying(RecordFormatException.class,
            e -> assertThat(e.problem()).isEqualTo(RecordProblem.BAD_INDEX));
  }

  @Test
  void bigEndianBuffersAreRefused() {
    ByteBuffer b = ByteBuffer.allocate(64);
    assertThatThrownBy(() -> IndexCodec.write(b, 0, 1, 2, 3, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileVersion() {
    assertThat(FileVersion.problem(FileVersion.header())).isNull();
    ByteBuffer two = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2);
    assertThat(FileVersion.problem(two)).contains("unsupported file version 2");
    assertThat(FileVersion.problem(ByteBuffer.allocate(2))).contains("too short");
  }
}
