package io.streamstore.jdbc;

import io.streamstore.proto.SubState;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MutableSequenceSet;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.SubStore;
import io.streamstore.spi.SubStoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The subscriptions of one channel: a row per subscription in {@code subscriptions} and a row per
 * pending (subscription, sequence) in {@code pending}.
 *
 * <p>Creating, updating and deleting a subscription is written at once. Pending and ack updates
 * collect in memory, per subscription, and are written on {@link #flush()}, when {@code batchSize}
 * of them are waiting, or at once with {@code noCaching}: acks as batched DELETEs by primary key,
 * pending sequences as batched INSERTs that skip a row already there (so a retry cannot fail), and
 * the new {@code last_sent} of each touched subscription, all in one transaction. An ack of a
 * sequence whose add is still buffered cancels the add.
 *
 * <p>Thread-safety: every field is guarded by {@code this}.
 */
final class JdbcSubStore implements SubStore {

  /** What the store keeps in memory per subscription. */
  private static final class Sub {
    long lastSent;
    long writtenLastSent;

    Sub(long lastSent) {
      this.lastSent = lastSent;
      this.writtenLastSent = lastSent;
    }
  }

  /** Buffered changes of one subscription's pending set. */
  private static final class Changes {
    final MutableSequenceSet added = new MutableSequenceSet();
    final MutableSequenceSet acked = new MutableSequenceSet();
  }

  private final StoreContext ctx;
  private final long channelId;
  private final String channel;
  private final SubStoreLimits limits;

  // All guarded by this.
  private final Map<Long, Sub> subs = new HashMap<>();
  private final Map<Long, Changes> changes = new LinkedHashMap<>();
  private int buffered;
  private long maxSubId;
  private boolean closed;

  JdbcSubStore(StoreContext ctx, long channelId, String channel, SubStoreLimits limits,
      long maxSubId) {
    this.ctx = ctx;
    this.channelId = channelId;
    this.channel = channel;
    this.limits = limits;
    this.maxSubId = maxSubId;
  }

  /** Registers a recovered subscription. */
  synchronized void recovered(long subId, long lastSent) {
    subs.put(subId, new Sub(lastSent));
    maxSubId = Math.max(maxSubId, subId);
  }

  @Override
  public synchronized long createSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureOpen();
    int max = limits.maxSubscriptions();
    if (max > 0 && subs.size() >= max) {
      throw new TooManySubscriptionsException("cannot create a subscription on channel \"" + channel
          + "\": it already has " + subs.size() + " subscriptions, the maxSubs limit");
    }
    ctx.lock().checkWritable();
    long id = ++maxSubId; // never handed out again, even if the write below fails
    SubState stored = sub.toBuilder().setID(id).build();
    ctx.write("creating a subscription on channel \"" + channel + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().insertSub)) {
        ps.setLong(1, channelId);
        ps.setLong(2, id);
        ps.setLong(3, stored.getLastSent());
        ps.setBytes(4, stored.toByteArray());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().updateChannelMaxSubId)) {
        ps.setLong(1, id);
        ps.setLong(2, channelId);
        ps.executeUpdate();
      }
      return null;
    });
    subs.put(id, new Sub(stored.getLastSent()));
    return id;
  }

  @Override
  public synchronized void updateSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureOpen();
    long id = sub.getID();
    Sub s = require(id);
    ctx.lock().checkWritable();
    ctx.write("updating subscription " + id + " of channel \"" + channel + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().updateSubState)) {
        ps.setBytes(1, sub.toByteArray());
        ps.setLong(2, sub.getLastSent());
        ps.setLong(3, channelId);
        ps.setLong(4, id);
        ps.executeUpdate();
      }
      return null;
    });
    // an update replaces the whole state, lastSent included, as in the file and memory stores
    s.lastSent = sub.getLastSent();
    s.writtenLastSent = sub.getLastSent();
  }

  @Override
  public synchronized void deleteSub(long subId) {
    ensureOpen();
    require(subId);
    ctx.lock().checkWritable();
    ctx.write("deleting subscription " + subId + " of channel \"" + channel + "\"", c -> {
      deleteSubRows(c, subId);
      return null;
    });
    subs.remove(subId);
    Changes dropped = changes.remove(subId);
    if (dropped != null) {
      buffered -= dropped.added.size() + dropped.acked.size();
    }
  }

  private void deleteSubRows(Connection c, long subId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ctx.sql().deleteSubPending)) {
      ps.setLong(1, channelId);
      ps.setLong(2, subId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(ctx.sql().deleteSub)) {
      ps.setLong(1, channelId);
      ps.setLong(2, subId);
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized void addSeqPending(long subId, long seq) {
    ensureOpen();
    ctx.lock().refuseIfReadOnly();
    if (seq <= 0) { // the argument before the id, as every backend (SubStore#addSeqPending)
      throw new InvalidArgumentException("sequence must be positive, got " + seq
          + " (subscription " + subId + " of channel \"" + channel + "\")");
    }
    Sub s = require(subId);
    makeRoom();
    Changes ch = changes.computeIfAbsent(subId, k -> new Changes());
    if (ch.acked.remove(seq)) {
      buffered--;
    }
    if (ch.added.add(seq)) {
      buffered++;
    }
    if (seq > s.lastSent) {
      s.lastSent = seq;
    }
    writeIfDue();
  }

  @Override
  public synchronized void ackSeqPending(long subId, long seq) {
    ensureOpen();
    ctx.lock().refuseIfReadOnly();
    require(subId);
    if (seq <= 0) {
      return; // never pending
    }
    makeRoom();
    Changes ch = changes.computeIfAbsent(subId, k -> new Changes());
    if (ch.added.remove(seq)) {
      buffered--;
    }
    // Delete the row too: the sequence may also have been written by an earlier flush.
    if (ch.acked.add(seq)) {
      buffered++;
    }
    writeIfDue();
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
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
    }
  }

  /** Marks the store closed and drops unwritten changes: the channel is being deleted. */
  synchronized void discard() {
    closed = true;
    changes.clear();
    buffered = 0;
  }

  /** Highest subscription id handed out so far. */
  synchronized long maxSubId() {
    return maxSubId;
  }

  private void makeRoom() {
    if (buffered >= ctx.batchSize()) {
      flushLocked(); // an earlier forced flush failed: refuse to buffer more until it succeeds
    }
  }

  private void writeIfDue() {
    if (ctx.noCaching() || buffered >= ctx.batchSize()) {
      flushLocked();
    }
  }

  private void flushLocked() {
    boolean lastSentChanged = false;
    for (Sub s : subs.values()) {
      if (s.lastSent != s.writtenLastSent) {
        lastSentChanged = true;
        break;
      }
    }
    if (buffered == 0 && !lastSentChanged) {
      changes.clear();
      return;
    }
    ctx.lock().checkWritable();
    ctx.write("flush of subscriptions of channel \"" + channel + "\"", this::writeChanges);
    changes.clear();
    buffered = 0;
    for (Sub s : subs.values()) {
      s.writtenLastSent = s.lastSent;
    }
  }

  private Void writeChanges(Connection c) throws SQLException {
    Statements sql = ctx.sql();
    boolean anyAck = false;
    boolean anyAdd = false;
    for (Changes ch : changes.values()) {
      anyAck |= !ch.acked.isEmpty();
      anyAdd |= !ch.added.isEmpty();
    }
    if (anyAck) {
      deleteAcked(c);
    }
    if (anyAdd) {
      try (PreparedStatement ps = c.prepareStatement(sql.insertPending)) {
        for (Map.Entry<Long, Changes> e : changes.entrySet()) {
          addAll(ps, e.getKey(), e.getValue().added.snapshot());
        }
        ps.executeBatch();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql.updateSubLastSent)) {
      boolean any = false;
      for (Map.Entry<Long, Sub> e : subs.entrySet()) {
        Sub s = e.getValue();
        if (s.lastSent != s.writtenLastSent) {
          ps.setLong(1, s.lastSent);
          ps.setLong(2, channelId);
          ps.setLong(3, e.getKey());
          ps.addBatch();
          any = true;
        }
      }
      if (any) {
        ps.executeBatch();
      }
    }
    return null;
  }

  /**
   * Deletes acknowledged rows as JDBC batches: where the dialect prefers it, full chunks of {@link
   * Statements#ACK_CHUNK} sequences with one set-based DELETE each; the rest by primary key.
   */
  private void deleteAcked(Connection c) throws SQLException {
    int chunk = ctx.db().dialect().chunkedAckDeletes() ? Statements.ACK_CHUNK : Integer.MAX_VALUE;
    try (PreparedStatement many = c.prepareStatement(ctx.sql().deletePendingChunk);
        PreparedStatement one = c.prepareStatement(ctx.sql().deletePending)) {
      boolean anyMany = false;
      boolean anyOne = false;
      for (Map.Entry<Long, Changes> e : changes.entrySet()) {
        long[] seqs = e.getValue().acked.snapshot().toArray();
        int full = chunk == Integer.MAX_VALUE ? 0 : seqs.length - seqs.length % chunk;
        for (int from = 0; from < full; from += chunk) {
          many.setLong(1, channelId);
          many.setLong(2, e.getKey());
          for (int i = 0; i < chunk; i++) {
            many.setLong(3 + i, seqs[from + i]);
          }
          many.addBatch();
          anyMany = true;
        }
        for (int i = full; i < seqs.length; i++) {
          one.setLong(1, channelId);
          one.setLong(2, e.getKey());
          one.setLong(3, seqs[i]);
          one.addBatch();
          anyOne = true;
        }
      }
      if (anyMany) {
        many.executeBatch();
      }
      if (anyOne) {
        one.executeBatch();
      }
    }
  }

  private void addAll(PreparedStatement ps, long subId, SequenceSet seqs) throws SQLException {
    for (long seq : seqs.toArray()) {
      ps.setLong(1, channelId);
      ps.setLong(2, subId);
      ps.setLong(3, seq);
      ps.addBatch();
    }
  }

  private Sub require(long subId) {
    Sub s = subs.get(subId);
    if (s == null) {
      throw new NotFoundException(
          "subscription " + subId + " does not exist on channel \"" + channel + "\"");
    }
    return s;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("subscription store of channel \"" + channel + "\" is closed");
    }
  }
}
