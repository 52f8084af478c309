package io.streamstore.memory;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreClosedException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log of one memory channel.
 *
 * <p><b>Size accounting:</b> a message counts for {@link MsgProto#getSerializedSize()} bytes, the
 * size of its protobuf encoding (what the file backend writes, without record header and index).
 * {@code maxBytes} and {@link #state()} use that figure.
 *
 * <p><b>Limits:</b> after each store the oldest messages are removed while the count or bytes exceed
 * the channel's limits, but the newest message always stays. Messages whose timestamp is more than
 * {@code maxAge} in the past are removed by the store's shared {@link ExpiryScheduler}: one pending
 * task per channel at most, due when the oldest message expires.
 *
 * <p><b>Thread safety:</b> every method synchronizes on this object; messages are immutable protobuf
 * values handed out as they are.
 */
final class MemoryMsgStore implements MsgStore {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryMsgStore.class);

  private final String channel;
  private final MsgStoreLimits limits;
  private final long maxAgeNanos;
  private final ExpiryScheduler scheduler;
  private final long maxMessageSize;

  // all guarded by this
  private final MessageRing ring = new MessageRing();
  private long bytes;
  private long lastSeq; // newest sequence ever stored, 0 when none
  private ScheduledFuture<?> expiryTask; // pending expiry, or null
  private boolean limitWarned;
  private boolean closed;

  MemoryMsgStore(String channel, MsgStoreLimits limits, ExpiryScheduler scheduler) {
    this(channel, limits, scheduler, MessageSizeLimit.DEFAULT);
  }

  MemoryMsgStore(String channel, MsgStoreLimits limits, ExpiryScheduler scheduler,
      long maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    this.channel = channel;
    this.limits = limits;
    this.maxAgeNanos = limits.maxAge().toNanos();
    this.scheduler = scheduler;
  }

  @Override
  public synchronized MsgStoreState state() {
    ensureOpen();
    return new MsgStoreState(ring.size(), bytes);
  }

  @Override
  public synchronized long store(MsgProto msg) {
    Objects.requireNonNull(msg, "msg");
    ensureOpen();
    long seq = msg.getSequence();
    if (Long.compareUnsigned(seq, lastSeq) <= 0) {
      return seq; // replay of a stored (or removed) sequence: ignored
    }
    if (seq < 0) {
      throw new io.streamstore.spi.InvalidArgumentException(
          "sequence " + Long.toUnsignedString(seq) + " of channel " + channel + " is above 2^63");
    }
    MessageSizeLimit.check(msg, maxMessageSize, channel);
    ring.append(msg);
    bytes += msg.getSerializedSize();
    lastSeq = seq;
    enforceCountAndBytes();
    if (maxAgeNanos > 0 && expiryTask == null) {
      scheduleExpiry();
    }
    return seq;
  }

  private void enforceCountAndBytes() {
    long maxMsgs = limits.maxMsgs();
    long maxBytes = limits.maxBytes();
    boolean removed = false;
    while (ring.size() > 1
        && ((maxMsgs > 0 && ring.size() > maxMsgs) || (maxBytes > 0 && bytes > maxBytes))) {
      bytes -= ring.removeFirst().getSerializedSize();
      removed = true;
    }
    if (removed && !limitWarned) {
      limitWarned = true;
      LOG.warn(
          "channel {} reached its limit of {} messages / {} bytes; removing the oldest messages",
          channel, maxMsgs == 0 ? "unlimited" : maxMsgs, maxBytes == 0 ? "unlimited" : maxBytes);
    }
  }

  /** Schedules the removal of the oldest message when it becomes too old; caller holds the lock. */
  private void scheduleExpiry() {
    MsgProto first = ring.first();
    if (first == null || closed) {
      expiryTask = null;
      return;
    }
    long delay = first.getTimestamp() + maxAgeNanos - nowNanos();
    expiryTask = scheduler.schedule(this::expire, delay);
  }

  /** Runs on the expiry thread. */
  private synchronized void expire() {
    if (closed) {
      return;
    }
    long cutoff = nowNanos() - maxAgeNanos;
    while (!ring.isEmpty() && ring.first().getTimestamp() <= cutoff) {
      bytes -= ring.removeFirst().getSerializedSize();
    }
    scheduleExpiry();
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public synchronized Optional<MsgProto> lookup(long seq) {
    ensureOpen();
    return Optional.ofNullable(ring.get(seq));
  }

  @Override
  public synchronized long firstSequence() {
    ensureOpen();
    return firstSeq();
  }

  private long firstSeq() {
    MsgProto first = ring.first();
    if (first != null) {
      return first.getSequence();
    }
    return lastSeq == 0 ? 0 : lastSeq + 1;
  }

  @Override
  public synchronized long lastSequence() {
    ensureOpen();
    return lastSeq;
  }

  @Override
  public synchronized SequenceRange firstAndLastSequence() {
    ensureOpen();
    return new SequenceRange(firstSeq(), lastSeq);
  }

  @Override
  public synchronized long sequenceForTimestamp(long timestampNanos) {
    ensureOpen();
    if (ring.isEmpty()) {
      return lastSeq == 0 ? 0 : lastSeq + 1;
    }
    MsgProto found = ring.firstAtOrAfter(timestampNanos);
    return found == null ? lastSeq + 1 : found.getSequence();
  }

  @Override
  public synchronized Optional<MsgProto> firstMsg() {
    ensureOpen();
    return Optional.ofNullable(ring.first());
  }

  @Override
  public synchronized Optional<MsgProto> lastMsg() {
    ensureOpen();
    return Optional.ofNullable(ring.last());
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
  }

  @Override
  public synchronized void empty() {
    ensureOpen();
    ring.clear();
    bytes = 0;
    cancelExpiry();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    cancelExpiry();
  }

  /**
   * The stored messages, oldest first, and the last sequence, readable even after {@link #close()}:
   * lets tests (and tools) copy a channel into another store.
   */
  synchronized Snapshot snapshot() {
    return new Snapshot(ring.toList(), lastSeq);
  }

  /**
   * Loads a {@link #snapshot()} into this empty store: the messages go through the limits of this
   * store (count, bytes, age), and the last sequence is kept even when no message remains.
   */
  synchronized void restore(Snapshot snapshot) {
    for (MsgProto m : snapshot.messages()) {
      store(m);
    }
    if (Long.compareUnsigned(snapshot.lastSequence(), lastSeq) > 0) {
      lastSeq = snapshot.lastSequence();
    }
  }

  /** The content of a message store: messages oldest first, and the last sequence ever stored. */
  record Snapshot(List<MsgProto> messages, long lastSequence) {}

  private void cancelExpiry() {
    if (expiryTask != null) {
      expiryTask.cancel(false);
      expiryTask = null;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("message store of channel \"" + channel + "\" is closed");
    }
  }

  @Override
  public String toString() {
    return "MemoryMsgStore[" + channel + "]";
  }
}
