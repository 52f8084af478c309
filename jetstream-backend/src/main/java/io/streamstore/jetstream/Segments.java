package io.streamstore.jetstream;

import java.util.Arrays;

/**
 * The map between a channel's SPI sequences (chosen by the caller, with gaps) and the stream
 * sequences JetStream assigns (1, 2, 3... without gaps). Both grow together, so the map is a list of
 * runs: a run starts at a pair (SPI sequence, stream sequence) and goes on while both grow by one.
 * A channel without gaps has one run; every gap adds one.
 *
 * <p>Not thread-safe; the owning message store guards it.
 */
final class Segments {

  private long[] spi = new long[4];
  private long[] stream = new long[4];
  private int head; // index of the oldest run
  private int size; // index past the newest run

  /** Records that {@code spiSeq} was stored at {@code streamSeq}; both above every earlier pair. */
  void append(long spiSeq, long streamSeq) {
    if (size > head) {
      int last = size - 1;
      if (spiSeq - spi[last] == streamSeq - stream[last]) {
        return; // continues the newest run
      }
    }
    if (size == spi.length) {
      if (head > 0) {
        System.arraycopy(spi, head, spi, 0, size - head);
        System.arraycopy(stream, head, stream, 0, size - head);
        size -= head;
        head = 0;
      }
      if (size == spi.length) {
        spi = Arrays.copyOf(spi, size * 2);
        stream = Arrays.copyOf(stream, size * 2);
      }
    }
    spi[size] = spiSeq;
    stream[size] = streamSeq;
    size++;
  }

  /**
   * The stream sequence of {@code spiSeq}, or -1 when no message of that SPI sequence lies in
   * {@code [firstStream, lastStream]} (a gap, or outside the stored range).
   */
  long streamOf(long spiSeq, long firstStream, long lastStream) {
    int i = floor(spi, spiSeq);
    if (i < 0) {
      return -1;
    }
    long candidate = stream[i] + (spiSeq - spi[i]);
    long end = i + 1 < size ? stream[i + 1] - 1 : lastStream;
    return candidate <= end && candidate >= firstStream && candidate <= lastStream ? candidate : -1;
  }

  /** The SPI sequence stored at {@code streamSeq}, which must lie in a recorded run. */
  long spiOf(long streamSeq) {
    int i = floor(stream, streamSeq);
    if (i < 0) {
      throw new IllegalStateException("stream sequence " + streamSeq + " precedes every run");
    }
    return spi[i] + (streamSeq - stream[i]);
  }

  /** Forgets the runs that end before {@code firstStream}. */
  void dropBefore(long firstStream) {
    while (size - head >= 2 && stream[head + 1] <= firstStream) {
      head++;
    }
  }

  /** Forgets everything. */
  void clear() {
    head = 0;
    size = 0;
  }

  /** Number of runs (for tests and logs). */
  int runs() {
    return size - head;
  }

  /** Index of the last run whose start in {@code keys} is at or below {@code value}, or -1. */
  private int floor(long[] keys, long value) {
    int lo = head;
    int hi = size - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] <= value) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
