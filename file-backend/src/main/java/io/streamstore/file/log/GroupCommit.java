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
 * Makes concurrent flushes of one file share a force, and lets forces of different files run at the
 * same time. A caller of {@link #force} is acknowledged only after a force of its target that
 * <em>started after</em> the call. Each target has its own lane: the first waiter of a lane becomes
 * its leader and forces the target on its own thread, callers arriving during that force wait for
 * the lane's next round, and leaders of different lanes never wait for one another (eight channels
 * flushing at once issue eight forces in parallel, which the disk can merge, instead of eight in a
 * row).
 *
 * <p>A failed force is reported to every caller of that round and is never retried by this class:
 * the owner must treat the target as failed (fsyncgate: a retried fsync may report success for data
 * that was dropped).
 *
 * <p>Thread-safe. One instance is shared by all message logs of a store; a lane exists only while
 * someone waits on it, so retired slices leave nothing behind.
 */
public final class GroupCommit {

  /** Something that can be forced to stable storage. */
  @FunctionalInterface
  public interface Syncable {
    /** Forces what was written so far; returns only when it is durable. */
    void sync() throws IOException;
  }

  private static final class Request {
    boolean done; // guarded by GroupCommit.lock
    IOException error; // guarded by GroupCommit.lock
  }

  /** The waiters of one target. All fields are guarded by {@code GroupCommit.lock}. */
  private static final class Lane {
    final Condition roundDone;
    final Condition arrived;
    List<Request> pending = new ArrayList<>();
    boolean roundRunning;
    boolean lingering; // the leader waits for the previous round's flushers
    int lastRoundSize;

    Lane(ReentrantLock lock) {
      roundDone = lock.newCondition();
      arrived = lock.newCondition();
    }
  }

  /**
   * How long a leader waits for the flushers of the previous round to come back before forcing,
   * when that round had several (PostgreSQL's commit_delay idea): without it, concurrent flushers
   * of one file settle into two alternating halves and every force covers half of them.
   */
  private static final long LINGER_NANOS = 100_000;

  static {
    // Known to JFR from the start, so a recording started later (jcmd JFR.start) records it too.
    jdk.jfr.FlightRecorder.register(ForceEvent.class);
  }

  private final StoreMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  // guarded by lock
  private final Map<Syncable, Lane> lanes = new IdentityHashMap<>();
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
   * Forces {@code target}, sharing the force with every other caller waiting on the same target, and
   * returns once it is durable.
   *
   * @throws IOException when the force of {@code target} failed (the data may not be durable)
   */
  public void force(Syncable target) throws IOException {
    Request r = new Request();
    lock.lock();
    try {
      Lane lane = lanes.computeIfAbsent(target, t -> new Lane(lock));
      lane.pending.add(r);
      if (lane.lingering && lane.pending.size() >= lane.lastRoundSize) {
        lane.arrived.signal();
      }
      while (!r.done) {
        if (!lane.roundRunning) {
          runRound(target, lane);
        } else {
          lane.roundDone.awaitUninterruptibly();
        }
      }
      if (r.error != null) {
        throw r.error;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Number of rounds run and forces issued so far (one force per round). */
  public long[] statistics() {
    lock.lock();
    try {
      return new long[] {rounds, forces};
    } finally {
      lock.unlock();
    }
  }

  /** Runs one round of {@code lane} as its leader. Called with the lock held; releases it to force. */
  private void runRound(Syncable target, Lane lane) {
    lane.roundRunning = true;
    if (lane.lastRoundSize > 1 && lane.pending.size() < lane.lastRoundSize) {
      lane.lingering = true;
      long left = LINGER_NANOS;
      while (lane.pending.size() < lane.lastRoundSize && left > 0) {
        try {
          left = lane.arrived.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      lane.lingering = false;
    }
    List<Request> batch = lane.pending;
    lane.lastRoundSize = batch.size();
    lane.pending = new ArrayList<>();
    IOException error = null;
    lock.unlock();
    ForceEvent event = new ForceEvent();
    event.begin();
    long start = System.nanoTime();
    try {
      target.sync();
    } catch (IOException e) {
      error = e;
    } catch (RuntimeException e) {
      error = new IOException("force failed: " + e, e);
    } finally {
      if (error == null) {
        metrics.forced(System.nanoTime() - start);
      } else {
        metrics.failed("force", error);
      }
      event.end();
      if (event.shouldCommit()) {
        event.target = target.toString();
        event.waiters = batch.size();
        event.commit();
      }
      lock.lock();
      rounds++;
      forces++;
      for (Request q : batch) {
        q.error = error;
        q.done = true;
      }
      lane.roundRunning = false;
      if (lane.pending.isEmpty()) {
        lanes.remove(target);
      }
      lane.roundDone.signalAll();
    }
  }
}
