package io.streamstore.bench;

import io.streamstore.spi.MsgStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W3g: several threads publish to one channel, each waiting for its own message to be durable, as a
 * server does for concurrent publishers. A store with group commit lets one sync serve many threads.
 */
public final class GroupCommit {

  private GroupCommit() {}

  /**
   * Runs {@code threads} publishers for {@code duration}. Sequence assignment and {@code store} happen
   * under one lock (the server's order); {@code flush} runs outside it so flushes can overlap.
   */
  public static WorkloadResult run(
      String id, String title, MsgStore msgs, String channel, Duration duration, int threads) {
    MessageFactory factory = new MessageFactory(channel, WorkloadSizes.LARGE_MESSAGE);
    Object order = new Object();
    long[] lastSeq = {msgs.lastSequence()}; // guarded by order
    List<LatencyRecorder> recorders = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      LatencyRecorder rec = new LatencyRecorder(1 << 12);
      recorders.add(rec);
      Thread worker =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  long deadline = window[0] + duration.toNanos();
                  long now = System.nanoTime();
                  while (now < deadline && failure.get() == null) {
                    synchronized (order) {
                      msgs.store(factory.message(++lastSeq[0]));
                    }
                    msgs.flush();
                    long after = System.nanoTime();
                    rec.record(after - now);
                    now = after;
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-" + id + "-" + t);
      workers.add(worker);
      worker.start();
    }
    try {
      ready.await();
      window[0] = System.nanoTime();
      go.countDown();
      for (Thread w : workers) {
        w.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + id, e);
    }
    window[1] = System.nanoTime();
    if (failure.get() != null) {
      throw new IllegalStateException(id + " failed: " + failure.get(), failure.get());
    }
    LatencyRecorder all = new LatencyRecorder(1 << 14);
    recorders.forEach(all::merge);
    long count = all.count();
    return new WorkloadResult(
        id,
        title,
        count,
        (window[1] - window[0]) / 1e9,
        count * factory.size(),
        all.summary("append+flush"),
        Map.of("threads", (long) threads),
        "");
  }
}
