package io.streamstore.file;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.proto.SubState;
import io.streamstore.proto.SubStateDelete;
import io.streamstore.proto.SubStateUpdate;
import io.streamstore.spi.MutableSequenceSet;
import io.streamstore.spi.RecoveredSubscription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscriptions of one channel in memory, and the replay of {@code subs.dat} records into them:
 * 1 new, 2 update (replaces the state, keeps the pending set), 3 delete, 4 ack, 5 pending (also
 * moves {@code lastSent} up). Replay is lenient as NATS Streaming is: pending, ack and update records
 * for a deleted or unknown subscription are ignored, and every id seen (even in a delete) raises the
 * highest id, so ids are never reused.
 *
 * <p>Also counts records for the compaction decision: {@code records} (new, update, pending) and
 * {@code deadRecords} (superseded updates, acks, deletes, pending of deleted subscriptions).
 *
 * <p>Not thread-safe: {@link FileSubStore} guards it.
 */
final class SubscriptionTable {

  /** One subscription: its latest state and its pending sequences. */
  static final class Entry {
    SubState state;
    final MutableSequenceSet pending = new MutableSequenceSet();

    Entry(SubState state) {
      this.state = state;
    }
  }

  private final Map<Long, Entry> subs = new LinkedHashMap<>();
  private final Set<Long> deleted = new HashSet<>(); // only filled during replay
  private long maxSubId;
  long records;
  long deadRecords;

  /** Applies one record read from {@code subs.dat}. */
  void replay(int type, ByteBuffer payload) throws InvalidProtocolBufferException {
    switch (type) {
      case RecordTypes.SUB_NEW -> {
        SubState s = SubState.parseFrom(payload);
        subs.put(s.getID(), new Entry(s));
        deleted.remove(s.getID());
        raise(s.getID());
        records++;
      }
      case RecordTypes.SUB_UPDATE -> {
        SubState s = SubState.parseFrom(payload);
        Entry e = subs.get(s.getID());
        if (e != null) {
          e.state = s;
          deadRecords++;
        } else if (!deleted.contains(s.getID())) {
          subs.put(s.getID(), new Entry(s));
        }
        raise(s.getID());
        records++;
      }
      case RecordTypes.SUB_DELETE -> {
        long id = SubStateDelete.parseFrom(payload).getID();
        Entry e = subs.remove(id);
        if (e != null) {
          deadRecords += 1 + e.pending.size();
        }
        deleted.add(id);
        raise(id);
      }
      case RecordTypes.SUB_PENDING -> {
        SubStateUpdate u = SubStateUpdate.parseFrom(payload);
        Entry e = subs.get(u.getID());
        if (e != null) {
          addPending(e, u.getSeqno());
          records++;
        }
      }
      case RecordTypes.SUB_ACK -> {
        SubStateUpdate u = SubStateUpdate.parseFrom(payload);
        Entry e = subs.get(u.getID());
        if (e != null) {
          e.pending.remove(u.getSeqno());
          deadRecords++;
        }
      }
      default -> throw new IllegalArgumentException("unexpected subscription record type " + type);
    }
  }

  /** Ends replay: forget the deleted ids (only the highest id matters from now on). */
  void replayDone() {
    deleted.clear();
  }

  /** The subscription with {@code id}, or null. */
  Entry get(long id) {
    return subs.get(id);
  }

  /** Number of live subscriptions. */
  int size() {
    return subs.size();
  }

  /** The next id to hand out. */
  long nextId() {
    return maxSubId + 1;
  }

  /** Adds a new subscription (its id already assigned). */
  void put(SubState state) {
    subs.put(state.getID(), new Entry(state));
    raise(state.getID());
  }

  /** Removes a subscription; returns it or null. */
  Entry remove(long id) {
    return subs.remove(id);
  }

  /** Records {@code seq} as pending and moves {@code lastSent} up. */
  static void addPending(Entry e, long seq) {
    if (seq > e.state.getLastSent()) {
      e.state = e.state.toBuilder().setLastSent(seq).build();
    }
    if (seq > 0) {
      e.pending.add(seq);
    }
  }

  /** Live subscriptions in id order. */
  List<Entry> entries() {
    List<Entry> list = new ArrayList<>(subs.values());
    list.sort(Comparator.comparingLong(e -> e.state.getID()));
    return list;
  }

  /** Immutable snapshot of every live subscription with its pending set, in id order. */
  List<RecoveredSubscription> snapshot() {
    List<RecoveredSubscription> out = new ArrayList<>(subs.size());
    for (Entry e : entries()) {
      out.add(new RecoveredSubscription(e.state, e.pending.snapshot()));
    }
    return out;
  }

  private void raise(long id) {
    if (id > maxSubId) {
      maxSubId = id;
    }
  }
}
