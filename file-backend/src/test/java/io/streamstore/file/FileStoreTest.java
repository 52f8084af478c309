package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.Stores;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreInUseException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-store-only behaviour (ports of NATS filestore_test.go where they apply: options, lock file,
 * truncate witness, delete channel, recovery with missing or bad files) plus the crash-safety and
 * path-safety rules of this backend.
 */
class FileStoreTest {

  @TempDir Path tmp;

  private final ServerInfo info = ServerInfo.newBuilder().setClusterID("test").build();

  private FileStore open(Path root) {
    return FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT);
  }

  private FileStore fresh(Path root) {
    FileStore s = open(root);
    assertThat(s.recover()).isEmpty();
    s.init(info);
    return s;
  }

  private static MsgProto msg(String ch, long seq) {
    return MsgProto.newBuilder().setSequence(seq).setSubject(ch).setData(com.google.protobuf.ByteString.copyFromUtf8("m" + seq))
        .setTimestamp(seq).build();
  }

  private static SubState sub() {
    return SubState.newBuilder().setClientID("me").setInbox("in").setAckInbox("ack").build();
  }

  @Test
  void exclusiveLockIsHeldByOneStoreAtATimeAndReleasedOnClose() {
    Path root = tmp.resolve("s");
    try (FileStore a = open(root); FileStore b = open(root)) {
      assertThat(a.tryExclusiveLock()).isTrue();
      assertThat(a.tryExclusiveLock()).as("already held").isTrue();
      assertThat(b.tryExclusiveLock()).isFalse();
      a.close();
      assertThat(b.tryExclusiveLock()).isTrue();
    }
    assertThat(root.resolve(".rootdir.lck")).exists();
  }

  @Test
  void exclusiveLockHeldByAnotherProcessIsRefused() throws Exception {
    Path root = tmp.resolve("s");
    Files.createDirectories(root);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), root.resolve(".rootdir.lck").toString())
        .redirectErrorStream(true).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
      assertThat(line).isEqualTo("LOCKED");
      try (FileStore s = open(root)) {
        assertThat(s.tryExclusiveLock()).isFalse();
        assertThatThrownBy(s::recover).isInstanceOf(StoreInUseException.class);
        assertThatThrownBy(() -> s.init(info)).isInstanceOf(StoreInUseException.class);
        assertThatThrownBy(() -> s.createChannel("c")).isInstanceOf(StoreInUseException.class);
        p.getOutputStream().close(); // the holder exits and its lock goes with it
        p.waitFor();
        assertThat(s.tryExclusiveLock()).isTrue();
        assertThat(s.recover()).isEmpty();
        s.init(info);
        s.createChannel("c");
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aStoreOpenedWhileAnotherHoldsTheLockIsAPassiveStandbyThatWritesNothing() throws Exception {
    Path root = tmp.resolve("s");
    FileStoreOptions truncate = FileStoreOptions.builder().truncateUnexpectedEOF(true).build();
    try (FileStore a = FileStore.open(root, truncate, StoreLimits.DEFAULT)) {
      assertThat(a.holdsLock()).as("a writable open takes the free lock").isTrue();
      assertThat(a.recover()).isEmpty();
      a.init(info);
      Channel ch = a.createChannel("orders");
      ch.msgs().store(msg("orders", 1));
      ch.msgs().flush();
      ch.subs().createSub(sub());
      a.addClient(ClientInfo.newBuilder().setID("c1").setHbInbox("hb").build());
      java.util.Map<Path, byte[]> before = snapshot(root);

      try (FileStore b = open(root)) { // without truncateUnexpectedEOF: would remove the witness
        assertThat(b.holdsLock()).isFalse();
        assertThat(b.tryExclusiveLock()).isFalse();
        assertThatThrownBy(b::recover).isInstanceOf(StoreInUseException.class)
            .hasMessageContaining("passive standby");
        assertThatThrownBy(() -> b.init(info)).isInstanceOf(StoreInUseException.class);
        assertThatThrownBy(() -> b.createChannel("intruder")).isInstanceOf(StoreInUseException.class);
        assertThatThrownBy(() -> b.addClient(ClientInfo.newBuilder().setID("c2").build()))
            .isInstanceOf(StoreInUseException.class);
        assertThatThrownBy(() -> b.deleteChannel("orders")).isInstanceOf(Exception.class);
      }
      assertThat(snapshot(root)).as("not a byte changed by the standby")
          .containsOnlyKeys(before.keySet())
          .allSatisfy((f, bytes) -> assertThat(bytes).as(f.toString()).isEqualTo(before.get(f)));

      ch.msgs().store(msg("orders", 2));
      ch.msgs().flush();
      assertThat(a.tryExclusiveLock()).as("the holder still holds it").isTrue();
    }
  }

  @Test
  void theStandbyTakesTheLockOnceFreeAndRecoversWhatTheHolderWrote() {
    Path root = tmp.resolve("s");
    FileStore a = fresh(root);
    FileStore b = open(root);
    try {
      Channel ch = a.createChannel("orders");
      for (long seq = 1; seq <= 3; seq++) {
        ch.msgs().store(msg("orders", seq));
      }
      a.close(); // flushes, then releases the lock
      assertThat(b.tryExclusiveLock()).isTrue();
      RecoveredState state = b.recover().orElseThrow();
      assertThat(state.channels().get("orders").channel().msgs().lastSequence()).isEqualTo(3);
      state.channels().get("orders").channel().msgs().store(msg("orders", 4));
      b.createChannel("more");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aReadOnlyStoreOpensWhileTheLockIsHeldAndWritesNothing() throws Exception {
    Path root = tmp.resolve("s");
    try (FileStore a = fresh(root)) {
      a.createChannel("orders").msgs().store(msg("orders", 1));
      a.createChannel("orders2");
      a.channelLimits("orders");
      java.util.Map<Path, byte[]> before = snapshot(root);
      FileStoreOptions ro = FileStoreOptions.builder().readOnly(true).build();
      try (FileStore r = FileStore.open(root, ro, StoreLimits.DEFAULT)) {
        assertThat(r.recover().orElseThrow().channels()).containsKeys("orders", "orders2");
        assertThatThrownBy(() -> r.createChannel("x")).isInstanceOf(NotSupportedException.class);
      }
      assertThat(snapshot(root).keySet()).isEqualTo(before.keySet());
      assertThat(a.holdsLock()).isTrue();
    }
  }

  @Test
  void aSecondStoreOfThisJvmDoesNotReleaseTheFirstStoresOsLock() throws Exception {
    // POSIX: closing any descriptor of a locked file drops the process's lock; a standby of the same
    // JVM must not open the lock file at all, or another process could take the lock meanwhile
    Path root = tmp.resolve("s");
    try (FileStore a = fresh(root)) {
      for (int i = 0; i < 3; i++) {
        try (FileStore b = open(root)) {
          assertThat(b.tryExclusiveLock()).isFalse();
        }
      }
      assertThatThrownBy(() -> io.streamstore.file.tools.StoreRepair.repair(root,
          FileStoreOptions.DEFAULTS)).isInstanceOf(StoreInUseException.class);
      assertThat(probeFromAnotherProcess(root)).as("another process probing the lock").isEqualTo("BUSY");
      assertThat(a.holdsLock()).isTrue();
    }
    assertThat(probeFromAnotherProcess(root)).as("after the holder closed").isEqualTo("FREE");
  }

  private static String probeFromAnotherProcess(Path root) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockProbe.class.getName(), root.resolve(".rootdir.lck").toString())
        .redirectErrorStream(true).start();
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
    p.waitFor();
    return line;
  }

  private static java.util.Map<Path, byte[]> snapshot(Path root) throws IOException {
    java.util.Map<Path, byte[]> out = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f), Files.readAllBytes(f));
      }
    }
    return out;
  }

  /** A child process that tries the lock once: prints FREE (and lets it go) or BUSY. */
  public static final class LockProbe {
    public static void main(String[] args) throws Exception {
      try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        System.out.println(ch.tryLock() != null ? "FREE" : "BUSY");
        System.out.flush();
      }
    }
  }

  /** A child process that holds the lock until its stdin closes. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          var lock = ch.lock()) {
        System.out.println("LOCKED");
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the parent to close our stdin
        }
      }
    }
  }

  @Test
  void truncateUnexpectedEofCannotBeUsedTwiceInARow() {
    Path root = tmp.resolve("s");
    FileStoreOptions truncate = FileStoreOptions.builder().truncateUnexpectedEOF(true).build();
    FileStore.open(root, truncate, StoreLimits.DEFAULT).close();
    assertThat(root.resolve(".truncate.lck")).exists();
    assertThatThrownBy(() -> FileStore.open(root, truncate, StoreLimits.DEFAULT))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("truncateUnexpectedEOF");
    open(root).close();
    assertThat(root.resolve(".truncate.lck")).doesNotExist();
    FileStore.open(root, truncate, StoreLimits.DEFAULT).close();
  }

  @Test
  void deletedChannelDirectoryIsGoneAndTheNameCanBeReused() {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      s.createChannel("foo");
      s.createChannel("bar");
      s.deleteChannel("foo");
      assertThat(root.resolve("foo")).doesNotExist();
      assertThat(root.resolve("bar")).isDirectory();
      s.createChannel("foo").msgs().store(msg("foo", 1));
    }
    try (FileStore s = open(root)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.channels()).containsOnlyKeys("foo", "bar");
      assertThat(st.channels().get("foo").channel().msgs().lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void channelWhoseDeletionWasInterruptedAfterTheRenameIsNeverRecovered() throws IOException {
    Path root = tmp.resolve("s");
    InjectingFileIO io = new InjectingFileIO();
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT, io)) {
      s.recover();
      s.init(info);
      Channel c = s.createChannel("foo");
      c.msgs().store(msg("foo", 1));
      c.subs().createSub(sub());
      s.createChannel("keep");
      // the process "dies" after the rename: no file of the marker can be deleted
      io.failWhen((op, p) -> op.equals("delete") && p.toString().contains(".deleted-"));
      s.deleteChannel("foo");
      io.failWhen((op, p) -> false);
    }
    try (Stream<Path> l = Files.list(root)) {
      assertThat(l.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(".deleted-"));
    }
    try (FileStore s = open(root)) {
      assertThat(s.recover().orElseThrow().channels()).containsOnlyKeys("keep");
    }
    try (Stream<Path> l = Files.list(root)) {
      assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".deleted-"));
    }
  }

  @Test
  void channelWhoseDeletionFailedBeforeTheRenameIsStillComplete() {
    Path root = tmp.resolve("s");
    InjectingFileIO io = new InjectingFileIO();
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT, io)) {
      s.recover();
      s.init(info);
      s.createChannel("foo").msgs().store(msg("foo", 1));
      s.channelLimits("foo"); // still there
      io.failWhen((op, p) -> op.equals("move"));
      assertThatThrownBy(() -> s.deleteChannel("foo")).isInstanceOf(StoreIOException.class);
    }
    try (FileStore s = open(root)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.channels().get("foo").channel().msgs().lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void failedServerInfoReplacementLeavesThePreviousOneIntact() {
    Path root = tmp.resolve("s");
    InjectingFileIO io = new InjectingFileIO();
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT, io)) {
      s.recover();
      s.init(info);
      io.failWhen((op, p) -> op.equals("move") && p.getFileName().toString().equals("server.dat.tmp"));
      assertThatThrownBy(() -> s.init(info.toBuilder().setClusterID("new").build()))
          .isInstanceOf(StoreIOException.class);
    }
    try (FileStore s = open(root)) {
      assertThat(s.recover().orElseThrow().info()).isEqualTo(info);
    }
  }

  @Test
  void failedCompactionLeavesTheSubscriptionFileIntactAndUsable() {
    Path root = tmp.resolve("s");
    InjectingFileIO io = new InjectingFileIO();
    FileStoreOptions eager = FileStoreOptions.builder().compactMinFileSize(0).build();
    try (FileStore s = FileStore.open(root, eager, StoreLimits.DEFAULT, io)) {
      s.recover();
      s.init(info);
      Channel c = s.createChannel("foo");
      long keep = c.subs().createSub(sub());
      long gone = c.subs().createSub(sub());
      c.subs().addSeqPending(keep, 1);
      io.failWhen((op, p) -> op.equals("open") && p.getFileName().toString().equals("subs.dat.tmp"));
      c.subs().deleteSub(gone); // compaction is due and fails: logged, nothing lost
      c.subs().addSeqPending(keep, 2);
      c.subs().flush();
    }
    try (FileStore s = open(root)) {
      var subs = s.recover().orElseThrow().channels().get("foo").subscriptions();
      assertThat(subs).singleElement().satisfies(r -> {
        assertThat(r.sub().getID()).isEqualTo(1);
        assertThat(r.pending().toArray()).containsExactly(1, 2);
      });
    }
  }

  @Test
  void channelsWithoutServerInfoAreRefusedAndAnEmptyDirectoryIsAFreshStore() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      s.createChannel("foo");
    }
    Files.delete(root.resolve("server.dat"));
    try (FileStore s = open(root)) {
      assertThatThrownBy(s::recover).isInstanceOf(MissingServerInfoException.class).hasMessageContaining("foo");
    }
    try (FileStore s = open(tmp.resolve("empty"))) {
      assertThat(s.recover()).isEmpty();
    }
  }

  @Test
  void leftoversOfInterruptedReplacementsAndDeletionsAreRemovedAtRecovery() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      s.createChannel("foo").subs().createSub(sub());
      s.addClient(ClientInfo.newBuilder().setID("c1").setHbInbox("hb").build());
    }
    Files.write(root.resolve("server.dat.tmp"), new byte[] {1, 2});
    Files.write(root.resolve("clients.dat.tmp"), new byte[] {1, 2});
    Files.write(root.resolve("foo/subs.dat.tmp"), new byte[] {1, 2});
    Files.createDirectories(root.resolve(".deleted-1234/inner"));
    Files.write(root.resolve(".deleted-1234/inner/msgs.1.dat"), new byte[] {1});
    try (FileStore s = open(root)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.info()).isEqualTo(info);
      assertThat(st.clients()).hasSize(1);
      assertThat(st.channels().get("foo").subscriptions()).hasSize(1);
    }
    assertThat(root.resolve("server.dat.tmp")).doesNotExist();
    assertThat(root.resolve("clients.dat.tmp")).doesNotExist();
    assertThat(root.resolve("foo/subs.dat.tmp")).doesNotExist();
    assertThat(root.resolve(".deleted-1234")).doesNotExist();
  }

  @Test
  void symbolicLinkPlantedInTheRootIsNeverFollowed() throws IOException {
    Path root = tmp.resolve("s");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    try (FileStore s = fresh(root)) {
      Files.createSymbolicLink(root.resolve("evil"), outside);
      assertThatThrownBy(() -> s.createChannel("evil"))
          .isInstanceOf(InvalidNameException.class)
          .hasMessageContaining("symbolic link");
    }
    try (Stream<Path> l = Files.list(outside)) {
      assertThat(l).isEmpty();
    }
    try (FileStore s = open(root)) {
      assertThatThrownBy(s::recover).isInstanceOf(InvalidNameException.class).hasMessageContaining("symbolic link");
    }
    try (Stream<Path> l = Files.list(outside)) {
      assertThat(l).isEmpty();
    }
  }

  @Test
  void hostileChannelNamesNeverCreateAnythingOutsideTheRoot() throws IOException {
    Path root = tmp.resolve("s");
    String[] names = {
      "../x", "a/../../x", "/etc/x", "\\x", "x\u0000y", "tab\there", "CON", "nul.foo", "foo.", ".foo",
      "..", ".", "a..b", "e\u0301", "x".repeat(256), "%2e%2e", "it's", "a;b", "\uD83D\uDE00", "ok.name",
      "Foo", "foo", "\u202Eevil",
    };
    try (FileStore s = fresh(root)) {
      for (String n : names) {
        try {
          s.createChannel(n);
          Path dir = root.resolve(n).normalize();
          assertThat(dir.getParent()).as(n).isEqualTo(root.toAbsolutePath().normalize());
          assertThat(dir).as(n).isDirectory();
        } catch (InvalidNameException expected) {
          // refused by name, as it should be for every unsafe one
        }
      }
    }
    try (Stream<Path> l = Files.list(tmp)) {
      assertThat(l.map(p -> p.getFileName().toString())).containsExactly("s");
    }
    try (FileStore s = open(root)) {
      assertThat(s.recover().orElseThrow().channels().keySet())
          .contains("ok.name", "Foo", "\uD83D\uDE00", "it's")
          .doesNotContain("foo", "..", ".", "CON", "e\u0301");
    }
  }

  @Test
  void channelNamesThatDifferOnlyInCaseAreRefused() {
    try (FileStore s = fresh(tmp.resolve("s"))) {
      s.createChannel("Orders.EU");
      assertThatThrownBy(() -> s.createChannel("orders.eu"))
          .isInstanceOf(InvalidNameException.class)
          .hasMessageContaining("case");
      assertThat(tmp.resolve("s/orders.eu")).doesNotExist();
    }
  }

  @Test
  void channelDirectoryLeftEmptyByACrashAfterMkdirRecoversAsAnEmptyChannel() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      s.createChannel("foo").msgs().store(msg("foo", 1));
    }
    Files.createDirectories(root.resolve("bar"));
    try (FileStore s = open(root)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.channels()).containsOnlyKeys("foo", "bar");
      Channel bar = st.channels().get("bar").channel();
      assertThat(bar.msgs().lastSequence()).isZero();
      assertThat(bar.subs().createSub(sub())).isEqualTo(1);
    }
    assertThat(root.resolve("bar/subs.dat")).exists();
  }

  @Test
  void staleDirectoryThatWasNotRecoveredIsNotSilentlyReused() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      Files.createDirectories(root.resolve("foo"));
      assertThatThrownBy(() -> s.createChannel("foo")).isInstanceOf(InvalidNameException.class);
    }
  }

  @Test
  void urlOptionsAreParsedAndUnknownOrMalformedOnesAreRejectedByName() {
    String base = "streamstore:file:" + tmp.resolve("u");
    try (Store s = Stores.open(base + "?doSync=false&bufferSize=64KB&maxMsgs=10&parallelRecovery=3")) {
      assertThat(s).isInstanceOf(FileStore.class);
      FileStore fs = (FileStore) s;
      assertThat(fs.options().doSync()).isFalse();
      assertThat(fs.options().bufferSize()).isEqualTo(64 * 1024);
      assertThat(fs.options().parallelRecovery()).isEqualTo(3);
    }
    String[][] bad = {
      {"bogus=1", "bogus"},
      {"bufferSize=-1", "bufferSize"},
      {"compactFragmentation=0", "compactFragmentation"},
      {"compactInterval=0", "compactInterval"},
      {"compactMinFileSize=-1", "compactMinFileSize"},
      {"crcPolynomial=0", "crcPolynomial"},
      {"crcPolynomial=0x1ffffffff", "crcPolynomial"},
      {"fileDescriptorsLimit=-1", "fileDescriptorsLimit"},
      {"parallelRecovery=0", "parallelRecovery"},
      {"sliceMaxMsgs=-1", "sliceMaxMsgs"},
      {"sliceMaxBytes=-1", "sliceMaxBytes"},
      {"sliceMaxAge=-1s", "sliceMaxAge"},
      {"doSync=maybe", "doSync"},
      {"maxMsgs=lots", "maxMsgs"},
    };
    for (String[] b : bad) {
      assertThatThrownBy(() -> Stores.open(base + "?" + b[0]))
          .as(b[0])
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining(b[1]);
    }
    assertThatThrownBy(() -> Stores.open("streamstore:file:")).isInstanceOf(InvalidOptionException.class);
  }

  @Test
  void unsupportedFileVersionIsRefusedNamingTheVersionAndFile() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      s.createChannel("foo").subs().createSub(sub());
    }
    try (FileChannel ch = FileChannel.open(root.resolve("foo/subs.dat"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2), 0);
    }
    try (FileStore s = open(root)) {
      assertThatThrownBy(s::recover)
          .isInstanceOf(CorruptedDataException.class)
          .hasMessageContaining("2")
          .hasMessageContaining("foo/subs.dat");
    }
  }

  @Test
  void subscriptionsAboveANewLimitAreRecoveredButNoMoreCanBeCreated() {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      Channel c = s.createChannel("foo");
      for (int i = 0; i < 3; i++) {
        c.subs().createSub(sub());
      }
    }
    StoreLimits one = StoreLimits.DEFAULT.toBuilder().maxSubscriptions(1).build();
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, one)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.channels().get("foo").subscriptions()).hasSize(3);
      assertThatThrownBy(() -> st.channels().get("foo").channel().subs().createSub(sub()))
          .isInstanceOf(TooManySubscriptionsException.class);
    }
  }

  @Test
  void parallelRecoveryRecoversEveryChannelAndFailsCleanlyOnADamagedOne() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      for (int i = 0; i < 12; i++) {
        Channel c = s.createChannel("foo." + i);
        for (long seq = 1; seq <= 10; seq++) {
          c.msgs().store(msg("foo." + i, seq));
        }
        c.subs().createSub(sub());
      }
    }
    FileStoreOptions parallel = FileStoreOptions.builder().parallelRecovery(4).build();
    try (FileStore s = FileStore.open(root, parallel, StoreLimits.DEFAULT)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.channels()).hasSize(12);
      assertThat(st.channels().values()).allSatisfy(rc -> {
        assertThat(rc.channel().msgs().state().count()).isEqualTo(10);
        assertThat(rc.subscriptions()).hasSize(1);
      });
    }
    Files.write(root.resolve("foo.5/subs.dat"), new byte[] {1, 0, 0, 0, 9, 9, 9});
    try (FileStore s = FileStore.open(root, parallel, StoreLimits.DEFAULT)) {
      assertThatThrownBy(s::recover)
          .isInstanceOfSatisfying(CorruptedDataException.class,
              e -> assertThat(e.file()).contains("foo.5/subs.dat"));
    }
  }

  @Test
  void addedClientIsWrittenBeforeAddReturnsAndClientsSurviveRestart() throws IOException {
    Path root = tmp.resolve("s");
    ClientInfo c1 = ClientInfo.newBuilder().setID("c1").setHbInbox("hb1").build();
    ClientInfo c2 = ClientInfo.newBuilder().setID("c2").setHbInbox("hb2").build();
    try (FileStore s = fresh(root)) {
      long before = Files.size(root.resolve("clients.dat"));
      s.addClient(c1);
      assertThat(Files.size(root.resolve("clients.dat"))).isEqualTo(before + 8 + c1.getSerializedSize());
      s.addClient(c2);
      s.deleteClient("c1");
    }
    try (FileStore s = open(root)) {
      assertThat(s.recover().orElseThrow().clients()).extracting(c -> c.info()).containsExactly(c2);
    }
  }

  @Test
  void clientThatCouldNotBeWrittenIsNotAdded() {
    InjectingFileIO io = new InjectingFileIO();
    try (FileStore s = FileStore.open(tmp.resolve("s"), FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT, io)) {
      assertThat(s.recover()).isEmpty();
      io.failWhen((op, p) -> p.getFileName().toString().startsWith("clients.dat"));
      assertThatThrownBy(() -> s.addClient(ClientInfo.newBuilder().setID("c1").setHbInbox("hb").build()))
          .isInstanceOf(StoreIOException.class);
      assertThatThrownBy(() -> s.deleteClient("c1")).isInstanceOf(io.streamstore.spi.NotFoundException.class);
    }
  }

  @Test
  void readOnlyStoreRecoversButChangesNothingAndRefusesWrites() throws IOException {
    Path root = tmp.resolve("s");
    try (FileStore s = fresh(root)) {
      s.createChannel("foo").msgs().store(msg("foo", 1));
    }
    Files.write(root.resolve("server.dat.tmp"), new byte[] {1});
    FileStoreOptions ro = FileStoreOptions.builder().readOnly(true).build();
    try (FileStore s = FileStore.open(root, ro, StoreLimits.DEFAULT)) {
      RecoveredState st = s.recover().orElseThrow();
      assertThat(st.channels().get("foo").channel().msgs().lastSequence()).isEqualTo(1);
      assertThatThrownBy(() -> s.createChannel("bar")).isInstanceOf(NotSupportedException.class);
      assertThatThrownBy(() -> s.init(info)).isInstanceOf(NotSupportedException.class);
      assertThatThrownBy(() -> st.channels().get("foo").channel().subs().createSub(sub()))
          .isInstanceOf(NotSupportedException.class);
    }
    assertThat(root.resolve("server.dat.tmp")).exists();
    assertThat(root.resolve("bar")).doesNotExist();
  }

  @Test
  void bufferedSubscriptionRecordsReachTheFileThroughTheBackgroundAutoSync() throws Exception {
    Path root = tmp.resolve("s");
    FileStoreOptions o = FileStoreOptions.builder().autoSync(java.time.Duration.ofMillis(100)).build();
    try (FileStore s = FileStore.open(root, o, StoreLimits.DEFAULT)) {
      s.recover();
      s.init(info);
      Channel c = s.createChannel("foo");
      long id = c.subs().createSub(sub());
      long size = Files.size(root.resolve("foo/subs.dat"));
      c.subs().addSeqPending(id, 1); // buffered: not in the file yet
      assertThat(Files.size(root.resolve("foo/subs.dat"))).isEqualTo(size);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (Files.size(root.resolve("foo/subs.dat")) == size && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.size(root.resolve("foo/subs.dat"))).isGreaterThan(size);
    }
  }

  @Test
  void aRootThatIsAFileIsRefused() throws IOException {
    Path file = Files.write(tmp.resolve("plain"), new byte[] {1});
    assertThatThrownBy(() -> open(file)).isInstanceOf(StoreIOException.class);
  }

  @Test
  void closeStopsTheBackgroundThreadsOfTheStore() {
    long before = backgroundThreads();
    FileStore s = fresh(tmp.resolve("s"));
    s.createChannel("foo").msgs().store(msg("foo", 1));
    s.close();
    s.close();
    assertThat(backgroundThreads()).isLessThanOrEqualTo(before);
  }

  private static long backgroundThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("streamstore-file-background"))
        .count();
  }
}
