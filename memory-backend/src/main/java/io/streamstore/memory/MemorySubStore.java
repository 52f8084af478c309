package io.streamstore.memory;

import io.streamstore.proto.SubState;
import io.streamstore.spi.MutableSequenceSet;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.SubStore;
import io.streamstore.spi.SubStoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The subscriptions of one memory channel: each one's last state and its pending set.
 *
 * <p>Ids start at 1 and only grow, so a deleted subscription's id is never handed out again.
 * {@code lastSent} is kept as a plain field next to the state, so that {@link #addSeqPending} does
 * not rebuild the protobuf value for every message sent.
 *
 * <p>Thread-safe: every method synchronizes on this object.
 */
final class MemorySubStore implements SubStore {

  /** One subscription; mutable, guarded by the owning store. */
  private static final class Sub {
    SubState state;
    long lastSent;
    final MutableSequenceSet pending = new MutableSequenceSet();

    Sub(SubState state) {
      this.state = state;
      this.lastSent = state.getLastSent();
    }
  }

  private final String channel;
  private final int maxSubscriptions;

  // all guarded by this
  private final Map<Long, Sub> subs = new HashMap<>();
  private long lastId;
  private boolean closed;

  MemorySubStore(String channel, SubStoreLimits limits) {
    this.channel = channel;
    this.maxSubscriptions = limits.maxSubscriptions();
  }

  @Override
  public synchronized long createSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureOpen();
    if (maxSubscriptions > 0 && subs.size() >= maxSubscriptions) {
      throw new TooManySubscriptionsException(
          "channel \"" + channel + "\" already has " + subs.size()
              + " subscriptions, its maxSubscriptions limit");
    }
    long id = ++lastId;
    subs.put(id, new Sub(sub.toBuilder().setID(id).build()));
    return id;
  }

  @Override
  public synchronized void updateSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureOpen();
    Sub s = existing(sub.getID());
    s.state = sub;
    s.lastSent = sub.getLastSent();
  }

  @Override
  public synchronized void deleteSub(long subId) {
    ensureOpen();
    if (subs.remove(subId) == null) {
      throw notFound(subId);
    }
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
  }

  @Override
  public synchronized void ackSeqPending(long subId, long seq) {
    ensureOpen();
    existing(subId).pending.remove(seq);
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /**
   * Every subscription (state with its lastSent, and pending set) in id order, and the highest id
   * handed out; readable after {@link #close()}, for tests and tools that copy a channel.
   */
  synchronized Snapshot snapshot() {
    List<RecoveredSubscription> list = new ArrayList<>(subs.size());
    new TreeMap<>(subs).forEach((id, s) -> list.add(new RecoveredSubscription(
        s.state.toBuilder().setLastSent(s.lastSent).build(), s.pending.snapshot())));
    return new Snapshot(list, lastId);
  }

  /** Loads a {@link #snapshot()} into this empty store, ids and pending sets included. */
  synchronized void restore(Snapshot snapshot) {
    for (RecoveredSubscription rs : snapshot.subscriptions()) {
      Sub s = new Sub(rs.sub());
      rs.pending().forEach(s.pending::add);
      subs.put(rs.sub().getID(), s);
    }
    lastId = Math.max(lastId, snapshot.lastId());
  }

  /** The content of a subscription store. */
  record Snapshot(List<RecoveredSubscription> subscriptions, long lastId) {}

  /** The subscription's current state with its lastSent, or null (for tests and tools). */
  synchronized SubState state(long subId) {
    Sub s = subs.get(subId);
    return s == null ? null : s.state.toBuilder().setLastSent(s.lastSent).build();
  }

  /** A copy of the subscription's pending set, or null (for tests and tools). */
  synchronized SequenceSet pending(long subId) {
    Sub s = subs.get(subId);
    return s == null ? null : s.pending.snapshot();
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
