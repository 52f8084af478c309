package io.streamstore.jdbc;

import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.StoreInUseException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock of a store for active/standby set-ups: one row in {@code store_lock} holding the
 * owner's id and an expiry time on the database's own clock (so hosts' clocks do not matter). The
 * owner pushes the expiry forward every third of the lease; anyone may take the row once it has
 * expired, so a crashed owner's lock passes on after at most one lease. Closing the store releases
 * the row at once.
 *
 * <p>If the owner finds that the row was taken from it (it was silent for longer than the lease), it
 * refuses every further write with {@link StoreInUseException}, so two writers never interleave.
 *
 * <p>Thread-safety: the mutable fields are guarded by {@code this}; {@code lost} is also read
 * without the monitor on every write.
 */
final class LeaseLock {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);

  private final Database db;
  private final Statements sql;
  private final ScheduledExecutorService scheduler;
  private final Duration lease;
  private final String ownerId = UUID.randomUUID().toString();
  private final boolean readOnly;

  private boolean held; // guarded by this
  private ScheduledFuture<?> refresher; // guarded by this
  private volatile boolean lost;

  LeaseLock(Database db, Statements sql, ScheduledExecutorService scheduler, Duration lease,
      boolean readOnly) {
    this.readOnly = readOnly;
    this.db = db;
    this.sql = sql;
    this.scheduler = scheduler;
    this.lease = lease;
  }

  /** Takes the lock if it is free, expired or already ours; never blocks on another owner. */
  synchronized boolean tryAcquire() {
    refuseIfReadOnly();
    if (lost) {
      return false;
    }
    if (held) {
      return true;
    }
    int updated = db.write("taking the store lock", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.acquireLock)) {
        ps.setString(1, ownerId);
        ps.setLong(2, lease.toMillis());
        ps.setString(3, ownerId);
        return ps.executeUpdate();
      }
    });
    if (updated == 1) {
      held = true;
      long period = Math.max(1, lease.toMillis() / 3);
      refresher = scheduler.scheduleWithFixedDelay(this::refresh, period, period,
          TimeUnit.MILLISECONDS);
      LOG.info("took the exclusive store lock (owner {}, lease {})", ownerId, lease);
    }
    return held;
  }

  /** Whether the store was opened {@code readOnly}: nothing may be written. */
  boolean readOnly() {
    return readOnly;
  }

  /** Fails when the store was opened {@code readOnly}. */
  void refuseIfReadOnly() {
    if (readOnly) {
      throw new NotSupportedException("the store was opened read-only (option readOnly); it"
          + " cannot be changed");
    }
  }

  /** Fails when the store is read-only, or once the lock was held and then lost. */
  void checkWritable() {
    refuseIfReadOnly();
    if (lost) {
      throw new StoreInUseException("this store lost its exclusive lock to another instance (it"
          + " could not renew it within the lease of " + lease + "); close it and open it again");
    }
  }

  private void refresh() {
    try {
      int updated = db.write("renewing the store lock", c -> {
        try (PreparedStatement ps = c.prepareStatement(sql.refreshLock)) {
          ps.setLong(1, lease.toMillis());
          ps.setString(2, ownerId);
          return ps.executeUpdate();
        }
      });
      if (updated == 0) {
        synchronized (this) {
          lost = true;
          held = false;
          if (refresher != null) {
            refresher.cancel(false);
          }
        }
        LOG.error("the exclusive store lock was taken by another instance; refusing all writes");
      }
    } catch (RuntimeException e) {
      LOG.warn("renewing the exclusive store lock failed (will retry): {}", e.toString());
    }
  }

  /** Releases the lock if held; failures are logged (the lease then expires by itself). */
  synchronized void release() {
    if (refresher != null) {
      refresher.cancel(false);
      refresher = null;
    }
    if (!held) {
      return;
    }
    held = false;
    try {
      db.write("releasing the store lock", c -> {
        try (PreparedStatement ps = c.prepareStatement(sql.releaseLock)) {
          ps.setString(1, ownerId);
          return ps.executeUpdate();
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("releasing the exclusive store lock failed; it expires after {}: {}", lease,
          e.toString());
    }
  }

  /** Stops renewing without releasing, as a crash would (tests). */
  synchronized void abandon() {
    if (refresher != null) {
      refresher.cancel(false);
      refresher = null;
    }
    held = false;
  }
}
