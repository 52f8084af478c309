package io.streamstore.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one step over and over on several threads for a fixed time, all starting together, and
 * records the latency of every step. The concurrent workloads (W3g, W3x8) differ only in their step.
 */
final class TimedThreads {

  /** One durable append of thread {@code thread}. */
  @FunctionalInterface
  interface Step {
    void run(int thread);
  }

  /** What a run measured: every step's latency, and the length of the window they ran in. */
  record Outcome(LatencyRecorder latencies, double seconds) {}

  private TimedThreads() {}

  static Outcome run(String id, int threads, Duration duration, Step step) {
    List<LatencyRecorder> recorders = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      LatencyRecorder rec = new LatencyRecorder(1 << 12);
      recorders.add(rec);
      Thread worker = new Thread(() -> {
        ready.countDown();
        try {
          go.await();
          long deadline = window[0] + duration.toNanos();
          long now = System.nanoTime();
          while (now < deadline && failure.get() == null) {
            step.run(thread);
            long after = System.nanoTime();
            rec.record(after - now);
            now = after;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-" + id + "-" + t);
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
    return new Outcome(all, (window[1] - window[0]) / 1e9);
  }
}
