package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.MessageLite;
import io.streamstore.file.compact.CompactionPolicy;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.SubState;
import io.streamstore.proto.SubStateDelete;
import io.streamstore.proto.SubStateUpdate;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.SubStoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscription file on its own: replay of every record type, id allocation across restarts and
 * compactions, the lenient replay NATS Streaming allows, and compaction (ports of filestore_sub_test.go:
 * TestFSCompactSubsFileOnDelete/OnAck, TestFSCompactSubsUpdateLastSent, TestFSNoSubIdCollisionAfterRecovery).
 */
class FileSubStoreTest {

  @TempDir Path dir;

  private final FileIO io = FileIO.real();
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private RecordCodec codec() {
    return new RecordCodec(Crc32.of(Crc32.IEEE), 1 << 20, true);
  }

  private CompactionPolicy noCompaction() {
    return new CompactionPolicy(false, 50, 0, Duration.ofSeconds(1), clock::get);
  }

  private CompactionPolicy eagerCompaction() {
    return new CompactionPolicy(true, 50, 0, Duration.ofSeconds(1), clock::get);
  }

  private FileSubStore create(CompactionPolicy p, int maxSubs) {
    return FileSubStore.create(io, dir, "foo", codec(), FileStoreOptions.DEFAULTS, new SubStoreLimits(maxSubs), p);
  }

  private FileSubStore recover(CompactionPolicy p, FileStoreOptions o) {
    return FileSubStore.recover(io, dir, "foo", codec(), o, new SubStoreLimits(0), p);
  }

  private FileSubStore recover() {
    return recover(noCompaction(), FileStoreOptions.DEFAULTS);
  }

  private static SubState sub(String inbox) {
    return SubState.newBuilder().setClientID("me").setInbox(inbox).setAckInbox("ack").setAckWaitInSecs(10).build();
  }

  @Test
  void recoveryRebuildsEverySubscriptionWithItsPendingSetAndLastSent() {
    long a;
    long b;
    try (var unused = new Closer(create(noCompaction(), 0))) {
      FileSubStore s = unused.store;
      a = s.createSub(sub("a"));
      b = s.createSub(sub("b"));
      for (long seq = 1; seq <= 5; seq++) {
        s.addSeqPending(a, seq);
      }
      s.ackSeqPending(a, 2);
      s.ackSeqPending(a, 4);
      s.addSeqPending(b, 7);
      s.updateSub(sub("b2").toBuilder().setID(b).build());
      s.flush();
    }
    try (var c = new Closer(recover())) {
      List<RecoveredSubscription> r = c.store.recovered();
      assertThat(r).extracting(x -> x.sub().getID()).containsExactly(a, b);
      assertThat(r.get(0).sub().getLastSent()).isEqualTo(5);
      assertThat(r.get(0).pending()).isEqualTo(SequenceSet.of(1, 3, 5));
      assertThat(r.get(1).sub().getInbox()).isEqualTo("b2");
      assertThat(r.get(1).sub().getLastSent()).as("an update replaces the whole state").isZero();
      assertThat(r.get(1).pending()).isEqualTo(SequenceSet.of(7));
    }
  }

  @Test
  void subscriptionIdsAreNeverReusedAfterDeleteRecoveryOrCompaction() {
    long last;
    try (var c = new Closer(create(noCompaction(), 0))) {
      long one = c.store.createSub(sub("1"));
      long two = c.store.createSub(sub("2"));
      assertThat(two).isGreaterThan(one);
      c.store.deleteSub(two);
      last = two;
    }
    try (var c = new Closer(recover())) {
      long three = c.store.createSub(sub("3"));
      assertThat(three).isGreaterThan(last);
      c.store.deleteSub(three);
      c.store.compact();
      last = three;
    }
    try (var c = new Closer(recover())) {
      assertThat(c.store.recovered()).hasSize(1);
      assertThat(c.store.createSub(sub("4"))).isGreaterThan(last);
    }
  }

  @Test
  void createdSubscriptionIsInTheFileBeforeCreateReturns() throws IOException {
    try (var c = new Closer(create(noCompaction(), 0))) {
      c.store.createSub(sub("a"));
      long size = Files.size(dir.resolve("subs.dat"));
      assertThat(size).isEqualTo(4 + 8 + sub("a").toBuilder().setID(1).build().getSerializedSize());
    }
  }

  @Test
  void unknownSubscriptionIdsAreRejectedAndNothingIsWritten() throws IOException {
    try (var c = new Closer(create(noCompaction(), 0))) {
      long id = c.store.createSub(sub("a"));
      c.store.flush();
      long size = Files.size(dir.resolve("subs.dat"));
      assertThatThrownBy(() -> c.store.updateSub(sub("x").toBuilder().setID(id + 1).build()))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> c.store.deleteSub(id + 1)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> c.store.addSeqPending(id + 1, 1)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> c.store.ackSeqPending(id + 1, 1)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> c.store.addSeqPending(id, 0))
          .isInstanceOf(io.streamstore.spi.InvalidArgumentException.class);
      c.store.flush();
      assertThat(Files.size(dir.resolve("subs.dat"))).isEqualTo(size);
    }
  }

  @Test
  void maxSubscriptionsIsEnforcedButSubscriptionsAboveItAreStillRecovered() {
    try (var c = new Closer(create(noCompaction(), 0))) {
      c.store.createSub(sub("1"));
      c.store.createSub(sub("2"));
    }
    try (var c = new Closer(FileSubStore.recover(io, dir, "foo", codec(), FileStoreOptions.DEFAULTS,
        new SubStoreLimits(1), noCompaction()))) {
      assertThat(c.store.recovered()).hasSize(2);
      assertThatThrownBy(() -> c.store.createSub(sub("3"))).isInstanceOf(TooManySubscriptionsException.class);
      c.store.deleteSub(1);
      assertThatThrownBy(() -> c.store.createSub(sub("3"))).isInstanceOf(TooManySubscriptionsException.class);
      c.store.deleteSub(2);
      assertThat(c.store.createSub(sub("3"))).isEqualTo(3);
    }
  }

  @Test
  void replayToleratesUpdatesPendingAndAcksForDeletedOrUnknownSubscriptions() throws IOException {
    // What NATS Streaming may have written: records for sub 1 after its delete, deletes of unknown ids.
    SubState s1 = sub("1").toBuilder().setID(1).build();
    SubState s2 = sub("2").toBuilder().setID(2).build();
    write(
        rec(RecordTypes.SUB_NEW, s1), rec(RecordTypes.SUB_NEW, s2),
        rec(RecordTypes.SUB_PENDING, upd(1, 1)), rec(RecordTypes.SUB_PENDING, upd(1, 2)),
        rec(RecordTypes.SUB_DELETE, SubStateDelete.newBuilder().setID(1).build()),
        rec(RecordTypes.SUB_PENDING, upd(1, 4)), rec(RecordTypes.SUB_ACK, upd(1, 1)),
        rec(RecordTypes.SUB_UPDATE, s1),
        rec(RecordTypes.SUB_DELETE, SubStateDelete.newBuilder().setID(3).build()),
        rec(RecordTypes.SUB_DELETE, SubStateDelete.newBuilder().setID(5).build()));
    try (var c = new Closer(recover())) {
      assertThat(c.store.recovered()).extracting(r -> r.sub().getID()).containsExactly(2L);
      assertThat(c.store.createSub(sub("6"))).as("ids seen in deletes are not reused").isEqualTo(6);
    }
  }

  @Test
  void unknownRecordTypeOrBadCrcFailsRecoveryNamingFileAndOffset() throws IOException {
    SubState s1 = sub("1").toBuilder().setID(1).build();
    byte[] first = rec(RecordTypes.SUB_NEW, s1);
    byte[] bad = rec(RecordTypes.SUB_NEW, s1);
    bad[0] = 9; // type 9 in the high byte? no: LE header, type is byte 3
    bad[0] = first[0];
    bad[3] = 9;
    write(first, bad);
    assertThatThrownBy(this::recover)
        .isInstanceOfSatisfying(CorruptedDataException.class, e -> {
          assertThat(e.file()).contains("foo/subs.dat");
          assertThat(e.offset()).hasValue(4L + first.length);
        });
    byte[] badCrc = rec(RecordTypes.SUB_NEW, s1);
    badCrc[5] ^= 1;
    write(first, badCrc);
    assertThatThrownBy(this::recover).isInstanceOf(CorruptedDataException.class).hasMessageContaining("CRC");
    FileStoreOptions noCrc = FileStoreOptions.builder().doCRC(false).build();
    try (var c = new Closer(recover(noCompaction(), noCrc))) {
      assertThat(c.store.recovered()).hasSize(1);
    }
  }

  @Test
  void tornTailFailsByDefaultAndIsCutWithTruncateUnexpectedEof() throws IOException {
    SubState s1 = sub("1").toBuilder().setID(1).build();
    byte[] first = rec(RecordTypes.SUB_NEW, s1);
    byte[] second = rec(RecordTypes.SUB_PENDING, upd(1, 1));
    write(first, Arrays.copyOf(second, second.length - 2));
    assertThatThrownBy(this::recover)
        .isInstanceOf(CorruptedDataException.class)
        .hasMessageContaining("truncateUnexpectedEOF");
    FileStoreOptions truncate = FileStoreOptions.builder().truncateUnexpectedEOF(true).build();
    try (var c = new Closer(recover(noCompaction(), truncate))) {
      assertThat(c.store.recovered().get(0).pending().isEmpty()).isTrue();
      c.store.addSeqPending(1, 9);
      c.store.flush();
    }
    try (var c = new Closer(recover())) {
      assertThat(c.store.recovered().get(0).pending()).isEqualTo(SequenceSet.of(9));
    }
  }

  @Test
  void compactionOnDeleteKeepsOnlyLiveRecordsAndTheSameState() throws IOException {
    try (var c = new Closer(create(eagerCompaction(), 0))) {
      long keep = c.store.createSub(sub("keep"));
      c.store.addSeqPending(keep, 1);
      c.store.addSeqPending(keep, 2);
      long gone = c.store.createSub(sub("gone"));
      for (long seq = 1; seq <= 20; seq++) {
        c.store.addSeqPending(gone, seq);
      }
      long before = c.store.fileSize();
      c.store.deleteSub(gone); // 22 of 24 records dead: compacts
      assertThat(c.store.deadRecords()).isZero();
      assertThat(c.store.fileSize()).isLessThan(before);
    }
    try (var c = new Closer(recover())) {
      List<RecoveredSubscription> r = c.store.recovered();
      assertThat(r).hasSize(1);
      assertThat(r.get(0).pending()).isEqualTo(SequenceSet.of(1, 2));
      assertThat(r.get(0).sub().getLastSent()).isEqualTo(2);
      assertThat(c.store.createSub(sub("next"))).isEqualTo(3);
    }
    assertThat(dir.resolve("subs.dat.tmp")).doesNotExist();
  }

  @Test
  void compactionOnAckKeepsLastSentAndRespectsTheInterval() {
    try (var c = new Closer(create(eagerCompaction(), 0))) {
      long id = c.store.createSub(sub("a"));
      for (long seq = 1; seq <= 10; seq++) {
        c.store.addSeqPending(id, seq);
      }
      for (long seq = 1; seq <= 10; seq++) {
        c.store.ackSeqPending(id, seq);
      }
      // compacted once fragmentation reached 50 %; later acks accumulate until the interval passes
      long dead = c.store.deadRecords();
      assertThat(dead).isBetween(1L, 9L);
      clock.addAndGet(Duration.ofSeconds(2).toNanos());
      c.store.addSeqPending(id, 11);
      c.store.ackSeqPending(id, 11);
      assertThat(c.store.deadRecords()).isZero();
    }
    try (var c = new Closer(recover())) {
      RecoveredSubscription r = c.store.recovered().get(0);
      assertThat(r.pending().isEmpty()).isTrue();
      assertThat(r.sub().getLastSent()).as("lastSent survives compaction").isEqualTo(11);
    }
  }

  @Test
  void badSubscriptionFilesAreRefused() throws IOException {
    Files.write(dir.resolve("subs.dat"), new byte[0]);
    assertThatThrownBy(this::recover).isInstanceOf(CorruptedDataException.class).hasMessageContaining("version");
    ByteBuffer sizePastEnd = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 100);
    write(sizePastEnd.array());
    assertThatThrownBy(this::recover).isInstanceOf(CorruptedDataException.class);
    byte[] content = "abc".getBytes();
    int crc = Crc32.of(Crc32.IEEE).compute(content, 0, content.length);
    for (int type : new int[] {1, 2, 3, 4, 5, 99}) {
      ByteBuffer r = ByteBuffer.allocate(8 + content.length).order(ByteOrder.LITTLE_ENDIAN);
      r.putInt(type << 24 | content.length).putInt(crc).put(content);
      write(r.array());
      assertThatThrownBy(this::recover).as("type %d", type)
          .isInstanceOfSatisfying(CorruptedDataException.class,
              e -> assertThat(e.offset()).hasValue(4L));
    }
  }

  @Test
  void sizeFieldAboveTheRecordLimitIsCorruptionAndNothingThatLargeIsAllocated() throws IOException {
    SubState big = sub("x".repeat(2000)).toBuilder().setID(1).build();
    write(rec(RecordTypes.SUB_NEW, big));
    RecordCodec small = new RecordCodec(Crc32.of(Crc32.IEEE), 1024, true);
    assertThatThrownBy(() -> FileSubStore.recover(io, dir, "foo", small, FileStoreOptions.DEFAULTS,
            new SubStoreLimits(0), noCompaction()))
        .isInstanceOfSatisfying(CorruptedDataException.class, e -> {
          assertThat(e.getMessage()).contains("size");
          assertThat(e.offset()).hasValue(4L);
        });
  }

  @Test
  void everyBufferSizeKeepsRecordsWholeAndInOrder() {
    for (int size : new int[] {0, 115, 128, 448, 2 << 20}) {
      FileStoreOptions o = FileStoreOptions.builder().bufferSize(size).build();
      Path d = dir.resolve("b" + size);
      d.toFile().mkdirs();
      FileSubStore s = FileSubStore.create(io, d, "foo", codec(), o, new SubStoreLimits(0), noCompaction());
      long id = s.createSub(sub("x".repeat(300)));
      for (long seq = 1; seq <= 200; seq++) {
        s.addSeqPending(id, seq);
        if (seq % 3 == 0) {
          s.ackSeqPending(id, seq);
        }
      }
      s.close();
      FileSubStore r = FileSubStore.recover(io, d, "foo", codec(), o, new SubStoreLimits(0), noCompaction());
      RecoveredSubscription rs = r.recovered().get(0);
      assertThat(rs.sub().getLastSent()).as("buffer %d", size).isEqualTo(200);
      assertThat(rs.pending().size()).as("buffer %d", size).isEqualTo(200 - 66);
      assertThat(rs.pending().contains(3)).isFalse();
      r.close();
    }
  }

  @Test
  void closedStoreRefusesCalls() {
    FileSubStore s = create(noCompaction(), 0);
    s.close();
    s.close();
    assertThatThrownBy(() -> s.createSub(sub("a"))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(s::flush).isInstanceOf(StoreClosedException.class);
  }

  private void write(byte[]... records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(FileVersion.header().array());
    for (byte[] r : records) {
      out.write(r);
    }
    Files.write(dir.resolve("subs.dat"), out.toByteArray());
  }

  private byte[] rec(int type, MessageLite m) {
    ByteBuffer b = ByteBuffer.allocate(8 + m.getSerializedSize()).order(ByteOrder.LITTLE_ENDIAN);
    codec().encode(b, type, m);
    return b.array();
  }

  private static SubStateUpdate upd(long id, long seq) {
    return SubStateUpdate.newBuilder().setID(id).setSeqno(seq).build();
  }

  /** Closes a sub store at the end of a try block. */
  private record Closer(FileSubStore store) implements AutoCloseable {
    @Override
    public void close() {
      store.close();
    }
  }
}
