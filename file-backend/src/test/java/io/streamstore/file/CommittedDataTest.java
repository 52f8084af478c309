package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.file.tools.Problem;
import io.streamstore.file.tools.RepairReport;
import io.streamstore.file.tools.StoreRepair;
import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.file.tools.VerifyReport;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 4, 5, 6 and 10 through the public API: damage inside committed data is refused with
 * file and offset (and {@code verify} agrees), messages removed by limits stay removed, and a torn
 * tail is crash debris only after an unclean shutdown.
 */
class CommittedDataTest {

  @TempDir Path tmp;

  private static final ServerInfo INFO = ServerInfo.newBuilder().setClusterID("c").build();
  private static final FileStoreOptions SMALL_SLICES =
      FileStoreOptions.builder().sliceMaxMsgs(5).build();

  private static MsgProto msg(long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("ch").setTimestamp(seq)
        .setData(ByteString.copyFromUtf8("payload-" + seq)).build();
  }

  /** A store with channel "ch" holding 1..15 in three slices, a subscription and two clients. */
  private Path written(Path root) {
    try (FileStore s = FileStore.open(root, SMALL_SLICES, StoreLimits.UNLIMITED)) {
      s.recover();
      s.init(INFO);
      Channel ch = s.createChannel("ch");
      for (long i = 1; i <= 15; i++) {
        ch.msgs().store(msg(i));
      }
      ch.msgs().flush();
      long a = ch.subs().createSub(SubState.newBuilder().setClientID("a").setInbox("i").build());
      long b = ch.subs().createSub(SubState.newBuilder().setClientID("b").setInbox("i").build());
      ch.subs().deleteSub(b);
      ch.subs().addSeqPending(a, 3);
      ch.subs().flush();
      s.addClient(ClientInfo.newBuilder().setID("x").setHbInbox("h").build());
      s.addClient(ClientInfo.newBuilder().setID("y").setHbInbox("h").build());
      s.deleteClient("y");
    }
    return root;
  }

  private static RecoveredState reopen(Path root, FileStoreOptions o) {
    try (FileStore s = FileStore.open(root, o, StoreLimits.UNLIMITED)) {
      return s.recover().orElseThrow();
    }
  }

  private static long lastSeq(Path root, FileStoreOptions o) {
    try (FileStore s = FileStore.open(root, o, StoreLimits.UNLIMITED)) {
      return s.recover().orElseThrow().channels().get("ch").channel().msgs().lastSequence();
    }
  }

  /** Offsets at which a record starts (and the end of the file) in a record file. */
  static List<Long> boundaries(Path file, boolean typed) throws IOException {
    byte[] b = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    List<Long> out = new ArrayList<>();
    int at = 4;
    while (at + 8 <= b.length) {
      out.add((long) at);
      int h = buf.getInt(at);
      at += 8 + (typed ? h & 0xFFFFFF : h);
    }
    out.add((long) b.length);
    return out;
  }

  private static void cut(Path file, long at) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(at);
    }
  }

  private static void zeroFrom(Path file, long at) throws IOException {
    long size = Files.size(file);
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.allocate((int) (size - at)), at);
    }
  }

  private Path copy(Path src, String name) throws IOException {
    Path dst = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().endsWith(".lck")) {
          Files.copy(p, t);
        }
      }
    }
    return dst;
  }

  private static List<Problem.Kind> verifyKinds(Path root) {
    VerifyReport r = StoreVerifier.verify(root, FileStoreOptions.DEFAULTS);
    return r.problems().stream().map(Problem::kind).toList();
  }

  // ---- item 4: a middle slice is never skipped or deleted ----

  @Test
  void zeroFilledMiddleSliceFromAnyRecordBoundaryIsRefusedWithFileAndOffset() throws IOException {
    Path base = written(tmp.resolve("base"));
    List<Long> at = boundaries(base.resolve("ch/msgs.2.dat"), false);
    for (long b : at.subList(0, at.size() - 1)) {
      Path root = copy(base, "zero" + b);
      Path dat = root.resolve("ch/msgs.2.dat");
      zeroFrom(dat, b);
      assertThatThrownBy(() -> reopen(root, SMALL_SLICES)).as("zero-filled from %d", b)
          .isInstanceOf(CorruptedDataException.class)
          .satisfies(e -> {
            CorruptedDataException c = (CorruptedDataException) e;
            assertThat(c.file()).hasValue(dat.toString());
            assertThat(c.getMessage()).doesNotContain("open it with truncateUnexpectedEOF");
          });
      assertThat(dat).as("never deleted").exists();
      assertThat(verifyKinds(root)).as("verify agrees").contains(Problem.Kind.LOST_DATA);
    }
  }

  @Test
  void zeroFilledMiddleSliceWithoutManifestIsStillRefused() throws IOException {
    Path root = written(tmp.resolve("s"));
    Files.delete(root.resolve("ch/msgs.manifest")); // a store written by NATS Streaming has none
    zeroFrom(root.resolve("ch/msgs.2.dat"), 4);
    assertThatThrownBy(() -> reopen(root, SMALL_SLICES.toBuilder().truncateUnexpectedEOF(true).build()))
        .isInstanceOf(CorruptedDataException.class)
        .hasMessageContaining("does not apply");
    assertThat(root.resolve("ch/msgs.2.dat")).exists();
    assertThat(verifyKinds(root)).contains(Problem.Kind.LOST_DATA);
  }

  @Test
  void repairLeavesADamagedMiddleSliceAloneAndSaysSo() throws IOException {
    Path root = written(tmp.resolve("s"));
    Path dat = root.resolve("ch/msgs.2.dat");
    zeroFrom(dat, boundaries(dat, false).get(1));
    byte[] before = Files.readAllBytes(dat);
    RepairReport r = StoreRepair.repair(root, SMALL_SLICES);
    assertThat(r.actions()).anyMatch(a -> a.kind() == RepairReport.Kind.UNREPAIRED
        && a.file().equals("ch/msgs.2.dat"));
    assertThat(r.actions()).noneMatch(a -> a.kind() == RepairReport.Kind.TRUNCATED);
    assertThat(Files.readAllBytes(dat)).isEqualTo(before);
    assertThatThrownBy(() -> reopen(root, SMALL_SLICES)).isInstanceOf(CorruptedDataException.class);
  }

  // ---- item 5: truncation at a record boundary of committed data is seen ----

  @Test
  void lastSliceCutAtARecordBoundaryIsRefusedAndTheLastSequenceNeverDrops() throws IOException {
    Path base = written(tmp.resolve("base"));
    List<Long> at = boundaries(base.resolve("ch/msgs.3.dat"), false);
    for (long b : at.subList(0, at.size() - 1)) {
      Path root = copy(base, "cut" + b);
      cut(root.resolve("ch/msgs.3.dat"), b);
      assertThatThrownBy(() -> reopen(root, SMALL_SLICES)).as("cut at %d", b)
          .isInstanceOf(CorruptedDataException.class)
          .satisfies(e -> assertThat(((CorruptedDataException) e).offset()).hasValue(b));
      assertThat(verifyKinds(root)).contains(Problem.Kind.LOST_DATA);
    }
  }

  @Test
  void subsAndClientsCutAtARecordBoundaryAreRefused() throws IOException {
    Path base = written(tmp.resolve("base"));
    for (String file : List.of("ch/subs.dat", "clients.dat")) {
      List<Long> at = boundaries(base.resolve(file), true);
      for (long b : at.subList(0, at.size() - 1)) {
        Path root = copy(base, file.replace('/', '_') + b);
        cut(root.resolve(file), b);
        assertThatThrownBy(() -> reopen(root, SMALL_SLICES)).as("%s cut at %d", file, b)
            .isInstanceOf(CorruptedDataException.class);
        assertThat(verifyKinds(root)).as("%s cut at %d", file, b).contains(Problem.Kind.LOST_DATA);
      }
    }
  }

  @Test
  void anUndamagedStoreOpensAndVerifiesClean() {
    Path root = written(tmp.resolve("s"));
    RecoveredState st = reopen(root, SMALL_SLICES);
    assertThat(st.clients()).hasSize(1);
    assertThat(st.channels().get("ch").subscriptions()).hasSize(1);
    assertThat(lastSeq(root, SMALL_SLICES)).isEqualTo(15);
    assertThat(verifyKinds(root)).isEmpty();
  }

  // ---- item 6: removed by limits stays removed ----

  @Test
  void messagesRemovedByLimitsDoNotComeBackWithLooserLimits() {
    List<StoreLimits> tight = List.of(
        StoreLimits.builder().maxMsgs(3).build(),
        StoreLimits.builder().maxBytes(3 * (msg(1).getSerializedSize() + 40)).build());
    int i = 0;
    for (StoreLimits limits : tight) {
      Path root = tmp.resolve("l" + i++);
      long first;
      try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, limits)) {
        s.recover();
        s.init(INFO);
        Channel ch = s.createChannel("ch");
        for (long q = 1; q <= 10; q++) {
          ch.msgs().store(msg(q));
        }
        ch.msgs().flush();
        first = ch.msgs().firstSequence();
        assertThat(first).isGreaterThan(1);
      }
      try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
        MsgStore m = s.recover().orElseThrow().channels().get("ch").channel().msgs();
        assertThat(m.firstSequence()).as("limits %s", limits).isEqualTo(first);
        assertThat(m.lastSequence()).isEqualTo(10);
        for (long q = 1; q < first; q++) {
          assertThat(m.lookup(q)).as("removed message %d", q).isEmpty();
        }
        assertThat(m.state().count()).isEqualTo(10 - first + 1);
      }
    }
  }

  @Test
  void messagesExpiredByMaxAgeDoNotComeBack() {
    Path root = tmp.resolve("age");
    StoreLimits aged = StoreLimits.builder().maxAge(Duration.ofHours(1)).build();
    long now = System.currentTimeMillis() * 1_000_000L;
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, aged)) {
      s.recover();
      s.init(INFO);
      Channel ch = s.createChannel("ch");
      for (long q = 1; q <= 6; q++) {
        long ts = q <= 4 ? now - Duration.ofHours(2).toNanos() : now;
        ch.msgs().store(msg(q).toBuilder().setTimestamp(ts).build());
      }
      ch.msgs().flush();
    }
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, aged)) {
      // expiry right after recovery removes 1..4
      assertThat(s.recover().orElseThrow().channels().get("ch").channel().msgs().firstSequence())
          .isEqualTo(5);
    }
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      MsgStore m = s.recover().orElseThrow().channels().get("ch").channel().msgs();
      assertThat(m.firstSequence()).isEqualTo(5);
      assertThat(m.lookup(2)).isEmpty();
    }
  }

  // ---- item 10: torn tail after an unclean shutdown is crash debris ----

  /** A crash image: the directory copied while the store is open (flushed, not closed). */
  private Path crashImage(String name) throws IOException {
    Path live = tmp.resolve(name + "-live");
    try (FileStore s = FileStore.open(live, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      s.recover();
      s.init(INFO);
      Channel ch = s.createChannel("ch");
      for (long i = 1; i <= 5; i++) {
        ch.msgs().store(msg(i));
      }
      ch.msgs().flush();
      return copy(live, name);
    }
  }

  private static void appendTorn(Path file, byte[] extra) throws IOException {
    Files.write(file, extra, StandardOpenOption.APPEND);
  }

  private static byte[] tornRecord() {
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(100).putInt(0x12345678).put(new byte[12]); // says 100 bytes, holds 12
    return b.array();
  }

  @Test
  void tornTailAfterAnUncleanShutdownIsCutAndKeptAside() throws IOException {
    Path root = crashImage("crash");
    Path dat = root.resolve("ch/msgs.1.dat");
    long good = Files.size(dat);
    appendTorn(dat, tornRecord());
    assertThat(lastSeq(root, FileStoreOptions.DEFAULTS)).isEqualTo(5);
    assertThat(Files.size(dat)).isEqualTo(good);
    try (Stream<Path> s = Files.list(root.resolve("ch"))) {
      List<Path> aside = s.filter(p -> p.getFileName().toString().startsWith("msgs.1.dat.torn-")).toList();
      assertThat(aside).hasSize(1);
      assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(tornRecord());
    }
    assertThat(lastSeq(root, FileStoreOptions.DEFAULTS)).as("the aside file is ignored").isEqualTo(5);
    assertThat(verifyKinds(root)).isEmpty();
  }

  @Test
  void tornTailPastTheCommittedLengthOfAReopenedStoreIsCutAfterACrash() throws IOException {
    Path live = crashImage("first").getParent().resolve("first-live");
    long committed = Files.size(live.resolve("ch/msgs.1.dat")); // closed cleanly: listed there
    Path root;
    try (FileStore s = FileStore.open(live, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      MsgStore m = s.recover().orElseThrow().channels().get("ch").channel().msgs();
      m.store(msg(6));
      m.flush();
      root = copy(live, "crash-after-reopen");
    }
    Path dat = root.resolve("ch/msgs.1.dat");
    appendTorn(dat, tornRecord());
    assertThat(lastSeq(root, FileStoreOptions.DEFAULTS)).isEqualTo(6);
    try (Stream<Path> s = Files.list(root.resolve("ch"))) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("msgs.1.dat.torn-"))).hasSize(1);
    }
    // a torn record inside what the manifest committed is damage, not debris
    Path inside = copy(live, "crash-inside-committed");
    cut(inside.resolve("ch/msgs.1.dat"), committed - 3);
    assertThatThrownBy(() -> reopen(inside, FileStoreOptions.DEFAULTS))
        .isInstanceOf(CorruptedDataException.class);
  }

  @Test
  void tornTailAfterACleanShutdownOrInStrictModeStaysAnError() throws IOException {
    Path clean = written(tmp.resolve("clean"));
    appendTorn(clean.resolve("ch/msgs.3.dat"), tornRecord());
    assertThatThrownBy(() -> reopen(clean, SMALL_SLICES))
        .isInstanceOf(CorruptedDataException.class)
        .hasMessageContaining("truncateUnexpectedEOF");

    Path strict = crashImage("strict");
    appendTorn(strict.resolve("ch/msgs.1.dat"), tornRecord());
    assertThatThrownBy(() -> reopen(strict,
        FileStoreOptions.builder().cutTornTailAfterCrash(false).build()))
        .isInstanceOf(CorruptedDataException.class);
    assertThat(lastSeq(strict, FileStoreOptions.DEFAULTS)).isEqualTo(5);
  }

  @Test
  void tornTailOfSubsDatAfterAnUncleanShutdownIsCut() throws IOException {
    Path live = tmp.resolve("subs-live");
    Path root;
    try (FileStore s = FileStore.open(live, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
      s.recover();
      s.init(INFO);
      Channel ch = s.createChannel("ch");
      ch.subs().createSub(SubState.newBuilder().setClientID("a").setInbox("i").build());
      root = copy(live, "subs");
    }
    appendTorn(root.resolve("ch/subs.dat"), tornRecord());
    assertThat(reopen(root, FileStoreOptions.DEFAULTS).channels().get("ch").subscriptions()).hasSize(1);
    try (Stream<Path> s = Files.list(root.resolve("ch"))) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("subs.dat.torn-"))).hasSize(1);
    }
  }
}
