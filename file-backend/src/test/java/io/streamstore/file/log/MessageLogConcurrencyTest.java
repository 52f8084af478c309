package io.streamstore.file.log;

import static io.streamstore.file.MsgLogFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.file.FileMsgStore;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.io.FaultyFileIO;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.MsgStoreLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageLogConcurrencyTest {

  @TempDir Path tmp;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 500 && !c.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(c.getAsBoolean()).as("condition reached").isTrue();
  }

  @Test
  void writersFlushersAndReadersOnTwoChannelsSharingTheGroupCommit() throws Exception {
    FileStoreOptions o = FileStoreOptions.builder().sliceMaxMsgs(100).build();
    MsgLogContext ctx = MsgLogContext.of(FileIO.real(), o, scheduler);
    Files.createDirectories(tmp.resolve("a"));
    Files.createDirectories(tmp.resolve("b"));
    FileMsgStore a = FileMsgStore.create(ctx, tmp.resolve("a"), "ch", MsgStoreLimits.UNLIMITED);
    FileMsgStore b = FileMsgStore.create(ctx, tmp.resolve("b"), "ch", MsgStoreLimits.UNLIMITED);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicLong[] next = {new AtomicLong(1), new AtomicLong(1)};
    FileMsgStore[] stores = {a, b};
    Object[] seqLocks = {new Object(), new Object()};
    int perWriter = 150;
    Thread[] threads = new Thread[6];
    for (int t = 0; t < 4; t++) {
      int c = t % 2;
      threads[t] = new Thread(() -> {
        try {
          for (int i = 0; i < perWriter; i++) {
            synchronized (seqLocks[c]) {
              stores[c].store(message("ch", next[c].getAndIncrement()));
            }
            stores[c].flush();
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
    }
    for (int t = 4; t < 6; t++) {
      int c = t % 2;
      threads[t] = new Thread(() -> {
        Random r = new Random(c);
        try {
          for (int i = 0; i < 2000; i++) {
            long last = stores[c].lastSequence();
            if (last > 0) {
              long seq = 1 + r.nextInt((int) last);
              assertThat(stores[c].lookup(seq)).contains(message("ch", seq));
              assertThat(stores[c].sequenceForTimestamp(message("ch", seq).getTimestamp()))
                  .isEqualTo(seq);
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    for (FileMsgStore s : stores) {
      assertThat(s.state().count()).isEqualTo(2L * perWriter);
      s.close();
    }
    for (String ch : new String[] {"a", "b"}) {
      FileMsgStore again = FileMsgStore.recover(ctx, tmp.resolve(ch), "ch", MsgStoreLimits.UNLIMITED);
      for (long s = 1; s <= 2L * perWriter; s++) {
        assertThat(again.lookup(s)).contains(message("ch", s));
      }
      again.close();
    }
  }

  @Test
  void idleSlicesAreClosedAndAutoSyncForcesWithoutDoSync() throws Exception {
    FaultyFileIO io = new FaultyFileIO();
    FileStoreOptions o = FileStoreOptions.builder().sliceMaxMsgs(5).doSync(false)
        .autoSync(Duration.ofSeconds(1)).build();
    MsgLogContext ctx = MsgLogContext.of(io, o, scheduler);
    Path dir = tmp.resolve("c");
    Files.createDirectories(dir);
    FileMsgStore ms = FileMsgStore.create(ctx, dir, "ch", MsgStoreLimits.UNLIMITED);
    for (long s = 1; s <= 12; s++) {
      ms.store(message("ch", s));
    }
    assertThat(ms.lookup(2)).contains(message("ch", 2));
    assertThat(ms.lookup(7)).contains(message("ch", 7));
    assertThat(ctx.fileBudget().open()).isEqualTo(4); // slices 1 and 2; the write slice is not written yet
    int forces = io.forces.get();
    // slices 1 and 2 are idle: closed by the background task; the write slice stays open
    await(() -> ctx.fileBudget().open() == 2);
    await(() -> io.forces.get() > forces);
    assertThat(Files.size(dir.resolve("msgs.3.dat"))).isGreaterThan(4);
    assertThat(ms.lookup(3)).contains(message("ch", 3));
    ms.close();
    assertThat(ctx.fileBudget().open()).isZero();
  }

  @Test
  void readOnlyRecoveryIndexesUnindexedRecordsInMemory() throws Exception {
    MsgLogContext ctx = MsgLogContext.of(FileIO.real(), FileStoreOptions.DEFAULTS, scheduler);
    Path dir = tmp.resolve("d");
    Files.createDirectories(dir);
    FileMsgStore ms = FileMsgStore.create(ctx, dir, "ch", MsgStoreLimits.UNLIMITED);
    for (long s = 1; s <= 20; s++) {
      ms.store(message("ch", s));
    }
    ms.close();
    try (var f = new java.io.RandomAccessFile(dir.resolve("msgs.1.idx").toFile(), "rw")) {
      f.setLength(4 + 15 * 32);
    }
    byte[] idx = Files.readAllBytes(dir.resolve("msgs.1.idx"));
    MsgLogContext ro = MsgLogContext.of(FileIO.real(),
        FileStoreOptions.builder().readOnly(true).build(), scheduler);
    FileMsgStore r = FileMsgStore.recover(ro, dir, "ch", MsgStoreLimits.UNLIMITED);
    assertThat(r.state().count()).isEqualTo(20);
    assertThat(r.lookup(18)).contains(message("ch", 18));
    r.close();
    assertThat(Files.readAllBytes(dir.resolve("msgs.1.idx"))).isEqualTo(idx);
  }
}
