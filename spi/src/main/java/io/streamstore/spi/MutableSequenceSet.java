package io.streamstore.spi;

import java.util.Arrays;

/**
 * A growable set of sequences without boxing: open addressing over a {@code long[]}, for pending
 * sets that change on every message sent and acknowledged.
 *
 * <p>Not thread-safe: the owning sub store guards it. {@link #snapshot()} gives an immutable copy.
 */
public final class MutableSequenceSet {

  /** Marks a free slot; sequences are always positive so 0 can never be a member. */
  private static final long FREE = 0L;

  /** Marks a slot whose member was removed, so that probe chains stay intact. */
  private static final long REMOVED = Long.MIN_VALUE;

  private long[] slots = new long[16];
  private int size;
  private int used; // members plus REMOVED markers

  /**
   * Adds {@code seq}; returns whether it was new.
   *
   * @throws InvalidArgumentException if {@code seq} is not positive
   */
  public boolean add(long seq) {
    requirePositive(seq);
    if ((used + 1) * 4 > slots.length * 3) {
      rehash(size * 4 > slots.length ? slots.length * 2 : slots.length);
    }
    int mask = slots.length - 1;
    int i = mix(seq) & mask;
    int firstRemoved = -1;
    while (slots[i] != FREE) {
      if (slots[i] == seq) {
        return false;
      }
      if (slots[i] == REMOVED && firstRemoved < 0) {
        firstRemoved = i;
      }
      i = (i + 1) & mask;
    }
    if (firstRemoved >= 0) {
      slots[firstRemoved] = seq;
    } else {
      slots[i] = seq;
      used++;
    }
    size++;
    return true;
  }

  /** Removes {@code seq}; returns whether it was there. */
  public boolean remove(long seq) {
    int i = find(seq);
    if (i < 0) {
      return false;
    }
    slots[i] = REMOVED;
    size--;
    return true;
  }

  /** Whether {@code seq} is a member. */
  public boolean contains(long seq) {
    return find(seq) >= 0;
  }

  /** Number of members. */
  public int size() {
    return size;
  }

  /** Whether there is no member. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Removes every member. */
  public void clear() {
    Arrays.fill(slots, FREE);
    size = 0;
    used = 0;
  }

  /** An immutable, sorted copy of the members. */
  public SequenceSet snapshot() {
    long[] values = new long[size];
    int n = 0;
    for (long v : slots) {
      if (v != FREE && v != REMOVED) {
        values[n++] = v;
      }
    }
    return SequenceSet.fromUnsorted(values, n);
  }

  private int find(long seq) {
    if (seq <= 0) {
      return -1;
    }
    int mask = slots.length - 1;
    int i = mix(seq) & mask;
    while (slots[i] != FREE) {
      if (slots[i] == seq) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private void rehash(int capacity) {
    long[] old = slots;
    slots = new long[capacity];
    used = 0;
    size = 0;
    for (long v : old) {
      if (v != FREE && v != REMOVED) {
        add(v);
      }
    }
  }

  private static int mix(long seq) {
    long h = seq * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private static void requirePositive(long seq) {
    if (seq <= 0) {
      throw new InvalidArgumentException("sequence must be positive, got " + seq);
    }
  }
}
