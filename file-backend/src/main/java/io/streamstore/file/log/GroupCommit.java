package io.streamstore.file.log;

import io.streamstore.spi.StoreMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes concurrent flushes share forces. A caller of {@link #force} is acknowledged only after a force
 * of its target that <em>started after</em> the call; every caller waiting when a round starts is
 * covered by that round, whatever channel it belongs to, and each distinct target is forced once per
 * round. The first waiter becomes the leader and runs the round on its own thread (no thread of its
 * own), the others wait; callers arriving during a round wait for the next one.
 *
 * <p>A failed force is reported to every caller of that round with that target and is never retried
 * by this class: the owner must treat the target as failed (fsyncgate: a retried fsync may report
 * success for data that was dropped).
 *
 * <p>Thread-safe. One instance is shared by all message logs of a store.
 */
public final class GroupCommit {

  /** Something that can be forced to stable storage. */
  @FunctionalInterface
  public interface Syncable {
    /** Forces what was written so far; returns only when it is durable. */
    void sync() throws IOException;
  }

  private static final class Request {
    final Syncable target;
    boolean done; // guarded by lock
    IOException error; // guarded by lock

    Request(Syncable target) {
      this.target = target;
    }
  }

  /**
   * How long a leader waits for the flushers of the previous round to come back before forcing,
   * when that round had several (PostgreSQL's commit_delay idea): without it, concurrent flushers
   * settle into two alternating halves and every force covers half of them.
   */
  private static final long LINGER_NANOS = 100_000;

  static {
    // Known to JFR from the start, so a recording started later (jcmd JFR.start) records it too.
    jdk.jfr.FlightRecorder.register(ForceEvent.class);
  }

  private final StoreMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition roundDone = lock.newCondition();
  private final Condition arrived = lock.newCondition();
  // guarded by lock
  private List<Request> pending = new ArrayList<>();
  // guarded by lock
  private boolean roundRunning;
  // guarded by lock: the leader is waiting for flushers to arrive
  private boolean lingering;
  // guarded by lock: requests covered by the last round
  private int lastRoundSize;
  // guarded by lock; statistics for tests and reports
  private long rounds;
  private long forces;

  /** A group commit reporting no metrics. */
  public GroupCommit() {
    this(StoreMetrics.NONE);
  }

  /** A group commit reporting every force (and failed force) to {@code metrics}. */
  public GroupCommit(StoreMetrics metrics) {
    this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Forces {@code target} (together with every other target waiting) and returns once it is durable.
   *
   * @throws IOException when the force of {@code target} failed (the data may not be durable)
   */
  public void force(Syncable target) throws IOException {
    Request r = new Request(target);
    lock.lock();
    try {
      pending.add(r);
      if (lingering && pending.size() >= lastRoundSize) {
        arrived.signal();
      }
      while (!r.done) {
        if (!roundRunning) {
          runRound();
        } else {
          roundDone.awaitUninterruptibly();
        }
      }
      if (r.error != null) {
        throw r.error;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Number of rounds run and forces issued so far. */
  public long[] statistics() {
    lock.lock();
    try {
      return new long[] {rounds, forces};
    } finally {
      lock.unlock();
    }
  }

  /** Runs one round as leader. Called with the lock held; releases it while forcing. */
  private void runRound() {
    roundRunning = true;
    if (lastRoundSize > 1 && pending.size() < lastRoundSize) {
      lingering = true;
      long left = LINGER_NANOS;
      while (pending.size() < lastRoundSize && left > 0) {
        try {
          left = arrived.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      lingering = false;
    }
    List<Request> batch = pending;
    lastRoundSize = batch.size();
    pending = new ArrayList<>();
    Map<Syncable, IOException> results = new IdentityHashMap<>();
    lock.unlock();
    try {
      for (Request q : batch) {
        if (!results.containsKey(q.target)) {
          IOException error = null;
          ForceEvent event = new ForceEvent();
          event.begin();
          long start = System.nanoTime();
          try {
            q.target.sync();
          } catch (IOException e) {
            error = e;
          } catch (RuntimeException e) {
            error = new IOException("force failed: " + e, e);
          }
          if (error == null) {
            metrics.forced(System.nanoTime() - start);
          } else {
            metrics.failed("force", error);
          }
          event.end();
          if (event.shouldCommit()) {
            event.target = q.target.toString();
            event.waiters = batch.size();
            event.commit();
          }
          results.put(q.target, error);
        }
      }
    } finally {
      lock.lock();
      rounds++;
      forces += results.size();
      for (Request q : batch) {
        q.error = results.get(q.target);
        q.done = true;
      }
      roundRunning = false;
      roundDone.signalAll();
    }
  }
}
