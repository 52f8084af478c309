package io.streamstore.file;

import com.google.protobuf.ByteString;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.log.MsgLogContext;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStoreLimits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * The message-log workloads W1–W5, runnable with {@code main} (not a unit test: it prints figures and
 * asserts nothing). Usage: {@code MsgLogWorkloads [dir]}.
 */
public final class MsgLogWorkloads {

  private static final ScheduledExecutorService SCHED = Executors.newScheduledThreadPool(1, r -> {
    Thread t = new Thread(r, "workload-scheduler");
    t.setDaemon(true);
    return t;
  });

  private MsgLogWorkloads() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "msglog-bench");
    try {
      String only = args.length > 1 ? args[1] : "all";
      Path w1 = base.resolve("w1");
      if (only.equals("all") || only.contains("1")) {
        append("W1 1M x 128 B, doSync=false", w1, 1_000_000, 128);
        reopen(w1, 1_000_000);
      }
      if (only.equals("all") || only.contains("2")) {
        append("W2 200k x 1 KiB, doSync=false", base.resolve("w2"), 200_000, 1024);
      }
      if (only.equals("all") || only.contains("3")) {
        durable("W3 1 KiB, flush each, 1 thread", base.resolve("w3a"), 1, 1);
        durable("W3b 1 KiB, flush every 100, 1 thread", base.resolve("w3b"), 1, 100);
        durable("W3 1 KiB, flush each, 8 threads", base.resolve("w3c"), 8, 1);
      }
    } finally {
      try (Stream<Path> s = Files.walk(base)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      SCHED.shutdownNow();
    }
  }

  private static MsgLogContext ctx(boolean doSync) {
    FileStoreOptions o = FileStoreOptions.builder().doSync(doSync).build();
    return MsgLogContext.of(FileIO.real(), o, SCHED);
  }

  private static MsgProto msg(long seq, ByteString data) {
    return MsgProto.newBuilder().setSequence(seq).setSubject("bench").setData(data)
        .setTimestamp(System.currentTimeMillis() * 1_000_000L).build();
  }

  private static void append(String name, Path dir, int n, int size) throws IOException {
    Files.createDirectories(dir);
    ByteString data = ByteString.copyFrom(new byte[size]);
    // warm-up in a separate channel
    Path warm = dir.resolveSibling(dir.getFileName() + "-warm");
    Files.createDirectories(warm);
    FileMsgStore w = FileMsgStore.create(ctx(false), warm, "warm", MsgStoreLimits.UNLIMITED);
    for (int i = 1; i <= 200_000; i++) {
      w.store(msg(i, data));
    }
    w.close();
    FileMsgStore ms = FileMsgStore.create(ctx(false), dir, "bench", MsgStoreLimits.UNLIMITED);
    long c0 = cpu();
    long t0 = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      ms.store(msg(i, data));
    }
    ms.flush();
    double s = (System.nanoTime() - t0) / 1e9;
    double cs = (cpu() - c0) / 1e9;
    ms.close();
    System.out.printf("%s: %.3f s, %,.0f msgs/s, %.0f MB/s payload (per CPU-second of the thread:"
        + " %,.0f msgs/s, %.0f MB/s)%n", name, s, n / s, (double) n * size / s / 1e6, n / cs,
        (double) n * size / cs / 1e6);
    allocationPerStore(dir.resolveSibling(dir.getFileName() + "-alloc"), data);
  }

  /** Heap bytes allocated per store() call, messages built beforehand. */
  private static void allocationPerStore(Path dir, ByteString data) throws IOException {
    Files.createDirectories(dir);
    int n = 100_000;
    MsgProto[] msgs = new MsgProto[n];
    for (int i = 0; i < n; i++) {
      msgs[i] = msg(i + 1, data);
      msgs[i].getSerializedSize();
    }
    FileMsgStore ms = FileMsgStore.create(ctx(false), dir, "bench", MsgStoreLimits.UNLIMITED);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long a0 = mx.getThreadAllocatedBytes(tid);
    for (MsgProto m : msgs) {
      ms.store(m);
    }
    long a1 = mx.getThreadAllocatedBytes(tid);
    ms.close();
    System.out.printf("    heap allocated per store() (message built beforehand): %.1f bytes%n",
        (double) (a1 - a0) / n);
  }

  private static void reopen(Path dir, int n) {
    System.gc();
    long heap0 = usedHeap();
    long t0 = System.nanoTime();
    FileMsgStore ms = FileMsgStore.recover(ctx(false), dir, "bench", MsgStoreLimits.UNLIMITED);
    double s = (System.nanoTime() - t0) / 1e9;
    System.gc();
    long heap1 = usedHeap();
    System.out.printf("W4 reopen %,d msgs: %.3f s, heap after - before: %,d KB, report %s%n",
        ms.state().count(), s, (heap1 - heap0) / 1024, ms.recoveryReport().slices().size() + " slices");
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      ms.lookup(1 + r.nextInt(n));
    }
    int lookups = 100_000;
    long c0 = cpu();
    t0 = System.nanoTime();
    long sum = 0;
    for (int i = 0; i < lookups; i++) {
      sum += ms.lookup(1 + r.nextInt(n)).orElseThrow().getSequence();
    }
    s = (System.nanoTime() - t0) / 1e9;
    double cs = (cpu() - c0) / 1e9;
    System.out.printf("W5 %,d random lookups: %.3f s, %,.0f lookups/s (per CPU-second: %,.0f) (%d)%n",
        lookups, s, lookups / s, lookups / cs, sum % 7);
    t0 = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      ms.lookup(i);
    }
    s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("    sequential read of %,d: %,.0f lookups/s%n", n, n / s);
    ms.close();
  }

  private static void durable(String name, Path dir, int threads, int flushEvery)
      throws Exception {
    Files.createDirectories(dir);
    MsgLogContext ctx = ctx(true);
    FileMsgStore ms = FileMsgStore.create(ctx, dir, "bench", MsgStoreLimits.UNLIMITED);
    ByteString data = ByteString.copyFrom(new byte[1024]);
    Object seqLock = new Object();
    long[] next = {1};
    long end = System.nanoTime() + 5_000_000_000L;
    Thread[] ts = new Thread[threads];
    long[] done = new long[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      ts[t] = new Thread(() -> {
        long k = 0;
        while (System.nanoTime() < end) {
          synchronized (seqLock) {
            ms.store(msg(next[0]++, data));
          }
          k++;
          if (k % flushEvery == 0) {
            ms.flush();
          }
        }
        ms.flush();
        done[id] = k;
      });
    }
    long t0 = System.nanoTime();
    for (Thread t : ts) {
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    long total = 0;
    for (long d : done) {
      total += d;
    }
    long[] st = ctx.groupCommit().statistics();
    System.out.printf("%s: %,.0f msgs/s (%d msgs, %d commit rounds, %d forces)%n", name,
        total / s, total, st[0], st[1]);
    ms.close();
  }

  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
