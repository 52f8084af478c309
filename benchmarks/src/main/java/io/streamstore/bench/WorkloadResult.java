package io.streamstore.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one workload measured.
 *
 * @param id the workload id, e.g. {@code W1}
 * @param title what it does, one line
 * @param ops operations done (messages, lookups, pending changes)
 * @param seconds wall-clock time of the measured part
 * @param bytes payload bytes written or read; 0 when bytes make no sense
 * @param latency per-operation percentiles, or {@code null} when not measured per operation
 * @param extras further figures, e.g. {@code heapAfterGcBytes}, in insertion order
 * @param note a remark for the reader, e.g. why a workload measured nothing; empty when none
 */
public record WorkloadResult(
    String id,
    String title,
    long ops,
    double seconds,
    long bytes,
    Latency latency,
    Map<String, Long> extras,
    String note) {

  /** Copies the extras so the value stays immutable. */
  public WorkloadResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(note, "note");
    extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
  }

  /** Operations per second. */
  public double opsPerSecond() {
    return seconds > 0 ? ops / seconds : 0;
  }

  /** Payload megabytes (10^6 bytes) per second; 0 when {@link #bytes()} is 0. */
  public double megabytesPerSecond() {
    return seconds > 0 ? bytes / seconds / 1e6 : 0;
  }
}
