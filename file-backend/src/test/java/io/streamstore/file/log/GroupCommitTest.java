package io.streamstore.file.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  /** A target whose sync makes durable exactly what was written when the sync started. */
  static final class Target implements GroupCommit.Syncable {
    final AtomicLong written = new AtomicLong();
    final AtomicLong durable = new AtomicLong();
    final AtomicInteger syncs = new AtomicInteger();

    @Override
    public void sync() throws IOException {
      long snapshot = written.get();
      syncs.incrementAndGet();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      durable.accumulateAndGet(snapshot, Math::max);
    }
  }

  @Test
  void everyFlusherIsAcknowledgedOnlyAfterAForceCoveringItsWrite() throws Exception {
    GroupCommit gc = new GroupCommit();
    Target a = new Target();
    Target b = new Target();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    int perThread = 200;
    for (int t = 0; t < 8; t++) {
      Target target = t % 2 == 0 ? a : b;
      threads.add(new Thread(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            long mine = target.written.incrementAndGet();
            gc.force(target);
            if (target.durable.get() < mine) {
              errors.add(new AssertionError("acknowledged before durable: " + mine));
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    long[] stats = gc.statistics();
    // forces are shared: far fewer syncs than flushes
    assertThat(a.syncs.get() + b.syncs.get()).isEqualTo((int) stats[1]);
    assertThat(stats[1]).isLessThan(8L * perThread);
  }

  @Test
  void aFailedForceIsReportedToItsWaitersAndNotRetried() {
    GroupCommit gc = new GroupCommit();
    AtomicInteger calls = new AtomicInteger();
    GroupCommit.Syncable bad = () -> {
      calls.incrementAndGet();
      throw new IOException("EIO");
    };
    assertThatThrownBy(() -> gc.force(bad)).isInstanceOf(IOException.class).hasMessage("EIO");
    assertThat(calls.get()).isEqualTo(1);
    Target good = new Target();
    good.written.set(5);
    try {
      gc.force(good);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(good.durable.get()).isEqualTo(5);
  }

  @Test
  void forcesOfDifferentTargetsRunAtTheSameTime() throws Exception {
    GroupCommit gc = new GroupCommit();
    int targets = 4;
    // every sync waits until all targets are inside sync at once: forces run one after another
    // would never meet here, and the barrier would break instead
    java.util.concurrent.CyclicBarrier allInside = new java.util.concurrent.CyclicBarrier(targets);
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < targets; t++) {
      GroupCommit.Syncable target = () -> {
        try {
          allInside.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IOException("forces did not overlap: " + e, e);
        }
      };
      threads.add(new Thread(() -> {
        try {
          gc.force(target);
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(gc.statistics()[1]).isEqualTo(targets);
  }

  @Test
  void aFailedForceOfOneTargetDoesNotFailAnother() throws Exception {
    GroupCommit gc = new GroupCommit();
    java.util.concurrent.CountDownLatch badInside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch goodDone = new java.util.concurrent.CountDownLatch(1);
    GroupCommit.Syncable bad = () -> {
      badInside.countDown();
      try {
        goodDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("EIO");
    };
    Target good = new Target();
    good.written.set(7);
    List<Throwable> badErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread failing = new Thread(() -> {
      try {
        gc.force(bad);
      } catch (Throwable e) {
        badErrors.add(e);
      }
    });
    failing.start();
    badInside.await();
    gc.force(good); // runs while the bad force is still in progress
    goodDone.countDown();
    failing.join();
    assertThat(good.durable.get()).isEqualTo(7);
    assertThat(badErrors).singleElement().isInstanceOf(IOException.class);
  }
}
