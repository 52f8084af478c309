package io.streamstore.file;

import static io.streamstore.file.MsgLogFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 8: one store() with a sequence gap of 10^12 wrote placeholders until the disk was
 * full. A gap of at most {@code SliceChain.MAX_GAP_PLACEHOLDERS} (1024) missing sequences is still
 * filled with NATS placeholders; a larger one starts a new slice at the new sequence, so it costs two
 * small files whatever its size. Asserted in bytes on disk, never in time.
 */
class GapBoundTest {

  private static final long BOUND = 1024;

  @TempDir Path tmp;

  @Test
  void aHugeGapCostsTwoSmallFilesAndReopensToTheSameState() throws IOException {
    Path root = tmp.resolve("s");
    MsgProto m1 = message("ch", 1);
    MsgProto far = message("ch", 1 + 1_000_000_000_000L);
    MsgProto max = message("ch", Long.MAX_VALUE);
    long before;
    long after;
    try (FileStore s = fresh(root)) {
      Channel c = s.createChannel("ch");
      c.msgs().store(m1);
      c.msgs().flush();
      before = bytesUnder(root);
      c.msgs().store(far);
      c.msgs().store(max);
      c.msgs().flush();
      after = bytesUnder(root);
      assertHolds(c.msgs(), m1, far, max);
    }
    // two slices of one message each: data file 4 + 8 + record, index file 4 + 32
    long twoSlices = 2 * (4 + 8 + 4 + 32) + far.getSerializedSize() + max.getSerializedSize();
    assertThat(after - before).as("bytes written for two gaps of 10^12 and 9.2 * 10^18")
        .isBetween(twoSlices, twoSlices + 4096); // slack for bookkeeping files, if any
    assertThat(sliceFiles(root.resolve("ch")))
        .containsExactly("msgs.1.dat", "msgs.1.idx", "msgs.2.dat", "msgs.2.idx", "msgs.3.dat",
            "msgs.3.idx");
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT)) {
      MsgStore ms = s.recover().orElseThrow().channels().get("ch").channel().msgs();
      assertHolds(ms, m1, far, max);
    }
    assertThat(StoreVerifier.verify(root, FileStoreOptions.DEFAULTS).problems()).isEmpty();
  }

  @Test
  void aGapOfTheBoundIsFilledAsNatsDoesAndOneMoreStartsANewSlice() throws IOException {
    Path root = tmp.resolve("s");
    long filledTo = 1 + BOUND + 1; // 2..1025 missing: exactly the bound
    long skippedTo = filledTo + BOUND + 2; // BOUND + 1 missing
    try (FileStore s = fresh(root)) {
      MsgStore ms = s.createChannel("ch").msgs();
      ms.store(message("ch", 1));
      ms.store(message("ch", filledTo));
      assertThat(ms.state().count()).as("1024 placeholders").isEqualTo(BOUND + 2);
      assertThat(ms.lookup(500)).hasValueSatisfying(p -> assertThat(p.getData().isEmpty()).isTrue());
      ms.store(message("ch", skippedTo));
      assertThat(ms.state().count()).as("no placeholder for a gap above the bound")
          .isEqualTo(BOUND + 3);
      assertThat(ms.lookup(filledTo + 1)).isEmpty();
      assertThat(ms.lookup(skippedTo - 1)).isEmpty();
      assertThat(ms.lookup(skippedTo)).contains(message("ch", skippedTo));
      ms.flush();
    }
    assertThat(sliceFiles(root.resolve("ch")))
        .containsExactly("msgs.1.dat", "msgs.1.idx", "msgs.2.dat", "msgs.2.idx");
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT)) {
      MsgStore ms = s.recover().orElseThrow().channels().get("ch").channel().msgs();
      assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, skippedTo));
      assertThat(ms.state().count()).isEqualTo(BOUND + 3);
      assertThat(ms.lookup(500)).isPresent();
      assertThat(ms.lookup(filledTo + 1)).isEmpty();
      assertThat(ms.sequenceForTimestamp(0)).isEqualTo(1);
    }
  }

  private static void assertHolds(MsgStore ms, MsgProto m1, MsgProto far, MsgProto max) {
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, Long.MAX_VALUE));
    assertThat(ms.state().count()).isEqualTo(3);
    assertThat(ms.lookup(1)).contains(m1);
    assertThat(ms.lookup(far.getSequence())).contains(far);
    assertThat(ms.lookup(Long.MAX_VALUE)).contains(max);
    for (long seq : new long[] {2, BOUND + 2, far.getSequence() - 1, far.getSequence() + 1,
        Long.MAX_VALUE - 1}) {
      assertThat(ms.lookup(seq)).as("lookup(%d)", seq).isEmpty();
    }
    assertThat(ms.firstMsg()).contains(m1);
    assertThat(ms.lastMsg()).contains(max);
  }

  private static FileStore fresh(Path root) {
    FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT);
    s.recover();
    s.init(ServerInfo.newBuilder().setClusterID("gaps").build());
    return s;
  }

  private static List<String> sliceFiles(Path dir) throws IOException {
    try (Stream<Path> l = Files.list(dir)) {
      return l.map(p -> p.getFileName().toString()).filter(n -> n.matches("msgs\\.\\d+\\.(dat|idx)"))
          .sorted()
          .toList();
    }
  }

  static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> w = Files.walk(root)) {
      return w.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
