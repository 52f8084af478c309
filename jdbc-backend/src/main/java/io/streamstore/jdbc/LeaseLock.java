package io.streamstore.jdbc;

import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.StoreInUseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p><b>Fencing:</b> every transaction that writes data starts with {@link #fence}, a SELECT of the
 * lock row with a row lock held until the commit. The holder's transaction commits only if the row
 * still names it with an unexpired lease; a store that never took the lock commits only while the
 * row names no other owner (never taken, or released: a lapsed lease of another owner still refuses
 * it, since that owner may only be frozen and would renew on resuming). A takeover is an UPDATE of
 * that row, so it waits for every fenced transaction in flight and they commit before it: a standby
 * that took the lock, and then recovered, sees everything the old holder committed, and the old
 * holder commits nothing after the takeover. (The sessions' idle-in-transaction timeout, see {@link Dialect#sessionInitSql}, keeps a
 * frozen holder's open transaction from blocking a takeover for longer than a lease.)
 *
 * <p>If the owner finds that the row was taken from it (by a renewal or a fence), it refuses every
 * further write with {@link StoreInUseException}.
 *
 * <p>Thread-safety: the mutable fields are guarded by {@code this}; {@code held} and {@code lost}
 * are also read without the monitor on every write.
 */
final class LeaseLock {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseLock.class);

  private final Database db;
  private final Statements sql;
  private final ScheduledExecutorService scheduler;
  private final Duration lease;
  private final String ownerId = UUID.randomUUID().toString();
  private final boolean readOnly;

  private volatile boolean held; // written under this
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

  /**
   * Proves inside the caller's transaction, as its first statement, that this store may write, and
   * row-locks the lock row until the transaction ends.
   *
   * @throws StoreInUseException when this store lost the lock, its lease lapsed before a renewal,
   *     or (for a store that does not hold the lock) the lock row names another owner
   */
  void fence(Connection c) throws SQLException {
    checkWritable();
    boolean mineExpected = held;
    String owner;
    boolean live;
    try (PreparedStatement ps = c.prepareStatement(sql.fenceLock); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        if (mineExpected) {
          markLost("the lock row is gone");
          checkWritable();
        }
        return; // no lock row (schema damaged by hand): nobody can hold the lock either
      }
      owner = rs.getString(1);
      live = rs.getInt(2) == 1;
    }
    boolean mine = ownerId.equals(owner);
    if (mineExpected && !mine) {
      markLost("instance " + owner + " holds it now");
      checkWritable();
    }
    if (mineExpected && !live) {
      throw new StoreInUseException("the lease of this store's exclusive lock (" + lease + ") ran"
          + " out before it was renewed; the write is refused until the renewal succeeds (or"
          + " another instance takes the lock)");
    }
    if (!mineExpected && owner != null && !mine) {
      throw heldByAnother(live, "writes nothing");
    }
  }

  /**
   * Another owner's row, even with a lapsed lease, refuses a store that never took the lock: the
   * owner may only be frozen, and would renew and write on when it resumes. Only a takeover (which
   * changes the owner, fencing the old one) or a release makes the row usable again.
   */
  private static StoreInUseException heldByAnother(boolean live, String refused) {
    return new StoreInUseException("another store instance " + (live ? "holds" : "took (its lease"
        + " has run out, but it was not released)") + " the exclusive lock of this database; a"
        + " store that does not hold the lock " + refused + ": take it with tryExclusiveLock()");
  }

  /**
   * Fails when another store holds the lock (its row names another owner, expired or not) and this
   * store does not (a standby must take the lock before it recovers, so it never starts from stale
   * state). A {@code readOnly} store writes nothing, so it may read (recover) whoever holds the lock.
   */
  void checkNotHeldByAnother(Connection c) throws SQLException {
    if (readOnly) {
      return;
    }
    checkWritable();
    if (held) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.lockState); ResultSet rs = ps.executeQuery()) {
      if (rs.next() && rs.getString(1) != null && !ownerId.equals(rs.getString(1))) {
        throw heldByAnother(rs.getInt(2) == 1, "does not recover");
      }
    }
  }

  private void markLost(String why) {
    synchronized (this) {
      lost = true;
      held = false;
      if (refresher != null) {
        refresher.cancel(false);
      }
    }
    LOG.error("the exclusive store lock was taken by another instance ({}); refusing all writes",
        why);
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
        markLost("found by the renewal");
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
