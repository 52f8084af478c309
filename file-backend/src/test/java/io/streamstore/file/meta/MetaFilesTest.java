package io.streamstore.file.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.MessageLite;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.compact.CompactionPolicy;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.ClientDelete;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.CorruptedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server.dat and clients.dat on their own: the NATS file-store tests TestFSBadServerFile,
 * TestFSBadClientFile, TestFSClientFileWithExtraZeros and TestFSCompactClientFile, plus the atomic
 * replacement of server.dat.
 */
class MetaFilesTest {

  @TempDir Path root;

  private final FileIO io = FileIO.real();
  private final RecordCodec codec = new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 20, true);
  private final ServerInfo info = ServerInfo.newBuilder().setClusterID("c").setDiscovery("d").build();

  private ServerInfoFile server() {
    return new ServerInfoFile(io, root, codec, true);
  }

  private ClientsFile clients(CompactionPolicy policy) {
    return ClientsFile.open(io, root, codec, policy, true, true, false, false);
  }

  private static CompactionPolicy policy(boolean enabled, int frag, long minSize, AtomicLong clock) {
    return new CompactionPolicy(enabled, frag, minSize, Duration.ofSeconds(1), clock::get);
  }

  /** version + given raw records. */
  private static byte[] file(byte[]... records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(FileVersion.header().array());
    for (byte[] r : records) {
      out.write(r);
    }
    return out.toByteArray();
  }

  private byte[] record(int type, MessageLite m) {
    ByteBuffer b = ByteBuffer.allocate(8 + m.getSerializedSize()).order(ByteOrder.LITTLE_ENDIAN);
    codec.encode(b, type, m);
    return b.array();
  }

  private static byte[] raw(int header, int crc, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(header).putInt(crc).put(payload);
    return b.array();
  }

  @Test
  void serverInfoIsReplacedWholeAndReadBack() throws IOException {
    assertThat(server().read()).isEmpty();
    server().write(info);
    ServerInfo other = info.toBuilder().setClusterID("other").build();
    server().write(other);
    assertThat(server().read()).contains(other);
    assertThat(Files.size(root.resolve("server.dat"))).isEqualTo(4 + 8 + other.getSerializedSize());
    assertThat(root.resolve("server.dat.tmp")).doesNotExist();
  }

  @Test
  void headerOnlyServerFileMeansNothingWasInitialized() throws IOException {
    Files.write(root.resolve("server.dat"), file());
    assertThat(server().read()).isEmpty();
  }

  @Test
  void damagedServerFilesAreRefusedNamingTheFile() throws IOException {
    Path f = root.resolve("server.dat");
    byte[] good = record(0, info);
    byte[] payload = info.toByteArray();
    int crc = Crc32.of(Crc32.IEEE).compute(payload, 0, payload.length);
    byte[][] bad = {
      new byte[0], // no version
      file(good, good), // two records
      file(raw(payload.length + 10, crc, payload)), // size too big
      file(raw(payload.length - 10, crc, payload)), // size too small
      concat(file(good), "more data".getBytes()), // trailing bytes
      file(raw(payload.length, crc + 3, payload)), // wrong CRC
    };
    for (byte[] content : bad) {
      Files.write(f, content);
      assertThatThrownBy(() -> server().read())
          .isInstanceOf(CorruptedDataException.class)
          .hasMessageContaining("server.dat");
    }
    byte[] garbage = payload.clone();
    System.arraycopy("hello".getBytes(), 0, garbage, 0, 5);
    int gcrc = Crc32.of(Crc32.IEEE).compute(garbage, 0, garbage.length);
    Files.write(f, file(raw(garbage.length, gcrc, garbage)));
    assertThatThrownBy(() -> server().read()).isInstanceOf(CorruptedDataException.class);
  }

  @Test
  void damagedClientFilesAreRefusedNamingFileAndOffset() throws IOException {
    Path f = root.resolve("clients.dat");
    ClientInfo c = ClientInfo.newBuilder().setID("this-is-a-valid-client-id").setHbInbox("hbInbox").build();
    byte[] p = c.toByteArray();
    int crc = Crc32.of(Crc32.IEEE).compute(p, 0, p.length);
    byte[] garbage = p.clone();
    System.arraycopy("hello".getBytes(), 0, garbage, 0, 5);
    int gcrc = Crc32.of(Crc32.IEEE).compute(garbage, 0, garbage.length);
    byte[] delGarbage = ClientDelete.newBuilder().setID(c.getID()).build().toByteArray();
    System.arraycopy("hello".getBytes(), 0, delGarbage, 0, 5);
    int dcrc = Crc32.of(Crc32.IEEE).compute(delGarbage, 0, delGarbage.length);
    byte[][] bad = {
      new byte[0],
      file(raw(1 << 24 | p.length, crc + 3, p)),
      file(raw(1 << 24 | garbage.length, gcrc, garbage)),
      file(record(RecordTypes.CLIENT_ADD, c), raw(2 << 24 | delGarbage.length, dcrc, delGarbage)),
      file(raw(99 << 24 | p.length, crc, p)),
    };
    for (byte[] content : bad) {
      Files.write(f, content);
      assertThatThrownBy(() -> clients(CompactionPolicy.of(FileStoreOptions.DEFAULTS)))
          .isInstanceOf(CorruptedDataException.class)
          .hasMessageContaining("clients.dat");
    }
  }

  @Test
  void zerosAfterTheLastClientAreTheEndOfDataAndAreCutOff() throws IOException {
    ClientInfo me = ClientInfo.newBuilder().setID("me").setHbInbox("hbInbox").build();
    try (ClientsFile cf = clients(CompactionPolicy.of(FileStoreOptions.DEFAULTS))) {
      cf.add(me);
    }
    Path f = root.resolve("clients.dat");
    Files.write(f, concat(Files.readAllBytes(f), new byte[8]));
    ClientInfo me2 = ClientInfo.newBuilder().setID("me2").setHbInbox("hbInbox2").build();
    try (ClientsFile cf = clients(CompactionPolicy.of(FileStoreOptions.DEFAULTS))) {
      assertThat(cf.clients()).containsExactly(me);
      cf.add(me2);
    }
    try (ClientsFile cf = clients(CompactionPolicy.of(FileStoreOptions.DEFAULTS))) {
      assertThat(cf.clients()).containsExactly(me, me2);
    }
  }

  @Test
  void tornLastClientRecordFailsUnlessTruncationIsAllowed() throws IOException {
    ClientInfo me = ClientInfo.newBuilder().setID("me").setHbInbox("hbInbox").build();
    try (ClientsFile cf = clients(CompactionPolicy.of(FileStoreOptions.DEFAULTS))) {
      cf.add(me);
      cf.add(me.toBuilder().setID("you").build());
    }
    Path f = root.resolve("clients.dat");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 3));
    long tornAt = 4 + 8 + me.getSerializedSize();
    assertThatThrownBy(() -> clients(CompactionPolicy.of(FileStoreOptions.DEFAULTS)))
        .isInstanceOfSatisfying(CorruptedDataException.class, e -> {
          assertThat(e.file()).contains("clients.dat");
          assertThat(e.offset()).hasValue(tornAt);
        });
    try (ClientsFile cf = ClientsFile.open(io, root, codec, CompactionPolicy.of(FileStoreOptions.DEFAULTS),
        true, true, true, false)) {
      assertThat(cf.clients()).containsExactly(me);
    }
    assertThat(Files.size(f)).isEqualTo(tornAt);
  }

  @Test
  void clientFileIsCompactedOnceFragmentedEnoughAndNotTooOften() {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    int total = 10;
    int threshold = total / 2;
    CompactionPolicy p = policy(true, threshold * 100 / total, 0, clock);
    try (ClientsFile cf = clients(p)) {
      for (int i = 1; i <= total; i++) {
        cf.add(ClientInfo.newBuilder().setID("cid_" + i).setHbInbox("hbInbox").build());
      }
      for (int i = 1; i < threshold; i++) {
        cf.delete("cid_" + i);
      }
      assertThat(cf.clients()).hasSize(threshold + 1);
      assertThat(cf.deleteRecords()).isEqualTo(threshold - 1);
    }
    try (ClientsFile cf = clients(p)) {
      assertThat(cf.clients()).hasSize(threshold + 1);
      assertThat(cf.deleteRecords()).isEqualTo(threshold - 1);
      cf.delete("cid_" + threshold); // reaches 50%: compacts
      assertThat(cf.clients()).hasSize(threshold);
      assertThat(cf.deleteRecords()).isZero();
      long compactedSize = cf.fileSize();
      for (int i = 1; i <= total; i++) {
        cf.add(ClientInfo.newBuilder().setID("cid_" + (total + i)).setHbInbox("hbInbox").build());
      }
      for (int i = 1; i < total; i++) {
        cf.delete("cid_" + (total + i));
      }
      assertThat(cf.deleteRecords()).as("interval not passed: no compaction").isEqualTo(total - 1);
      clock.addAndGet(Duration.ofMillis(1500).toNanos());
      cf.delete("cid_" + (2 * total));
      assertThat(cf.deleteRecords()).isZero();
      assertThat(cf.clients()).hasSize(threshold);
      assertThat(cf.fileSize()).isEqualTo(compactedSize);
    }
    try (ClientsFile cf = clients(p)) {
      assertThat(cf.clients()).extracting(ClientInfo::getID)
          .containsExactlyInAnyOrder("cid_6", "cid_7", "cid_8", "cid_9", "cid_10");
    }
  }

  @Test
  void clientFileIsNotCompactedWhenDisabledOrBelowTheMinimumSize() {
    AtomicLong clock = new AtomicLong();
    for (CompactionPolicy p : new CompactionPolicy[] {policy(false, 50, 0, clock), policy(true, 50, 10 << 20, clock)}) {
      try (ClientsFile cf = clients(p)) {
        for (int i = 1; i <= 10; i++) {
          cf.add(ClientInfo.newBuilder().setID("cid_" + i).setHbInbox("hbInbox").build());
        }
        for (int i = 1; i <= 10; i++) {
          cf.delete("cid_" + i);
        }
        assertThat(cf.clients()).isEmpty();
        assertThat(cf.deleteRecords()).isEqualTo(10);
      }
      root.resolve("clients.dat").toFile().delete();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
