package io.streamstore.file.log;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.recovery.MsgLogRecovery;
import io.streamstore.file.recovery.MsgLogRecoveryReport;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log of one channel as {@code FileMsgStore} uses it: the {@link SliceChain} behind one
 * lock, the failed state, durability (flush through the group commit) and background work (expiry,
 * idle-file closing, buffer shrinking, cache eviction, auto-sync) on the store's shared scheduler.
 *
 * <p>Concurrency: {@link #lock} guards the chain and every field marked so; {@link #flush()} releases
 * it before waiting for the group commit, so other threads keep storing while a force runs.
 * {@link #failure} is volatile: set once, read without the lock.
 */
public final class MessageLog {

  private static final Logger LOG = LoggerFactory.getLogger(MessageLog.class);
  private static final long SECOND = 1_000_000_000L;
  private static final long HOUSEKEEPING_MILLIS = 1000;
  private static final long SHRINK_INTERVAL = 5 * SECOND;
  /** Least time between two background manifest checkpoints of one log (when it changed). */
  static final long MANIFEST_INTERVAL = 5 * SECOND;

  static {
    // Known to JFR from the start, so a recording started later (jcmd JFR.start) records it too.
    jdk.jfr.FlightRecorder.register(FlushEvent.class);
  }

  private final MsgLogContext ctx;
  private final FileStoreOptions opts;
  private final String channel;
  private final long maxAge;
  private final boolean writable;
  private final MsgLogRecoveryReport report;
  private final StoreMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final SliceChain chain; // guarded by lock
  private volatile StoreIOException failure;

  // guarded by lock
  private boolean closed;
  private ScheduledFuture<?> housekeeping;
  private ScheduledFuture<?> expiry;
  private long expiryAt;
  private long lastShrink;
  private long lastAutoSync;
  private long lastCheckpoint;

  private MessageLog(MsgLogContext ctx, Path dir, String channel, MsgStoreLimits limits,
      MsgLogRecoveryReport report) {
    this.ctx = ctx;
    this.opts = ctx.options();
    this.channel = channel;
    this.maxAge = limits.maxAge().toNanos();
    this.writable = !opts.readOnly();
    this.report = report;
    this.metrics = ctx.metrics();
    this.chain = new SliceChain(ctx, dir, channel, limits);
  }

  /**
   * Builds the log from recovered slices, applies the limits (count, bytes, then age) and starts its
   * background work on the shared scheduler.
   */
  public static MessageLog open(MsgLogContext ctx, Path dir, String channel, MsgStoreLimits limits,
      MsgLogRecovery.Result recovered) {
    MessageLog log = new MessageLog(ctx, dir, channel, limits, recovered.report());
    log.lock.lock();
    try {
      log.chain.load(recovered.slices(), recovered.emptiedLast(), recovered.committedFirst(),
          recovered.manifest());
      log.chain.enforceCountAndBytes(false);
      log.expireNow();
      long now = System.nanoTime();
      log.lastCheckpoint = now;
      log.lastShrink = now;
      log.lastAutoSync = now;
      log.housekeeping = ctx.scheduler().scheduleWithFixedDelay(log::housekeeping,
          HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      if (log.expiry != null) {
        log.expiry.cancel(false);
      }
      try {
        log.chain.closeAll(false); // leave no open file behind
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreIOException("cannot open the message log of channel '" + channel + "'",
          (IOException) e);
    } finally {
      log.lock.unlock();
    }
    return log;
  }

  /** What recovery found and did. */
  public MsgLogRecoveryReport recoveryReport() {
    return report;
  }

  /** Whether an I/O error put the log in its failed state. */
  public boolean failed() {
    return failure != null;
  }

  /** Count and accounted bytes. */
  public MsgStoreState state() {
    lock.lock();
    try {
      checkOpen();
      return new MsgStoreState(chain.count(), chain.bytes());
    } finally {
      lock.unlock();
    }
  }

  /** First and last sequence. */
  public SequenceRange range() {
    lock.lock();
    try {
      checkOpen();
      return new SequenceRange(chain.first(), chain.last());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends {@code msg} (ignored when its sequence is not above the last).
   *
   * @throws InvalidArgumentException for a sequence of 2^63 or above (negative as a long)
   */
  public long store(MsgProto msg) {
    long seq = msg.getSequence();
    lock.lock();
    try {
      checkWritable();
      if (seq < 0) {
        throw new InvalidArgumentException("sequence " + Long.toUnsignedString(seq) + " of channel '"
            + channel + "' is 2^63 or above; sequences up to " + Long.MAX_VALUE + " are stored");
      }
      if (seq <= chain.last()) {
        return seq;
      }
      // refuse before anything is written: the record payload is the message's encoding
      MessageSizeLimit.check(msg, opts.recordSizeLimit(), channel);
      int size = msg.getSerializedSize();
      chain.writer().checkSize(size);
      try {
        chain.store(msg);
      } catch (IOException e) {
        throw fail("store", "storing message " + seq, e);
      }
      metrics.stored(size);
      if (maxAge > 0 && expiry == null) {
        scheduleExpiry(msg.getTimestamp() + maxAge);
      }
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /** The message, or null when it is not stored. */
  public MsgProto lookup(long seq) {
    lock.lock();
    try {
      checkOpen();
      return chain.lookup(seq, true);
    } catch (IOException e) {
      throw readError("reading message " + seq, e);
    } finally {
      lock.unlock();
    }
  }

  /** The first sequence whose timestamp is at or after {@code ts} (see MsgStore). */
  public long sequenceForTimestamp(long ts) {
    lock.lock();
    try {
      checkOpen();
      return chain.sequenceForTimestamp(ts);
    } catch (IOException e) {
      throw readError("reading the index", e);
    } finally {
      lock.unlock();
    }
  }

  /** The oldest message, or null. */
  public MsgProto firstMsg() {
    lock.lock();
    try {
      checkOpen();
      return chain.firstMsg();
    } catch (IOException e) {
      throw readError("reading the first message", e);
    } finally {
      lock.unlock();
    }
  }

  /** The newest message, or null. */
  public MsgProto lastMsg() {
    lock.lock();
    try {
      checkOpen();
      return chain.lastMsg();
    } catch (IOException e) {
      throw readError("reading the last message", e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes buffered messages to the OS and, with doSync, waits for a group-commit force. */
  public void flush() {
    FlushEvent event = new FlushEvent();
    event.begin();
    long start = System.nanoTime();
    Slice target;
    lock.lock();
    try {
      checkOpen();
      if (!writable) {
        return;
      }
      checkNotFailed();
      try {
        chain.writer().writeToOs();
      } catch (IOException e) {
        throw fail("flush", "writing buffered messages", e);
      }
      target = chain.writeSlice();
    } finally {
      lock.unlock();
    }
    boolean synced = opts.doSync() && target != null;
    if (synced) {
      try {
        ctx.groupCommit().force(target);
      } catch (IOException e) {
        throw fail("flush", "forcing " + target.dataPath, e);
      }
    }
    metrics.flushed(System.nanoTime() - start);
    event.end();
    if (event.shouldCommit()) {
      event.channel = channel;
      event.synced = synced;
      event.commit();
    }
  }

  /** Removes every message and slice file; sequences continue after the last one. */
  public void empty() {
    lock.lock();
    try {
      checkWritable();
      if (expiry != null) {
        expiry.cancel(false);
        expiry = null;
      }
      chain.empty();
    } catch (IOException e) {
      throw fail("empty", "removing the slices", e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes, forces (with doSync) and closes every file; stops background work. Idempotent. */
  public void close() {
    IOException error = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      housekeeping.cancel(false);
      if (expiry != null) {
        expiry.cancel(false);
      }
      boolean healthy = writable && failure == null;
      if (healthy) {
        try {
          chain.writer().writeToOs();
        } catch (IOException e) {
          error = e;
        }
      }
      try {
        chain.closeAll(healthy && opts.doSync());
      } catch (IOException e) {
        error = error == null ? e : error;
      }
      if (healthy && error == null) {
        try {
          chain.checkpoint(true); // the clean-shutdown marker
        } catch (IOException e) {
          // Nothing is lost: the next open treats the shutdown as unclean.
          LOG.warn("channel {}: could not record the clean shutdown: {}", channel, e.toString());
        }
      }
    } finally {
      lock.unlock();
    }
    chain.archiver().awaitScripts(5000);
    if (error != null) {
      throw new StoreIOException("closing the message log of channel '" + channel + "'", error);
    }
  }

  private void expireNow() throws IOException {
    long next = chain.expire(SliceChain.wallNanos());
    if (next != 0) {
      scheduleExpiry(next);
    }
  }

  private void scheduleExpiry(long atWallNanos) {
    if (closed || (expiry != null && expiryAt <= atWallNanos)) {
      return;
    }
    if (expiry != null) {
      expiry.cancel(false);
    }
    expiryAt = atWallNanos;
    long delay = Math.max(0, atWallNanos - SliceChain.wallNanos());
    expiry = ctx.scheduler().schedule(this::runExpiry, delay, TimeUnit.NANOSECONDS);
  }

  private void runExpiry() {
    lock.lock();
    try {
      expiry = null;
      if (!closed) {
        expireNow();
      }
    } catch (IOException e) {
      fail("background", "expiring messages", e);
    } catch (RuntimeException e) {
      LOG.error("channel {}: expiring messages failed", channel, e);
    } finally {
      lock.unlock();
    }
  }

  private void housekeeping() {
    Slice toSync = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      boolean canWrite = writable && failure == null;
      chain.closeIdle(SECOND, canWrite, canWrite && opts.doSync());
      long now = System.nanoTime();
      if (canWrite && now - lastShrink >= SHRINK_INTERVAL) {
        chain.writer().shrink();
        lastShrink = now;
      }
      chain.evictCache(SECOND);
      if (canWrite && opts.autoSyncEnabled() && now - lastAutoSync >= opts.autoSync().toNanos()) {
        chain.writer().writeToOs();
        toSync = chain.writeSlice();
        lastAutoSync = now;
      }
      if (canWrite && now - lastCheckpoint >= MANIFEST_INTERVAL) {
        chain.checkpoint(false);
        lastCheckpoint = now;
      }
    } catch (IOException e) {
      fail("background", "background work", e);
    } catch (RuntimeException e) {
      LOG.error("channel {}: background work failed", channel, e);
    } finally {
      lock.unlock();
    }
    if (toSync != null) {
      try {
        toSync.syncAll();
      } catch (IOException e) {
        fail("background", "auto-sync of " + toSync.dataPath, e);
      }
    }
  }

  private StoreIOException fail(String operation, String what, IOException e) {
    metrics.failed(operation, e);
    StoreIOException f = new StoreIOException("channel '" + channel + "': " + what + " failed; its"
        + " message store refuses writes until the store is reopened", e);
    if (failure == null) {
      failure = f;
      LOG.error("{}", f.getMessage(), e);
    }
    return f;
  }

  private StoreIOException readError(String what, IOException e) {
    return new StoreIOException(what + " of channel '" + channel + "'", e);
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreClosedException("the message store of channel '" + channel + "' is closed");
    }
  }

  private void checkNotFailed() {
    StoreIOException f = failure;
    if (f != null) {
      throw new StoreIOException(f.getMessage(), f);
    }
  }

  private void checkWritable() {
    checkOpen();
    if (!writable) {
      throw new StoreIOException("the store was opened read-only (option readOnly); channel '"
          + channel + "' cannot be changed");
    }
    checkNotFailed();
  }
}
