package io.streamstore.memory;

import io.streamstore.proto.MsgProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of one channel in sequence order, in a growable circular array: append at the tail,
 * remove at the head, both O(1) amortized, no boxing and no per-message node.
 *
 * <p>Lookup by sequence is O(1) while the stored sequences have no gap (index = seq - first) and a
 * binary search otherwise; sequences are strictly increasing, which the owning store guarantees.
 * Lookup by timestamp is a binary search and assumes timestamps do not decrease with the sequence, as
 * a server stamping messages on arrival produces.
 *
 * <p>Not thread-safe: {@link MemoryMsgStore} guards it.
 */
final class MessageRing {

  private static final int INITIAL_CAPACITY = 16;

  private MsgProto[] slots = new MsgProto[INITIAL_CAPACITY];
  private int head; // index of the oldest message
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Appends a message whose sequence is above every stored one. */
  void append(MsgProto msg) {
    if (size == slots.length) {
      grow();
    }
    slots[(head + size) & (slots.length - 1)] = msg;
    size++;
  }

  /** Removes and returns the oldest message; the ring must not be empty. */
  MsgProto removeFirst() {
    MsgProto first = slots[head];
    slots[head] = null;
    head = (head + 1) & (slots.length - 1);
    size--;
    if (size == 0) {
      head = 0;
    }
    return first;
  }

  /** The oldest message, or null. */
  MsgProto first() {
    return size == 0 ? null : slots[head];
  }

  /** The newest message, or null. */
  MsgProto last() {
    return size == 0 ? null : at(size - 1);
  }

  /** The message with this sequence, or null. */
  MsgProto get(long seq) {
    if (size == 0) {
      return null;
    }
    long firstSeq = slots[head].getSequence();
    long lastSeq = at(size - 1).getSequence();
    if (seq < firstSeq || seq > lastSeq) {
      return null;
    }
    if (lastSeq - firstSeq == size - 1) { // no gap: direct index
      return at((int) (seq - firstSeq));
    }
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long s = at(mid).getSequence();
      if (s < seq) {
        lo = mid + 1;
      } else if (s > seq) {
        hi = mid - 1;
      } else {
        return at(mid);
      }
    }
    return null;
  }

  /** The first message whose timestamp is at or after {@code timestampNanos}, or null. */
  MsgProto firstAtOrAfter(long timestampNanos) {
    int lo = 0;
    int hi = size; // answer in [lo, hi]; size means none
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (at(mid).getTimestamp() < timestampNanos) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == size ? null : at(lo);
  }

  /** The messages, oldest first, as a new list. */
  List<MsgProto> toList() {
    List<MsgProto> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(at(i));
    }
    return list;
  }

  /** Removes every message and gives back the memory of a large ring. */
  void clear() {
    if (slots.length > INITIAL_CAPACITY * 64) {
      slots = new MsgProto[INITIAL_CAPACITY];
    } else {
      Arrays.fill(slots, null);
    }
    head = 0;
    size = 0;
  }

  private MsgProto at(int index) {
    return slots[(head + index) & (slots.length - 1)];
  }

  private void grow() {
    if (slots.length >= 1 << 30) {
      throw new IllegalStateException("a memory channel holds at most 2^30 messages");
    }
    MsgProto[] bigger = new MsgProto[slots.length * 2];
    for (int i = 0; i < size; i++) {
      bigger[i] = at(i);
    }
    slots = bigger;
    head = 0;
  }
}
