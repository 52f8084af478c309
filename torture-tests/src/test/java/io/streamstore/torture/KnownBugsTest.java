package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.io.FileIO;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minimal reproductions of backend bugs the torture suite found. Each open one is disabled with a
 * "BUG:" reason so the build stays green until the owner fixes it (fixed ones stay as regression
 * tests, enabled); run them with
 * {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}. {@code DifferentialTest}
 * avoids the exact calls of the open ones unless {@code -Dtorture.knownBugs=true}.
 */
class KnownBugsTest {

  @Test
  // Found by this suite, fixed since; kept as a regression test.
  void emptyOnNeverStoredChannel() {
    assumeTrue(Backends.has("jdbc"));
    Backends.Target t = Backends.h2();
    try (Store store = t.open()) {
      HostileNamesTest.wipe(store);
      Channel c = store.createChannel("never.stored");
      c.msgs().empty();
      assertRange(c.msgs(), 0, 0);
    }
    try (Store store = t.open()) {
      MsgStore m = store.recover().orElseThrow().channels().get("never.stored").channel().msgs();
      assertRange(m, 0, 0);
    }
  }

  @Test
  // Found by this suite, fixed since; kept as a regression test.
  void failedCompactionLeaksTempFileHandle(@TempDir Path tmp) throws Exception {
    assumeTrue(FileStores.available());
    List<String> leaks = new ArrayList<>();
    for (long k = 1; ; k++) {
      Path dir = TempDirs.fresh(tmp.resolve("s"));
      FaultyFileIO io = new FaultyFileIO(FileIO.real());
      io.failAt(k, FaultyFileIO.Mode.ONCE);
      new Workload(() -> FileStores.open(dir, Workload.OPTIONS, io), a -> { },
          7093586893119388851L, 8, 400).run();
      if (io.failedOperation() == null) {
        break;
      }
      if (!io.openHandles().isEmpty()) {
        leaks.add(io.failedOperation() + " -> " + io.openHandles());
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  // Found by this suite, fixed since; kept as a regression test.
  void tornLastRecordOfClientsDatIsRepairable(@TempDir Path dir) throws Exception {
    assumeTrue(FileStores.available());
    try (Store store = FileStores.open(dir, "", FileIO.real())) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      store.addClient(ClientInfo.newBuilder().setID("a").setHbInbox("hb").build());
    }
    byte[] payload = ClientInfo.newBuilder().setID("torn-client").setHbInbox("hb.torn").build()
        .toByteArray();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(payload);
    java.nio.ByteBuffer rec = java.nio.ByteBuffer.allocate(8 + payload.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    rec.putInt((1 << 24) | payload.length).putInt((int) crc.getValue()).put(payload);
    byte[] bytes = rec.array();
    java.util.Arrays.fill(bytes, 8 + payload.length * 2 / 3, bytes.length, (byte) 0);
    java.nio.file.Files.write(dir.resolve("clients.dat"), bytes,
        java.nio.file.StandardOpenOption.APPEND);
    try (Store store = FileStores.open(dir, "truncateUnexpectedEOF=true", FileIO.real())) {
      assertThat(store.recover().orElseThrow().clients()).extracting(c -> c.id()).containsExactly("a");
    }
  }

  @Test
  // Found by this suite, fixed since; kept as a regression test.
  void newSliceWithTornHeaderIsRepairable(@TempDir Path dir) throws Exception {
    assumeTrue(FileStores.available());
    try (Store store = FileStores.open(dir, "", FileIO.real())) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel c = store.createChannel("ch");
      c.msgs().store(Payloads.msg("ch", 1, 50));
      c.msgs().flush();
    }
    java.nio.file.Files.write(dir.resolve("ch").resolve("msgs.2.dat"), new byte[] {1, 0});
    try (Store store = FileStores.open(dir, "truncateUnexpectedEOF=true", FileIO.real())) {
      MsgStore m = store.recover().orElseThrow().channels().get("ch").channel().msgs();
      assertThat(m.lookup(1)).isPresent();
    }
  }

  @Test
  // Found by this suite, fixed since; kept as a regression test.
  void emptiedDataFileWithIntactIndexIsRefused(@TempDir Path dir) throws Exception {
    assumeTrue(FileStores.available());
    try (Store store = FileStores.open(dir, "sliceMaxMsgs=6", FileIO.real())) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel c = store.createChannel("ch");
      for (long seq = 1; seq <= 18; seq++) {
        c.msgs().store(Payloads.msg("ch", seq, 50));
      }
      c.msgs().flush();
    }
    java.nio.file.Files.write(dir.resolve("ch").resolve("msgs.2.dat"), new byte[0]);
    try (Store store = FileStores.open(dir, "sliceMaxMsgs=6", FileIO.real())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
        MsgStore m = store.recover().orElseThrow().channels().get("ch").channel().msgs();
        for (long seq = m.firstSequence(); seq <= m.lastSequence(); seq++) {
          assertThat(m.lookup(seq)).as("seq " + seq).isPresent();
        }
      }).isInstanceOf(StoreException.class);
    }
  }

  @Test
  // Reported by this suite as FILE-8/9; the SPI now documents it (MsgStore.lookup): the file backend
  // keeps the NATS Streaming format, which fills a gap with placeholder records that are counted.
  // Pinned here so that the placeholder stays recognisable (no data, no reply) and stays stable
  // across a reopen, and is never confused with a real message.
  void gapsAreFilledWithRecognisablePlaceholdersThatSurviveReopen(@TempDir Path dir) {
    assumeTrue(FileStores.available());
    try (Store store = FileStores.open(dir, "", FileIO.real())) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel c = store.createChannel("gap");
      for (long seq : new long[] {1, 3}) {
        c.msgs().store(Payloads.msg("gap", seq, 40));
      }
      c.msgs().flush();
      assertPlaceholder(c.msgs(), 2);
      assertThat(c.msgs().state().count()).as("NATS counts the placeholder").isEqualTo(3);
    }
    try (Store store = FileStores.open(dir, "", FileIO.real())) {
      MsgStore m = store.recover().orElseThrow().channels().get("gap").channel().msgs();
      assertPlaceholder(m, 2);
      assertThat(Payloads.check("gap", 1, m.lookup(1).orElseThrow())).isNull();
      assertThat(Payloads.check("gap", 3, m.lookup(3).orElseThrow())).isNull();
    }
  }

  private static void assertPlaceholder(MsgStore m, long seq) {
    io.streamstore.proto.MsgProto p = m.lookup(seq).orElseThrow();
    assertThat(p.getSequence()).isEqualTo(seq);
    assertThat(p.getReply()).as("placeholder has no reply").isEmpty();
    assertThat(p.getData().isEmpty()).as("placeholder has no data").isTrue();
  }

  @Test
  // Found by this suite, fixed since; kept as a regression test.
  void emptyKeepsSequencesAcrossReopen(@TempDir Path dir) {
    assumeTrue(FileStores.available());
    try (Store store = FileStores.open(dir, "", FileIO.real())) {
      store.recover();
      store.init(ServerInfo.newBuilder().setClusterID("c").build());
      Channel c = store.createChannel("e");
      c.msgs().store(Payloads.msg("e", 1, 40));
      c.msgs().empty();
      c.msgs().flush();
      assertRange(c.msgs(), 2, 1);
    }
    try (Store store = FileStores.open(dir, "", FileIO.real())) {
      assertRange(store.recover().orElseThrow().channels().get("e").channel().msgs(), 2, 1);
    }
  }

  private static void assertRange(MsgStore m, long first, long last) {
    assertThat(m.firstSequence() + ".." + m.lastSequence()).isEqualTo(first + ".." + last);
  }
}
