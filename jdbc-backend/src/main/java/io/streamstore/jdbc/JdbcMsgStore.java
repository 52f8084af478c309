package io.streamstore.jdbc;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreMetrics;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log of one channel in the {@code messages} table, with the channel's row in {@code
 * channels} holding first/last sequence, count and bytes.
 *
 * <p>Writes collect in a {@link MessageBatch} and go to the database in one transaction on {@link
 * #flush()}, when the batch is full, or at once with {@code noCaching}. The in-memory first/last,
 * count and bytes always include the batch, so reads see every stored message at once. Limits remove
 * the oldest messages with one set-based DELETE at the next flush; the sizes of the removed messages
 * come from a {@link LogHead} page, never from a scan.
 *
 * <p>Thread-safety: every field below is guarded by {@code this}; database reads of already flushed
 * messages run outside the monitor. A flush runs under the monitor, so reads never see a half-moved
 * batch.
 */
final class JdbcMsgStore implements MsgStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcMsgStore.class);
  private static final int HEAD_PAGE = 1024;

  static {
    // Known to JFR from the start, so a recording started later (jcmd JFR.start) records it too.
    jdk.jfr.FlightRecorder.register(FlushEvent.class);
  }

  private final StoreContext ctx;
  private final long channelId;
  private final String channel;
  private final MsgStoreLimits limits;
  private final MessageWriter writer;
  private final MessageReader reader;
  private final StoreMetrics metrics;

  // All guarded by this.
  private final MessageBatch batch;
  private final LogHead head;
  private final Backoff expiryRetries;
  private long first;
  private long last;
  private long count;
  private long bytes;
  /** Every live message with a sequence up to this one is in the database. */
  private long persistedLast;
  /** Database rows up to this sequence are removed and must be deleted at the next flush. */
  private long deleteThrough;
  private long deletedThrough;
  private boolean stateDirty;
  private boolean warnedLimits;
  private boolean closed;
  private ScheduledFuture<?> expiry;

  /** A store for a channel, starting from the state of its row in {@code channels}. */
  JdbcMsgStore(StoreContext ctx, long channelId, String channel, MsgStoreLimits limits,
      long first, long last, long count, long bytes) {
    this.ctx = ctx;
    this.channelId = channelId;
    this.channel = channel;
    this.limits = limits;
    this.writer = new MessageWriter(ctx.sql(), channelId, channel);
    this.reader = new MessageReader(ctx.db(), ctx.sql(), channelId, channel);
    this.batch = new MessageBatch(ctx.batchSize());
    this.metrics = ctx.metrics();
    this.expiryRetries = ctx.newBackoff();
    this.first = first;
    this.last = last;
    this.count = count;
    this.bytes = bytes;
    this.persistedLast = last;
    this.head = new LogHead(HEAD_PAGE, count == 0 ? last : first - 1);
    this.deleteThrough = count == 0 ? last : first - 1;
    this.deletedThrough = deleteThrough;
  }

  long channelId() {
    return channelId;
  }

  @Override
  public synchronized MsgStoreState state() {
    ensureOpen();
    return new MsgStoreState(count, bytes);
  }

  @Override
  public long store(MsgProto msg) {
    Objects.requireNonNull(msg, "msg");
    synchronized (this) {
      ensureOpen();
      ctx.lock().refuseIfReadOnly();
      long seq = msg.getSequence();
      if (seq >= 0 && seq <= last) {
        return seq; // a replay of a stored (or removed) sequence: ignored
      }
      if (seq < 0) {
        throw new InvalidArgumentException("sequence " + Long.toUnsignedString(seq)
            + " of channel \"" + channel + "\" is above 2^63, which SQL BIGINT cannot hold");
      }
      MessageSizeLimit.check(msg, ctx.maxMessageSize(), channel); // before it is buffered
      if (batch.size() >= ctx.batchSize()) {
        flushLocked(); // a full batch that failed earlier: refuse new data until it is written
      }
      byte[] data = msg.toByteArray();
      batch.add(msg, data);
      if (count == 0) {
        first = seq;
      }
      last = seq;
      count++;
      bytes += data.length;
      metrics.stored(data.length);
      stateDirty = true;
      enforceCountAndBytes();
      scheduleExpiryIfNeeded();
      if (ctx.noCaching() || batch.size() >= ctx.batchSize()) {
        flushLocked();
      }
      return seq;
    }
  }

  @Override
  public Optional<MsgProto> lookup(long seq) {
    synchronized (this) {
      ensureOpen();
      if (count == 0 || seq < first || seq > last) {
        return Optional.empty();
      }
      if (seq > persistedLast) {
        return Optional.ofNullable(batch.get(seq));
      }
    }
    return readFromDatabase(seq);
  }

  private Optional<MsgProto> readFromDatabase(long seq) {
    MsgProto msg = reader.lookup(seq);
    if (msg == null) {
      return Optional.empty();
    }
    synchronized (this) {
      if (seq < first) { // removed by a limit while we were reading
        return Optional.empty();
      }
    }
    return Optional.of(msg);
  }

  @Override
  public synchronized long firstSequence() {
    ensureOpen();
    return first;
  }

  @Override
  public synchronized long lastSequence() {
    ensureOpen();
    return last;
  }

  @Override
  public synchronized SequenceRange firstAndLastSequence() {
    ensureOpen();
    return new SequenceRange(first, last);
  }

  @Override
  public long sequenceForTimestamp(long timestampNanos) {
    long from;
    long to;
    long inBatch;
    synchronized (this) {
      ensureOpen();
      if (last == 0) {
        return 0;
      }
      if (count == 0) {
        return last + 1;
      }
      from = first;
      to = persistedLast;
      inBatch = batch.firstAtOrAfter(timestampNanos);
    }
    if (from <= to) {
      Long found = reader.firstAtOrAfter(timestampNanos, from, to);
      if (found != null) {
        return found;
      }
    }
    if (inBatch >= 0) {
      return inBatch;
    }
    synchronized (this) {
      return last + 1;
    }
  }

  @Override
  public Optional<MsgProto> firstMsg() {
    while (true) {
      long seq;
      synchronized (this) {
        ensureOpen();
        if (count == 0) {
          return Optional.empty();
        }
        seq = first;
      }
      Optional<MsgProto> m = lookup(seq);
      if (m.isPresent() || firstSequence() == seq) {
        return m;
      }
    }
  }

  @Override
  public Optional<MsgProto> lastMsg() {
    long seq;
    synchronized (this) {
      ensureOpen();
      if (count == 0) {
        return Optional.empty();
      }
      seq = last;
    }
    return lookup(seq);
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
    flushLocked();
  }

  @Override
  public synchronized void empty() {
    ensureOpen();
    if (last == 0) {
      return; // nothing was ever stored: first and last stay 0
    }
    batch.clear();
    head.clearThrough(last);
    deleteThrough = persistedLast;
    first = last + 1;
    count = 0;
    bytes = 0;
    stateDirty = true;
    flushLocked();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      flushLocked();
    } finally {
      closed = true;
      cancelExpiry();
    }
  }

  /** Marks the store closed and drops unwritten data: the channel is being deleted. */
  synchronized void discard() {
    closed = true;
    batch.clear();
    cancelExpiry();
  }

  /** Applies the limits to what was recovered (limits may have changed) and expires old messages. */
  synchronized void applyLimitsAfterRecovery() {
    enforceCountAndBytes();
    expireLocked();
    flushLocked();
    scheduleExpiryIfNeeded();
  }

  // ---- writing

  private void flushLocked() {
    boolean deletes = deleteThrough > deletedThrough;
    if ((batch.isEmpty() && !deletes && !stateDirty) || ctx.lock().readOnly()) {
      return; // read-only: what limits removed stays hidden in memory, nothing is deleted
    }
    ctx.lock().checkWritable();
    FlushEvent event = new FlushEvent();
    event.begin();
    long start = System.nanoTime();
    int messages = batch.size();
    try {
      writeBatch(deletes);
    } catch (RuntimeException e) {
      metrics.failed("flush", e);
      throw e;
    }
    metrics.flushed(System.nanoTime() - start);
    event.end();
    if (event.shouldCommit()) {
      event.channel = channel;
      event.messages = messages;
      event.database = ctx.db().dialect().name();
      event.commit();
    }
  }

  private void writeBatch(boolean deletes) {
    String what = "flush of channel \"" + channel + "\"";
    try {
      ctx.write(what, c -> writer.write(c, batch, deletes ? deleteThrough : -1,
          first, last, count, bytes, false));
    } catch (JdbcStoreException e) {
      if (!(e.getCause() instanceof SQLException s && ctx.db().dialect().isDuplicateKey(s))) {
        throw e;
      }
      // A retry after a commit that was in doubt: the rows may be there already. Write what is
      // missing and check that what is there is the same.
      LOG.info("{}: some messages are already stored; checking them and writing the rest", what);
      ctx.write(what, c -> writer.write(c, batch, deletes ? deleteThrough : -1,
          first, last, count, bytes, true));
    }
    persistedLast = last;
    deletedThrough = deleteThrough;
    stateDirty = false;
    batch.clear();
  }

  // ---- limits and expiry

  private void enforceCountAndBytes() {
    long maxMsgs = limits.maxMsgs();
    long maxBytes = limits.maxBytes();
    boolean removed = false;
    while (count > 1 && ((maxMsgs > 0 && count > maxMsgs) || (maxBytes > 0 && bytes > maxBytes))) {
      removeOldest();
      removed = true;
    }
    if (removed && !warnedLimits) {
      warnedLimits = true;
      LOG.warn("channel \"{}\" reached its limits (maxMsgs={}, maxBytes={}); the oldest messages"
          + " are being removed", channel, maxMsgs, maxBytes);
    }
  }

  /** Removes the oldest message; {@code count > 0}. */
  private void removeOldest() {
    if (oldestIsInDatabase()) {
      bytes -= head.firstSize();
      deleteThrough = head.firstSeq();
      head.removeFirst();
    } else {
      bytes -= batch.firstSize();
      batch.removeFirst();
    }
    count--;
    stateDirty = true;
    if (count == 0) {
      first = last + 1;
      head.skipThrough(persistedLast);
      deleteThrough = persistedLast;
    } else {
      first = oldestIsInDatabase() ? head.firstSeq() : batch.firstSeq();
    }
  }

  /** Whether the oldest live message is a database row; loads the next head page when needed. */
  private boolean oldestIsInDatabase() {
    if (!head.isEmpty()) {
      return true;
    }
    if (head.loadedThrough() >= persistedLast) {
      return false;
    }
    reader.loadHead(head, persistedLast);
    return !head.isEmpty();
  }

  /** Removes every message older than maxAge; returns whether any was removed. */
  private boolean expireLocked() {
    long maxAgeNanos = limits.maxAge().toNanos();
    if (maxAgeNanos <= 0) {
      return false;
    }
    long cutoff = nowNanos() - maxAgeNanos;
    boolean removed = false;
    while (count > 0 && oldestTimestamp() <= cutoff) {
      removeOldest();
      removed = true;
    }
    return removed;
  }

  private long oldestTimestamp() {
    return oldestIsInDatabase() ? head.firstTimestamp() : batch.firstTimestamp();
  }

  private void scheduleExpiryIfNeeded() {
    if (limits.maxAge().isZero() || limits.maxAge().isNegative() || expiry != null || count == 0
        || closed) {
      return;
    }
    long delay = oldestTimestamp() + limits.maxAge().toNanos() - nowNanos();
    scheduleExpiry(Math.max(0, delay));
  }

  private void scheduleExpiry(long delayNanos) {
    try {
      expiry = ctx.scheduler().schedule(this::runExpiry, delayNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      expiry = null; // the store is closing
    }
  }

  private synchronized void runExpiry() {
    expiry = null;
    if (closed) {
      return;
    }
    try {
      if (expireLocked()) {
        flushLocked();
      }
      expiryRetries.reset();
      scheduleExpiryIfNeeded();
    } catch (RuntimeException e) {
      long delay = expiryRetries.nextDelayNanos();
      metrics.failed("background", e);
      LOG.warn("expiring messages of channel \"{}\" failed, retrying in {} ms: {}", channel,
          TimeUnit.NANOSECONDS.toMillis(delay), e.toString());
      scheduleExpiry(delay);
    }
  }

  private void cancelExpiry() {
    if (expiry != null) {
      expiry.cancel(false);
      expiry = null;
    }
  }

  // ---- helpers

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("message store of channel \"" + channel + "\" is closed");
    }
  }

  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
