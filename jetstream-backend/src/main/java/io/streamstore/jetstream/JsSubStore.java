package io.streamstore.jetstream;

import io.nats.client.api.PublishAck;
import io.streamstore.proto.SubState;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MutableSequenceSet;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.SubStore;
import io.streamstore.spi.SubStoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The subscriptions of one channel, kept in memory and written to the state bucket on {@link
 * #flush()}: one value per subscription ({@link SubRecord}: state and pending set), rewritten when it
 * changed, deleted when the subscription was, and the highest id handed out. Until a flush, changes
 * live only here, as the SPI allows (losing an unflushed ack only causes a redelivery). A flush
 * returns once the bucket acknowledged every write.
 *
 * <p>Thread-safe: every method synchronizes on this object.
 */
final class JsSubStore implements SubStore {

  private static final class Sub {
    SubState state;
    long lastSent;
    final MutableSequenceSet pending = new MutableSequenceSet();

    Sub(SubState state) {
      this.state = state;
      this.lastSent = state.getLastSent();
    }

    SubState withLastSent() {
      return state.getLastSent() == lastSent ? state : state.toBuilder().setLastSent(lastSent).build();
    }
  }

  private final StoreContext ctx;
  private final String channel;
  private final String keyPrefix;
  private final String lastIdKey;
  private final int maxSubscriptions;

  // all guarded by this
  private final Map<Long, Sub> subs = new HashMap<>();
  private final Set<Long> dirty = new LinkedHashSet<>(); // changed or deleted since the last flush
  private long lastId;
  private long flushedLastId;
  private boolean closed;

  JsSubStore(StoreContext ctx, String channel, String incarnation, SubStoreLimits limits) {
    this.ctx = ctx;
    this.channel = channel;
    this.keyPrefix = "sub." + incarnation + ".";
    this.lastIdKey = "subid." + incarnation;
    this.maxSubscriptions = limits.maxSubscriptions();
  }

  /** Loads what the bucket holds for this channel; returns the subscriptions in id order. */
  synchronized List<RecoveredSubscription> restore(Map<String, byte[]> bucket) {
    byte[] last = bucket.get(lastIdKey);
    if (last != null) {
      lastId = Long.parseLong(new String(last, StandardCharsets.US_ASCII));
    }
    TreeMap<Long, RecoveredSubscription> found = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : bucket.entrySet()) {
      if (!e.getKey().startsWith(keyPrefix)) {
        continue;
      }
      MutableSequenceSet pend = new MutableSequenceSet();
      SubState state = SubRecord.decode(e.getKey(), e.getValue(), pend);
      Sub s = new Sub(state);
      pend.snapshot().forEach(s.pending::add);
      subs.put(state.getID(), s);
      lastId = Math.max(lastId, state.getID());
      found.put(state.getID(), new RecoveredSubscription(state, pend.snapshot()));
    }
    flushedLastId = lastId;
    return new ArrayList<>(found.values());
  }

  @Override
  public synchronized long createSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureOpen();
    if (maxSubscriptions > 0 && subs.size() >= maxSubscriptions) {
      throw new TooManySubscriptionsException("channel \"" + channel + "\" already has "
          + subs.size() + " subscriptions, its maxSubscriptions limit");
    }
    long id = ++lastId;
    subs.put(id, new Sub(sub.toBuilder().setID(id).build()));
    dirty.add(id);
    return id;
  }

  @Override
  public synchronized void updateSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureOpen();
    Sub s = existing(sub.getID());
    s.state = sub;
    s.lastSent = sub.getLastSent();
    dirty.add(sub.getID());
  }

  @Override
  public synchronized void deleteSub(long subId) {
    ensureOpen();
    if (subs.remove(subId) == null) {
      throw notFound(subId);
    }
    dirty.add(subId);
  }

  @Override
  public synchronized void addSeqPending(long subId, long seq) {
    ensureOpen();
    if (seq <= 0) { // the argument before the id, as every backend (SubStore#addSeqPending)
      throw new InvalidArgumentException("sequence must be positive, got " + seq
          + " (subscription " + subId + " of channel \"" + channel + "\")");
    }
    Sub s = existing(subId);
    s.pending.add(seq);
    if (seq > s.lastSent) {
      s.lastSent = seq;
    }
    dirty.add(subId);
  }

  @Override
  public synchronized void ackSeqPending(long subId, long seq) {
    ensureOpen();
    Sub s = existing(subId);
    if (s.pending.remove(seq)) {
      dirty.add(subId);
    }
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
    write();
  }

  private void write() {
    if (dirty.isEmpty() && flushedLastId == lastId) {
      return;
    }
    ctx.lock().checkWritable();
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(dirty.size() + 1);
    for (long id : dirty) {
      Sub s = subs.get(id);
      String key = keyPrefix + id;
      acks.add(s == null
          ? ctx.bucket().deleteAsync(key)
          : ctx.bucket().putAsync(key, SubRecord.encode(s.withLastSent(), s.pending.snapshot())));
    }
    long idNow = lastId;
    if (idNow != flushedLastId) {
      acks.add(ctx.bucket().putAsync(lastIdKey,
          Long.toString(idNow).getBytes(StandardCharsets.US_ASCII)));
    }
    ctx.bucket().awaitAll(acks, "the subscriptions of channel " + channel);
    dirty.clear();
    flushedLastId = idNow;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      write();
    } finally {
      closed = true;
    }
  }

  /** Closes without writing: the channel is being deleted. */
  synchronized void discard() {
    closed = true;
    dirty.clear();
  }

  /** The bucket key prefix of this channel's subscriptions (for cleanup). */
  String keyPrefix() {
    return keyPrefix;
  }

  /** The bucket key of the highest id handed out (for cleanup). */
  String lastIdKey() {
    return lastIdKey;
  }

  private Sub existing(long subId) {
    Sub s = subs.get(subId);
    if (s == null) {
      throw notFound(subId);
    }
    return s;
  }

  private NotFoundException notFound(long subId) {
    return new NotFoundException(
        "subscription " + subId + " does not exist in channel \"" + channel + "\"");
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("subscription store of channel \"" + channel + "\" is closed");
    }
  }
}
