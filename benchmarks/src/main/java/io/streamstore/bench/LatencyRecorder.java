package io.streamstore.bench;

import java.util.Arrays;

/**
 * Collects per-operation durations as a growable {@code long[]} and sorts them once at the end. Exact
 * percentiles for the sample counts the workloads use (8 bytes per sample: 8 MB for a million
 * operations), with no dependency and no allocation per sample.
 *
 * <p>Not thread-safe: give each thread its own recorder and {@link #merge} them.
 */
public final class LatencyRecorder {

  private long[] samples;
  private int size;

  /** A recorder sized for about {@code expected} samples (it grows past that). */
  public LatencyRecorder(int expected) {
    this.samples = new long[Math.max(16, expected)];
  }

  /** Records one duration in nanoseconds. */
  public void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, samples.length * 2);
    }
    samples[size++] = nanos;
  }

  /** Adds every sample of {@code other}. */
  public void merge(LatencyRecorder other) {
    for (int i = 0; i < other.size; i++) {
      record(other.samples[i]);
    }
  }

  /** Number of samples. */
  public int count() {
    return size;
  }

  /** The percentiles of the samples so far, or {@code null} when there is none. */
  public Latency summary(String unit) {
    if (size == 0) {
      return null;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    return new Latency(
        size, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[size - 1], unit);
  }

  private static long at(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
