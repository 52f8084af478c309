package io.streamstore.spi;

import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * An immutable set of message sequences, kept as one sorted {@code long[]} so that a subscription
 * with a million pending messages costs 8 MB, not a million boxed {@code Long}s.
 */
public final class SequenceSet {

  private static final SequenceSet EMPTY = new SequenceSet(new long[0]);

  private final long[] sorted;

  private SequenceSet(long[] sorted) {
    this.sorted = sorted;
  }

  /** The empty set. */
  public static SequenceSet empty() {
    return EMPTY;
  }

  /** A set of the given sequences, in any order, duplicates ignored. */
  public static SequenceSet of(long... sequences) {
    return fromUnsorted(sequences.clone(), sequences.length);
  }

  /**
   * A set of the first {@code length} values of {@code values}, which this method may reorder and
   * then keeps; the caller must not touch the array afterwards.
   */
  static SequenceSet fromUnsorted(long[] values, int length) {
    if (length == 0) {
      return EMPTY;
    }
    Arrays.sort(values, 0, length);
    int unique = 1;
    for (int i = 1; i < length; i++) {
      if (values[i] != values[unique - 1]) {
        values[unique++] = values[i];
      }
    }
    return new SequenceSet(unique == values.length ? values : Arrays.copyOf(values, unique));
  }

  /** Number of sequences. */
  public int size() {
    return sorted.length;
  }

  /** Whether the set holds no sequence. */
  public boolean isEmpty() {
    return sorted.length == 0;
  }

  /** Whether {@code seq} is in the set (binary search). */
  public boolean contains(long seq) {
    return Arrays.binarySearch(sorted, seq) >= 0;
  }

  /** The smallest sequence; fails on an empty set. */
  public long first() {
    if (sorted.length == 0) {
      throw new java.util.NoSuchElementException("empty sequence set");
    }
    return sorted[0];
  }

  /** The largest sequence; fails on an empty set. */
  public long last() {
    if (sorted.length == 0) {
      throw new java.util.NoSuchElementException("empty sequence set");
    }
    return sorted[sorted.length - 1];
  }

  /** Calls {@code action} for each sequence in increasing order. */
  public void forEach(LongConsumer action) {
    for (long seq : sorted) {
      action.accept(seq);
    }
  }

  /** The sequences in increasing order. */
  public LongStream stream() {
    return Arrays.stream(sorted);
  }

  /** A fresh sorted array of the sequences. */
  public long[] toArray() {
    return sorted.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SequenceSet other && Arrays.equals(sorted, other.sorted);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sorted);
  }

  @Override
  public String toString() {
    if (sorted.length <= 16) {
      return Arrays.toString(sorted);
    }
    return "[" + sorted[0] + ", " + sorted[1] + ", ... " + sorted[sorted.length - 1] + "] ("
        + sorted.length + " sequences)";
  }
}
