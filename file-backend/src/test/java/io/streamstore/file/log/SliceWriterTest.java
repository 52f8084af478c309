package io.streamstore.file.log;

import static io.streamstore.file.MsgLogFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.MsgProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SliceWriterTest {

  @TempDir Path dir;

  private Slice slice() throws Exception {
    Files.write(dir.resolve("msgs.1.dat"), FileVersion.header().array());
    Files.write(dir.resolve("msgs.1.idx"), FileVersion.header().array());
    return new Slice(dir, 1, FileIO.real(), new OpenFileBudget(0), true);
  }

  @Test
  void bufferGrowsUpToBufferSizeShrinksAndIsFreedWhenIdle() throws Exception {
    SliceWriter w = new SliceWriter(new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 20, true), 1 << 20);
    Slice s = slice();
    w.attach(s, 4, 4);
    assertThat(w.capacity()).isZero();
    long seq = 1;
    long bytes = 4;
    MsgProto m = message("ch", 7);
    bytes += append(w, m, seq++);
    assertThat(w.capacity()).isEqualTo(64 * 1024);
    while (w.capacity() < (1 << 20)) {
      bytes += append(w, m, seq++);
    }
    assertThat(w.capacity()).isEqualTo(1 << 20);
    w.writeToOs();
    long records = seq - 1;
    assertThat(Files.size(dir.resolve("msgs.1.dat"))).isEqualTo(bytes);
    assertThat(Files.size(dir.resolve("msgs.1.idx"))).isEqualTo(4 + records * 32);
    w.shrink(); // less than half used since the last check: halves
    assertThat(w.capacity()).isEqualTo(1 << 19);
    w.shrink(); // nothing appended since: freed
    assertThat(w.capacity()).isZero();
    append(w, m, seq);
    assertThat(w.holds(seq)).isTrue();
    w.writeToOs();
    assertThat(w.holds(seq)).isFalse();
    s.close(true);
  }

  private static int append(SliceWriter w, MsgProto template, long seq) throws Exception {
    MsgProto m = template.toBuilder().setSequence(seq).build();
    return w.append(m, seq);
  }

  @Test
  void recordsLargerThanTheBufferStillFit() throws Exception {
    SliceWriter w = new SliceWriter(new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 20, true), 4096);
    Slice s = slice();
    w.attach(s, 4, 4);
    MsgProto big = MsgProto.newBuilder().setSequence(1).setSubject("ch")
        .setData(com.google.protobuf.ByteString.copyFrom(new byte[100_000])).build();
    w.append(big, 1);
    w.writeToOs();
    assertThat(Files.size(dir.resolve("msgs.1.dat"))).isEqualTo(4 + 8 + big.getSerializedSize());
    s.close(true);
  }
}
