package io.streamstore.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreInUseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock of a JetStream store: a lease in the state bucket's {@code lock} key, value
 * {@code <owner id>\n<expiry, epoch milliseconds>}. Taking and renewing it are compare-and-set
 * writes on the key's revision, so two stores never both succeed; a lease whose expiry passed
 * (its holder died) may be taken over. The holder renews it every third of its time to live.
 *
 * <p><b>Fencing:</b> once a store took the lock, every write it makes (message, subscription,
 * client, channel) first checks that the lease is still its own and not past
 * {@code renewal time + ttl - ttl/5} by this machine's monotonic clock; otherwise the write fails
 * with {@link StoreInUseException}. Message writes are also fenced by the stream itself: each
 * publish carries the stream sequence it expects to follow, so writes of another store to the same
 * channel make this store's next write fail rather than interleave. What is not fenced: a write
 * already in flight when the lease runs out, and clocks of the two machines that differ by more
 * than a fifth of the time to live.
 *
 * <p>Thread-safe.
 */
final class LeaseLock {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);
  static final String KEY = "lock";

  /** How long a store without the lock trusts its last look at the lock key: 100 ms. */
  static final long FOREIGN_RECHECK_NANOS = 100_000_000L;

  private final KeyValue kv;
  private final String owner;
  private final Duration ttl;
  private final ScheduledExecutorService scheduler;

  private volatile boolean everHeld;
  private volatile boolean held;
  private volatile long validUntilNanos;
  // a store that never took the lock: whether another store's lease was in the bucket when last
  // looked at, and until when that answer is used (one read of the key per interval, not per write)
  private volatile boolean foreignLease;
  private volatile long foreignCheckedUntilNanos;
  private long revision; // guarded by this
  private ScheduledFuture<?> renewal; // guarded by this

  LeaseLock(KeyValue kv, String owner, Duration ttl, ScheduledExecutorService scheduler) {
    this.kv = kv;
    this.owner = owner;
    this.ttl = ttl;
    this.scheduler = scheduler;
  }

  /** Takes (or keeps) the lease; false when another store holds a lease that has not expired. */
  synchronized boolean tryAcquire() {
    if (held && System.nanoTime() < validUntilNanos) {
      return true;
    }
    long started = System.nanoTime();
    try {
      KeyValueEntry e = kv.get(KEY);
      long rev;
      if (e == null) {
        rev = kv.create(KEY, value());
      } else {
        String[] parts = new String(e.getValue(), StandardCharsets.UTF_8).split("\n", 2);
        boolean mine = parts[0].equals(owner);
        boolean expired = parts.length < 2 || System.currentTimeMillis() > Long.parseLong(parts[1]);
        if (!mine && !expired) {
          foreignLease = true;
          foreignCheckedUntilNanos = System.nanoTime() + FOREIGN_RECHECK_NANOS;
          return false;
        }
        rev = kv.update(KEY, value(), e.getRevision());
      }
      granted(rev, started);
      return true;
    } catch (JetStreamApiException e) {
      return false; // lost the compare-and-set to another store
    } catch (IOException e) {
      throw new StoreIOException("cannot reach the state bucket to take the lock: " + e, e);
    } catch (NumberFormatException e) {
      throw new StoreIOException("the lock entry of the state bucket is malformed: " + e, e);
    }
  }

  private void granted(long rev, long startedNanos) {
    revision = rev;
    validUntilNanos = startedNanos + ttl.toNanos() - ttl.toNanos() / 5;
    held = true;
    everHeld = true;
    if (renewal == null) {
      long every = Math.max(50, ttl.toMillis() / 3);
      renewal = scheduler.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void renew() {
    if (!held) {
      return;
    }
    long started = System.nanoTime();
    try {
      granted(kv.update(KEY, value(), revision), started);
    } catch (JetStreamApiException e) {
      held = false;
      LOG.warn("the exclusive lock was taken over by another store: {}", e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot renew the exclusive lock (will retry until it runs out): {}", e.toString());
    }
  }

  /**
   * Fails when this store took the lock and no longer holds a valid lease.
   *
   * @throws StoreInUseException if the lease was lost or ran out
   */
  void checkWritable() {
    if (everHeld) {
      if (!held || System.nanoTime() >= validUntilNanos) {
        throw new StoreInUseException(
            "this store lost its exclusive lock (lease not renewed within " + ttl
                + "); another store may be writing, so this one refuses to write");
      }
      return;
    }
    if (foreignLeaseInBucket()) {
      throw new StoreInUseException("another store holds the exclusive lock of this JetStream"
          + " store (its lease is in the state bucket, expired or not, until it is released or"
          + " taken over); a store that does not hold the lock writes and recovers nothing: take it"
          + " with tryExclusiveLock()");
    }
  }

  /**
   * Whether the lock key names another owner, read at most once per {@link #FOREIGN_RECHECK_NANOS}
   * (so a store that never uses the lock pays one key read per interval). An expired lease still
   * counts, as in the JDBC backend: its holder may only be frozen, and would renew and write on.
   */
  private boolean foreignLeaseInBucket() {
    long now = System.nanoTime();
    if (now >= foreignCheckedUntilNanos) {
      try {
        KeyValueEntry e = kv.get(KEY);
        foreignLease = e != null && e.getValue() != null && e.getValue().length > 0
            && !new String(e.getValue(), StandardCharsets.UTF_8).split("\n", 2)[0].equals(owner);
      } catch (IOException | JetStreamApiException e) {
        throw new StoreIOException("cannot read the lock entry of the state bucket: " + e, e);
      }
      foreignCheckedUntilNanos = now + FOREIGN_RECHECK_NANOS;
    }
    return foreignLease;
  }

  /** Gives the lease up. */
  synchronized void release() {
    if (renewal != null) {
      renewal.cancel(false);
      renewal = null;
    }
    if (held) {
      held = false;
      try {
        kv.delete(KEY, revision);
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        LOG.debug("could not delete the lock entry (it will expire): {}", e.toString());
      }
    }
    everHeld = false;
  }

  private byte[] value() {
    long expiry = System.currentTimeMillis() + ttl.toMillis();
    return (owner + "\n" + expiry).getBytes(StandardCharsets.UTF_8);
  }
}
