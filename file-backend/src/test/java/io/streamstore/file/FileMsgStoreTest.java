package io.streamstore.file;

import static io.streamstore.file.MsgLogFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.file.io.FaultyFileIO;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.log.MsgLogContext;
import io.streamstore.file.recovery.SliceAction;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreIOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMsgStoreTest {

  @TempDir Path tmp;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private Path dir;

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private FileMsgStore create(FileStoreOptions o, MsgStoreLimits l) throws Exception {
    return create(FileIO.real(), o, l);
  }

  private FileMsgStore create(FileIO io, FileStoreOptions o, MsgStoreLimits l) throws Exception {
    dir = tmp.resolve("ch");
    Files.createDirectories(dir);
    return FileMsgStore.create(MsgLogContext.of(io, o, scheduler), dir, "ch", l);
  }

  private FileMsgStore reopen(FileStoreOptions o, MsgStoreLimits l) {
    return FileMsgStore.recover(MsgLogContext.of(FileIO.real(), o, scheduler), dir, "ch", l);
  }

  private static FileStoreOptions slices(int n) {
    return FileStoreOptions.builder().sliceMaxMsgs(n).build();
  }

  private static void storeRange(FileMsgStore ms, long from, long to) {
    for (long s = from; s <= to; s++) {
      ms.store(message("ch", s));
    }
  }

  private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 500 && !c.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(c.getAsBoolean()).as("condition reached").isTrue();
  }

  @Test
  void slicesRollByCountAndRecoverAcrossSlices() throws Exception {
    FileMsgStore ms = create(slices(10), MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 35);
    ms.flush();
    assertThat(dir.resolve("msgs.4.dat")).exists();
    assertThat(dir.resolve("msgs.5.dat")).doesNotExist();
    for (long s = 1; s <= 35; s++) {
      assertThat(ms.lookup(s)).contains(message("ch", s));
    }
    long bytes = ms.state().bytes();
    ms.close();
    FileMsgStore again = reopen(slices(10), MsgStoreLimits.UNLIMITED);
    assertThat(again.state().count()).isEqualTo(35);
    assertThat(again.state().bytes()).isEqualTo(bytes);
    assertThat(again.recoveryReport().slices()).hasSize(4)
        .allSatisfy(r -> assertThat(r.actions()).containsExactly(SliceAction.INDEX_USED));
    storeRange(again, 36, 41);
    assertThat(dir.resolve("msgs.5.dat")).exists();
    assertThat(again.lookup(41)).contains(message("ch", 41));
    assertThat(again.sequenceForTimestamp(message("ch", 23).getTimestamp())).isEqualTo(23);
    assertThat(again.sequenceForTimestamp(message("ch", 40).getTimestamp())).isEqualTo(40);
    again.close();
  }

  @Test
  void sliceLimitsDeriveFromChannelLimitsWhenUnset() {
    var l = io.streamstore.file.log.SliceLimits.of(
        FileStoreOptions.builder().sliceMaxBytes(0).build(),
        new MsgStoreLimits(100, 4000, Duration.ofSeconds(2)));
    assertThat(l.maxMsgs()).isEqualTo(25);
    assertThat(l.maxBytes()).isEqualTo(1000);
    assertThat(l.maxAgeNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
    var set = io.streamstore.file.log.SliceLimits.of(
        FileStoreOptions.builder().sliceMaxMsgs(7).build(), new MsgStoreLimits(100, 0, Duration.ZERO));
    assertThat(set.maxMsgs()).isEqualTo(7);
    assertThat(set.maxBytes()).isEqualTo(64L << 20);
  }

  @Test
  void limitsRemoveWholeFirstSlicesButNeverTheLast() throws Exception {
    FileMsgStore ms = create(slices(5), new MsgStoreLimits(10, 0, Duration.ZERO));
    storeRange(ms, 1, 23);
    assertThat(ms.state().count()).isEqualTo(10);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(14, 23));
    assertThat(ms.lookup(13)).isEmpty();
    assertThat(ms.lookup(14)).contains(message("ch", 14));
    assertThat(dir.resolve("msgs.1.dat")).doesNotExist();
    assertThat(dir.resolve("msgs.2.dat")).doesNotExist();
    assertThat(dir.resolve("msgs.3.dat")).exists();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".bak"));
    }
    long accounted = 0;
    for (long s = 14; s <= 23; s++) {
      accounted += message("ch", s).getSerializedSize() + 40;
    }
    assertThat(ms.state().bytes()).isEqualTo(accounted);
    ms.close();
    FileMsgStore again = reopen(slices(5), new MsgStoreLimits(10, 0, Duration.ZERO));
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(14, 23));
    assertThat(again.state().count()).isEqualTo(10);
    again.close();
  }

  @Test
  void removedSlicesGoToTheArchiveScriptAsBak() throws Exception {
    Path log = tmp.resolve("archive.log");
    Path script = tmp.resolve("archive.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$1 $2 $3\" >> " + log + "\nrm -f \"$2\" \"$3\"\n");
    script.toFile().setExecutable(true);
    FileStoreOptions o = FileStoreOptions.builder().sliceMaxMsgs(5)
        .sliceArchiveScript(script.toString()).build();
    FileMsgStore ms = create(o, new MsgStoreLimits(5, 0, Duration.ZERO));
    storeRange(ms, 1, 16);
    ms.close();
    await(() -> Files.exists(log));
    await(() -> {
      try {
        return Files.readAllLines(log).size() == 2;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    List<String> lines = Files.readAllLines(log);
    assertThat(lines.get(0)).isEqualTo("ch " + dir.resolve("msgs.1.dat.bak") + " "
        + dir.resolve("msgs.1.idx.bak"));
    assertThat(lines.get(1)).contains("msgs.2.dat.bak");
    assertThat(dir.resolve("msgs.1.dat.bak")).doesNotExist();
  }

  @Test
  void gapsAreFilledAsNatsDoes() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    ms.store(message("ch", 1));
    ms.store(message("ch", 2));
    ms.store(message("ch", 5));
    assertThat(ms.store(message("ch", 4))).isEqualTo(4);
    assertThat(ms.state().count()).isEqualTo(5);
    assertThat(ms.lookup(3)).hasValueSatisfying(m -> {
      assertThat(m.getSequence()).isEqualTo(3);
      assertThat(m.getSubject()).isEqualTo("ch");
      assertThat(m.getData().isEmpty()).isTrue();
    });
    assertThat(ms.lookup(5)).contains(message("ch", 5));
    ms.close();
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 5));
    again.close();
  }

  @Test
  void emptyRemovesEverythingAndSequencesContinue() throws Exception {
    FileMsgStore ms = create(slices(3), MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 7);
    ms.empty();
    assertThat(ms.state().count()).isZero();
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(8, 7));
    assertThat(ms.lookup(7)).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("msgs.emptied", "msgs.manifest");
    }
    assertThat(ms.store(message("ch", 3))).isEqualTo(3);
    assertThat(ms.state().count()).isZero();
    ms.store(message("ch", 8));
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(8, 8));
    assertThat(ms.lookup(8)).contains(message("ch", 8));
    ms.close();
  }

  @Test
  void messagesOlderThanMaxAgeExpireInTheBackgroundAndOnRecovery() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    long old = System.currentTimeMillis() * 1_000_000L - Duration.ofHours(1).toNanos();
    for (long s = 1; s <= 5; s++) {
      ms.store(message("ch", s).toBuilder().setTimestamp(old + s).build());
    }
    ms.store(message("ch", 6).toBuilder().setTimestamp(System.currentTimeMillis() * 1_000_000L).build());
    ms.close();
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, new MsgStoreLimits(0, 0, Duration.ofMinutes(10)));
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(6, 6));
    assertThat(again.state().count()).isEqualTo(1);
    again.close();

    FileMsgStore live = reopen(FileStoreOptions.DEFAULTS, new MsgStoreLimits(0, 0, Duration.ofMillis(200)));
    live.store(message("ch", 7).toBuilder().setTimestamp(System.currentTimeMillis() * 1_000_000L).build());
    await(() -> live.state().count() == 0);
    assertThat(live.firstAndLastSequence()).isEqualTo(new SequenceRange(8, 7));
    assertThat(live.sequenceForTimestamp(0)).isEqualTo(8);
    live.close();
  }

  @Test
  void zeroFilledTailEndsTheDataAndIsTrimmed() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 5);
    ms.close();
    long size = Files.size(dir.resolve("msgs.1.dat"));
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("msgs.1.dat").toFile(), "rw")) {
      f.setLength(size + 4096);
    }
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.state().count()).isEqualTo(5);
    assertThat(again.recoveryReport().any(SliceAction.ZERO_TAIL_TRIMMED)).isTrue();
    assertThat(Files.size(dir.resolve("msgs.1.dat"))).isEqualTo(size);
    storeRange(again, 6, 6);
    again.close();
    FileMsgStore third = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(third.lookup(6)).contains(message("ch", 6));
    third.close();
  }

  @Test
  void zerosFollowedByDataAreCorruption() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 5);
    ms.close();
    Files.delete(dir.resolve("msgs.1.idx"));
    long size = Files.size(dir.resolve("msgs.1.dat"));
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("msgs.1.dat").toFile(), "rw")) {
      f.setLength(size + 100);
      f.seek(size + 50);
      f.write(7);
    }
    assertThatThrownBy(() -> reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED))
        .isInstanceOfSatisfying(CorruptedDataException.class,
            e -> assertThat(e.offset()).hasValue(size));
  }

  @Test
  void tornTailWithoutIndexFailsOrIsCut() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 5);
    ms.close();
    Files.delete(dir.resolve("msgs.1.idx"));
    // Without a manifest (as NATS Streaming writes it); with one, a cut inside committed data is
    // refused whatever the options (CommittedDataTest).
    Files.delete(dir.resolve("msgs.manifest"));
    Path dat = dir.resolve("msgs.1.dat");
    long size = Files.size(dat);
    try (RandomAccessFile f = new RandomAccessFile(dat.toFile(), "rw")) {
      f.setLength(size - 3);
    }
    assertThatThrownBy(() -> reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED))
        .isInstanceOf(CorruptedDataException.class).hasMessageContaining("msgs.1.dat");
    assertThat(Files.size(dat)).isEqualTo(size - 3);
    FileMsgStore cut = reopen(FileStoreOptions.builder().truncateUnexpectedEOF(true).build(),
        MsgStoreLimits.UNLIMITED);
    assertThat(cut.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 4));
    assertThat(cut.recoveryReport().bytesDropped())
        .isEqualTo(message("ch", 5).getSerializedSize() + 8 - 3);
    cut.close();
  }

  @Test
  void badCrcInTheMiddleIsCorruptionNamingTheOffset() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 5);
    ms.close();
    Files.delete(dir.resolve("msgs.1.idx"));
    long second = 4 + 8 + message("ch", 1).getSerializedSize();
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("msgs.1.dat").toFile(), "rw")) {
      f.seek(second + 20);
      int b = f.read();
      f.seek(second + 20);
      f.write(b ^ 0x55);
    }
    assertThatThrownBy(() -> reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED))
        .isInstanceOfSatisfying(CorruptedDataException.class, e -> {
          assertThat(e.offset()).hasValue(second);
          assertThat(e.getMessage()).contains("CRC");
        });
  }

  @Test
  void hugeSizeFieldIsCorruptionWithoutAllocating() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 3);
    ms.close();
    Files.delete(dir.resolve("msgs.1.idx"));
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("msgs.1.dat").toFile(), "rw")) {
      f.seek(4);
      f.write(new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, 0x7f});
    }
    assertThatThrownBy(() -> reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED))
        .isInstanceOfSatisfying(CorruptedDataException.class,
            e -> assertThat(e.getMessage()).contains("size limit"));
  }

  @Test
  void recordsAfterTheLastIndexEntryAreIndexed() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 10);
    ms.close();
    Path idx = dir.resolve("msgs.1.idx");
    try (RandomAccessFile f = new RandomAccessFile(idx.toFile(), "rw")) {
      f.setLength(4 + 7 * 32);
    }
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.recoveryReport().any(SliceAction.INDEX_EXTENDED)).isTrue();
    assertThat(again.state().count()).isEqualTo(10);
    assertThat(Files.size(idx)).isEqualTo(4 + 10 * 32);
    assertThat(again.lookup(9)).contains(message("ch", 9));
    again.close();
  }

  @Test
  void aHoleInTheIndexIsRepairedFromTheDataFile() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 300);
    ms.close();
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("msgs.1.idx").toFile(), "rw")) {
      f.seek(4 + 100 * 32);
      f.write(new byte[4096]);
    }
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.lookup(150)).contains(message("ch", 150));
    assertThat(again.lookup(101)).contains(message("ch", 101));
    again.close();
    FileMsgStore third = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(third.lookup(150)).contains(message("ch", 150));
    third.close();
  }

  @Test
  void aFailedForcePutsTheStoreInAFailedStateUntilReopened() throws Exception {
    FaultyFileIO io = new FaultyFileIO();
    FileMsgStore ms = create(io, FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 3);
    ms.flush();
    ms.store(message("ch", 4));
    io.failForces.set(1);
    assertThatThrownBy(ms::flush).isInstanceOf(StoreIOException.class)
        .hasMessageContaining("refuses writes");
    assertThat(ms.failed()).isTrue();
    // never retried into a success
    assertThatThrownBy(ms::flush).isInstanceOf(StoreIOException.class);
    assertThatThrownBy(() -> ms.store(message("ch", 5))).isInstanceOf(StoreIOException.class);
    assertThat(ms.lookup(2)).contains(message("ch", 2));
    ms.close();
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.lookup(3)).contains(message("ch", 3));
    again.store(message("ch", 5));
    again.flush();
    again.close();
  }

  @Test
  void aShortWriteIsCutBackAndTheStoreFails() throws Exception {
    FaultyFileIO io = new FaultyFileIO();
    FileMsgStore ms = create(io, FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 3);
    ms.flush();
    long good = Files.size(dir.resolve("msgs.1.dat"));
    storeRange(ms, 4, 6);
    io.shortWrites.set(1);
    assertThatThrownBy(ms::flush).isInstanceOf(StoreIOException.class);
    assertThat(Files.size(dir.resolve("msgs.1.dat"))).isEqualTo(good);
    assertThatThrownBy(() -> ms.store(message("ch", 7))).isInstanceOf(StoreIOException.class);
    ms.close();
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 3));
    again.close();
  }

  @Test
  void flushForcesOnlyWhenSyncIsOn() throws Exception {
    FaultyFileIO io = new FaultyFileIO();
    FileMsgStore ms = create(io, FileStoreOptions.builder().doSync(false).build(),
        MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 3);
    int before = io.forces.get();
    ms.flush();
    assertThat(io.forces.get()).isEqualTo(before);
    assertThat(Files.size(dir.resolve("msgs.1.dat"))).isGreaterThan(4);
    ms.close();
  }

  @Test
  void oversizedMessagesAreRefusedBeforeAnythingIsWritten() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.builder().recordSizeLimit(1024).build(),
        MsgStoreLimits.UNLIMITED);
    ms.store(message("ch", 1));
    MsgProto big = MsgProto.newBuilder().setSequence(2).setSubject("ch")
        .setData(ByteString.copyFrom(new byte[2000])).build();
    assertThatThrownBy(() -> ms.store(big)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("maximum message size of 1024");
    assertThat(ms.failed()).isFalse();
    ms.store(message("ch", 2));
    assertThat(ms.lastSequence()).isEqualTo(2);
    ms.close();
  }

  @Test
  void fileDescriptorLimitKeepsFewSlicesOpen() throws Exception {
    FileStoreOptions o = FileStoreOptions.builder().sliceMaxMsgs(2).fileDescriptorsLimit(4).build();
    dir = tmp.resolve("ch");
    Files.createDirectories(dir);
    MsgLogContext ctx = MsgLogContext.of(FileIO.real(), o, scheduler);
    FileMsgStore ms = FileMsgStore.create(ctx, dir, "ch", MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 40);
    for (long s = 1; s <= 40; s++) {
      assertThat(ms.lookup(s)).contains(message("ch", s));
      assertThat(ctx.fileBudget().open()).isLessThanOrEqualTo(6);
    }
    ms.close();
    assertThat(ctx.fileBudget().open()).isZero();
  }

  @Test
  void closedStoreRefusesCalls() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    ms.close();
    ms.close();
    assertThatThrownBy(() -> ms.store(message("ch", 1))).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> ms.lookup(1)).isInstanceOf(StoreClosedException.class);
  }

  @Test
  void lookupsOfBufferedMessagesComeFromTheWriteBuffer() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 50);
    assertThat(Files.size(dir.resolve("msgs.1.dat"))).isEqualTo(4);
    assertThat(ms.lookup(17)).contains(message("ch", 17));
    assertThat(ms.sequenceForTimestamp(message("ch", 30).getTimestamp())).isEqualTo(30);
    ms.flush();
    assertThat(ms.lookup(18)).contains(message("ch", 18));
    ms.close();
  }

  @Test
  void writeThroughWhenBufferSizeIsZero() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.builder().bufferSize(0).doSync(false).build(),
        MsgStoreLimits.UNLIMITED);
    ms.store(message("ch", 1));
    assertThat(Files.size(dir.resolve("msgs.1.dat")))
        .isEqualTo(4 + 8 + message("ch", 1).getSerializedSize());
    assertThat(Files.size(dir.resolve("msgs.1.idx"))).isEqualTo(4 + 32);
    ms.close();
  }

  @Test
  void otherCrcPolynomialsRoundTrip() throws Exception {
    for (long poly : new long[] {0x82f63b78L, 0xeb31d82eL}) {
      FileStoreOptions o = FileStoreOptions.builder().crcPolynomial(poly).build();
      FileMsgStore ms = create(o, MsgStoreLimits.UNLIMITED);
      storeRange(ms, 1, 20);
      ms.close();
      byte[] dat = Files.readAllBytes(dir.resolve("msgs.1.dat"));
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(dat).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int size = b.getInt(4);
      int crc = io.streamstore.file.format.Crc32.of(poly).compute(dat, 12, size);
      assertThat(b.getInt(8)).isEqualTo(crc);
      FileMsgStore again = reopen(o, MsgStoreLimits.UNLIMITED);
      assertThat(again.lookup(20)).contains(message("ch", 20));
      again.close();
      // read with the wrong polynomial: the last record fails its check, recovery rebuilds and fails
      assertThatThrownBy(() -> reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED))
          .isInstanceOf(CorruptedDataException.class);
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void slicesRollByAgeOfTheirFirstMessage() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.builder().sliceMaxAge(Duration.ofSeconds(1)).build(),
        MsgStoreLimits.UNLIMITED);
    long now = System.currentTimeMillis() * 1_000_000L;
    ms.store(message("ch", 1).toBuilder().setTimestamp(now - Duration.ofSeconds(5).toNanos()).build());
    ms.store(message("ch", 2).toBuilder().setTimestamp(now).build());
    ms.store(message("ch", 3).toBuilder().setTimestamp(now).build());
    assertThat(dir.resolve("msgs.2.dat")).exists();
    assertThat(dir.resolve("msgs.3.dat")).doesNotExist();
    ms.close();
  }

  @Test
  void maxBytesKeepsTheNewestMessagesThatFit() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, new MsgStoreLimits(0, 5000, Duration.ZERO));
    storeRange(ms, 1, 200);
    assertThat(ms.state().bytes()).isLessThanOrEqualTo(5000);
    assertThat(ms.lastSequence()).isEqualTo(200);
    long kept = ms.state().count();
    assertThat(kept).isGreaterThan(1);
    long next = message("ch", ms.firstSequence() - 1).getSerializedSize() + 40;
    assertThat(ms.state().bytes() + next).isGreaterThan(5000);
    // a message larger than the limit still stays (the last one is always kept)
    MsgProto big = MsgProto.newBuilder().setSequence(201).setSubject("ch")
        .setData(ByteString.copyFrom(new byte[6000])).build();
    ms.store(big);
    assertThat(ms.state().count()).isEqualTo(1);
    assertThat(ms.lookup(201)).contains(big);
    ms.close();
  }

  @Test
  void aNewSliceWithATornVersionHeaderIsDropped() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 3);
    ms.close();
    Files.write(dir.resolve("msgs.2.dat"), new byte[] {1, 0});
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 3));
    assertThat(again.recoveryReport().any(SliceAction.EMPTY_REMOVED)).isTrue();
    assertThat(dir.resolve("msgs.2.dat")).doesNotExist();
    storeRange(again, 4, 4);
    again.close();
  }

  @Test
  void anEmptiedMiddleSliceWhoseIndexListsMessagesIsRefused() throws Exception {
    FileMsgStore ms = create(slices(6), MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 18);
    ms.close();
    Files.write(dir.resolve("msgs.2.dat"), new byte[0]);
    assertThatThrownBy(() -> reopen(slices(6), MsgStoreLimits.UNLIMITED))
        .isInstanceOfSatisfying(CorruptedDataException.class,
            e -> assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("msgs.2.dat")));
    Files.write(dir.resolve("msgs.2.dat"), new byte[] {1, 0, 0, 0});
    assertThatThrownBy(() -> reopen(slices(6), MsgStoreLimits.UNLIMITED))
        .isInstanceOfSatisfying(CorruptedDataException.class,
            e -> assertThat(e.getMessage()).contains("lost"));
  }

  @Test
  void indexEntriesComeFromTheMapWhenOfferedAndFromReadsOtherwise() throws Exception {
    for (boolean mapping : new boolean[] {true, false}) {
      FaultyFileIO io = new FaultyFileIO();
      io.mapping = mapping;
      FileMsgStore ms = create(io, slices(10), MsgStoreLimits.UNLIMITED);
      storeRange(ms, 1, 25);
      ms.flush();
      int before = io.indexReads.get();
      for (long s = 1; s <= 25; s++) {
        assertThat(ms.lookup(s)).contains(message("ch", s));
      }
      if (mapping) {
        assertThat(io.indexReads.get()).isEqualTo(before);
      } else {
        assertThat(io.indexReads.get()).isGreaterThanOrEqualTo(before + 25);
      }
      ms.close();
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void emptiedSequencesContinueAfterAReopen() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    storeRange(ms, 1, 4);
    ms.empty();
    ms.close();
    assertThat(dir.resolve("msgs.emptied")).exists();
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(5, 4));
    assertThat(again.store(message("ch", 4))).isEqualTo(4);
    assertThat(again.state().count()).isZero();
    again.store(message("ch", 5));
    assertThat(dir.resolve("msgs.emptied")).doesNotExist();
    again.close();
    FileMsgStore third = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(third.firstAndLastSequence()).isEqualTo(new SequenceRange(5, 5));
    third.close();
  }

  @Test
  void emptyingANeverUsedLogKeepsZeros() throws Exception {
    FileMsgStore ms = create(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    ms.empty();
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(0, 0));
    ms.close();
    assertThat(dir.resolve("msgs.emptied")).doesNotExist();
    FileMsgStore again = reopen(FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(0, 0));
    again.close();
  }
}
