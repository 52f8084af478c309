package io.streamstore.bench;

/**
 * Percentiles of per-operation latency, in nanoseconds.
 *
 * @param samples how many operations were timed
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the slowest operation
 * @param unit what one sample timed, e.g. {@code "append"} or {@code "flush of 100"}
 */
public record Latency(long samples, long p50, long p99, long p999, long max, String unit) {}
