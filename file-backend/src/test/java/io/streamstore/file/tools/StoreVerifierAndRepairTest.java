package io.streamstore.file.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.fixtures.Fixtures;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.StoreInUseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only verifier and the repair tool against copies of the NATS fixtures. */
class StoreVerifierAndRepairTest {

  @TempDir Path tmp;

  private final FileStoreOptions options = FileStoreOptions.DEFAULTS;

  @Test
  void basicFixtureVerifiesCleanAndEveryFileIsRead() {
    VerifyReport r = StoreVerifier.verify(Fixtures.original("basic"), options);
    assertThat(r.problems()).isEmpty();
    assertThat(r.filesChecked()).isEqualTo(2 + 3 * 3); // server, clients; per channel subs, dat, idx
    assertThat(r.recordsChecked()).isGreaterThan(3 * 2000);
    assertThat(r.summary()).startsWith("OK: 11 files, ");
  }

  @Test
  void slicedFixtureVerifiesClean() {
    VerifyReport r = StoreVerifier.verify(Fixtures.original("sliced"), options);
    assertThat(r.problems()).isEmpty();
    assertThat(r.filesChecked()).isEqualTo(2 + 1 + 6 * 2);
  }

  @Test
  void tornTailIsReportedOnTheDataFileAtTheLastCompleteRecordAndOnTheIndex() {
    Path store = Fixtures.copy("torn-tail", tmp.resolve("s"));
    long offsetOf999 = Fixtures.indexedOffset(store.resolve("orders/msgs.1.idx"), 998);
    VerifyReport r = StoreVerifier.verify(store, options);
    assertThat(r.problemsIn("orders/msgs.1.dat"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.kind()).isEqualTo(Problem.Kind.TORN_TAIL);
          assertThat(p.offset()).isEqualTo(offsetOf999);
        });
    assertThat(r.problemsIn("orders/msgs.1.idx")).isNotEmpty()
        .allSatisfy(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.BAD_INDEX));
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.file()).startsWith("orders/"));
  }

  @Test
  void crcDamageIsReportedAtTheDamagedMessageOnly() {
    Path store = Fixtures.original("crc-bad");
    long offsetOf497 = Fixtures.indexedOffset(store.resolve("foo/msgs.1.idx"), 496);
    VerifyReport r = StoreVerifier.verify(store, options);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("foo/msgs.1.dat");
      assertThat(p.kind()).isEqualTo(Problem.Kind.BAD_CRC);
      assertThat(p.offset()).isEqualTo(offsetOf497);
      assertThat(p.offset()).isLessThanOrEqualTo(140000);
    });
  }

  @Test
  void missingIndexesAreReported() {
    VerifyReport r = StoreVerifier.verify(Fixtures.original("no-index"), options);
    assertThat(r.problems()).extracting(Problem::file)
        .containsExactlyInAnyOrder("bar.baz/msgs.1.idx", "foo/msgs.1.idx", "orders/msgs.1.idx");
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.MISSING_INDEX));
  }

  @Test
  void repairCutsTheTornTailReportsTheLostSequencesAndRebuildsTheIndex() throws IOException {
    Path store = Fixtures.copy("torn-tail", tmp.resolve("s"));
    byte[] originalDat = Files.readAllBytes(store.resolve("orders/msgs.1.dat"));
    byte[] originalIdx = Files.readAllBytes(store.resolve("orders/msgs.1.idx"));
    long offsetOf999 = Fixtures.indexedOffset(store.resolve("orders/msgs.1.idx"), 998);

    RepairReport r = StoreRepair.repair(store, options);

    assertThat(r.complete()).as("%s", r.after().problems()).isTrue();
    assertThat(r.actionsOn("orders/msgs.1.dat")).extracting(RepairReport.Action::kind)
        .containsExactly(RepairReport.Kind.BACKED_UP, RepairReport.Kind.TRUNCATED);
    RepairReport.Action cut = r.actionsOn("orders/msgs.1.dat").get(1);
    assertThat(cut.droppedSequences()).containsExactly(999L, 1000L);
    assertThat(cut.bytesDropped()).isEqualTo(originalDat.length - offsetOf999);
    assertThat(r.actionsOn("orders/msgs.1.idx")).extracting(RepairReport.Action::kind)
        .containsExactly(RepairReport.Kind.BACKED_UP, RepairReport.Kind.INDEX_REBUILT);
    assertThat(Files.size(store.resolve("orders/msgs.1.dat"))).isEqualTo(offsetOf999);
    assertThat(Files.size(store.resolve("orders/msgs.1.idx"))).isEqualTo(4 + 998 * 32);
    assertThat(Files.readAllBytes(store.resolve("orders/msgs.1.dat.bak"))).isEqualTo(originalDat);
    assertThat(Files.readAllBytes(store.resolve("orders/msgs.1.idx.bak"))).isEqualTo(originalIdx);
    // the rebuilt index is the original's first 998 entries, byte for byte
    byte[] rebuilt = Files.readAllBytes(store.resolve("orders/msgs.1.idx"));
    assertThat(rebuilt).isEqualTo(java.util.Arrays.copyOf(originalIdx, 4 + 998 * 32));
    assertThat(r.actions()).allSatisfy(a -> assertThat(a.file()).startsWith("orders/"));
  }

  @Test
  void repairedTornTailStoreOpensWithDefaultOptionsAsNatsRecoversItWithTruncation() {
    Path store = Fixtures.copy("torn-tail", tmp.resolve("s"));
    assertThat(StoreRepair.repair(store, options).complete()).isTrue();
    try (io.streamstore.file.FileStore s = io.streamstore.file.FileStore.open(store, options,
        io.streamstore.spi.StoreLimits.UNLIMITED)) {
      Fixtures.expected("torn-tail", "expected-truncate.json").assertMatches(s.recover().orElseThrow());
    }
  }

  @Test
  void rebuiltIndexesAreByteIdenticalToTheOnesNatsWrote() throws IOException {
    Path store = Fixtures.copy("no-index", tmp.resolve("s"));
    RepairReport r = StoreRepair.repair(store, options);
    assertThat(r.complete()).isTrue();
    assertThat(r.actions()).extracting(RepairReport.Action::kind)
        .containsOnly(RepairReport.Kind.INDEX_REBUILT).hasSize(3);
    for (String ch : List.of("foo", "bar.baz", "orders")) {
      assertThat(Files.readAllBytes(store.resolve(ch + "/msgs.1.idx")))
          .as(ch)
          .isEqualTo(Files.readAllBytes(Fixtures.original("basic").resolve(ch + "/msgs.1.idx")));
    }
  }

  @Test
  void crcDamageInsideTheLogIsLeftAloneAndReported() throws IOException {
    Path store = Fixtures.copy("crc-bad", tmp.resolve("s"));
    byte[] dat = Files.readAllBytes(store.resolve("foo/msgs.1.dat"));
    RepairReport r = StoreRepair.repair(store, options);
    assertThat(r.actions()).singleElement().satisfies(a -> {
      assertThat(a.file()).isEqualTo("foo/msgs.1.dat");
      assertThat(a.kind()).isEqualTo(RepairReport.Kind.UNREPAIRED);
    });
    assertThat(r.complete()).isFalse();
    assertThat(Files.readAllBytes(store.resolve("foo/msgs.1.dat"))).isEqualTo(dat);
    try (Stream<Path> files = Files.walk(store)) {
      assertThat(files.filter(p -> p.toString().endsWith(".bak"))).isEmpty();
    }
  }

  @Test
  void damagedSubscriptionRecordIsDroppedByRepairAndNamed() throws IOException {
    Path store = Fixtures.copy("basic", tmp.resolve("s"));
    Path subs = store.resolve("foo/subs.dat");
    byte[] b = Files.readAllBytes(subs);
    b[4 + 8 + 48 + 8 + 3] ^= 0x20; // inside the payload of the second record (offset 60)
    Files.write(subs, b);
    VerifyReport v = StoreVerifier.verify(store, options);
    assertThat(v.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("foo/subs.dat");
      assertThat(p.offset()).isEqualTo(60);
      assertThat(p.kind()).isEqualTo(Problem.Kind.BAD_CRC);
    });
    RepairReport r = StoreRepair.repair(store, options);
    assertThat(r.complete()).isTrue();
    assertThat(r.actionsOn("foo/subs.dat")).extracting(RepairReport.Action::kind)
        .containsExactly(RepairReport.Kind.BACKED_UP, RepairReport.Kind.REWRITTEN);
    RepairReport.Action rw = r.actionsOn("foo/subs.dat").get(1);
    assertThat(rw.detail()).contains("offset 60");
    assertThat(rw.bytesDropped()).isEqualTo(8 + 58);
    assertThat(Files.size(subs)).isEqualTo(b.length - 66);
  }

  @Test
  void subscriptionFileWithoutVersionHeaderIsRewrittenEmpty() throws IOException {
    Path store = Fixtures.copy("basic", tmp.resolve("s"));
    Files.write(store.resolve("orders/subs.dat"), new byte[0]);
    assertThat(StoreVerifier.verify(store, options).problems()).singleElement()
        .satisfies(p -> assertThat(p.kind()).isEqualTo(Problem.Kind.BAD_FILE));
    RepairReport r = StoreRepair.repair(store, options);
    assertThat(r.complete()).isTrue();
    assertThat(r.actionsOn("orders/subs.dat")).extracting(RepairReport.Action::kind)
        .containsExactly(RepairReport.Kind.BACKED_UP, RepairReport.Kind.REWRITTEN);
    assertThat(Files.readAllBytes(store.resolve("orders/subs.dat"))).containsExactly(1, 0, 0, 0);
  }

  @Test
  void repairRefusesAStoreWhoseLockIsHeld() throws IOException {
    Path store = Fixtures.copy("basic", tmp.resolve("s"));
    try (FileHandle h = FileIO.real().open(store.resolve(".rootdir.lck"), FileIO.OpenMode.READ_WRITE)) {
      assertThat(h.tryLock()).isTrue();
      assertThatThrownBy(() -> StoreRepair.repair(store, options)).isInstanceOf(StoreInUseException.class);
    }
    assertThat(StoreRepair.repair(store, options).actions()).isEmpty();
  }

  @Test
  void verifierNeverChangesAFile() throws IOException {
    Path store = Fixtures.copy("torn-tail", tmp.resolve("s"));
    long[] before = sizes(store);
    StoreVerifier.verify(store, options);
    assertThat(sizes(store)).isEqualTo(before);
  }

  private static long[] sizes(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).sorted().mapToLong(p -> p.toFile().length()).toArray();
    }
  }

  @SuppressWarnings("unused")
  private static long[] range(long from, long to) {
    return LongStream.rangeClosed(from, to).toArray();
  }
}
