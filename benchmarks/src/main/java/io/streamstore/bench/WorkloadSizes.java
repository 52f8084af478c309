package io.streamstore.bench;

import java.time.Duration;

/**
 * The counts and durations of the standard workloads at a scale factor: 1.0 is the standard size
 * (W1 1,000,000 messages, timed runs 5 s), 0.01 a smoke test for CI.
 *
 * @param scale the factor the sizes were derived from
 * @param w1Messages W1 messages (128 bytes)
 * @param w2Messages W2 messages (1 KiB)
 * @param timedRun length of W3, W3b and W3g
 * @param lookups W5 lookups
 * @param pending W6 pending sequences (added, then acked)
 */
public record WorkloadSizes(
    double scale, int w1Messages, int w2Messages, Duration timedRun, int lookups, int pending) {

  /** Size of a W1 message. */
  public static final int SMALL_MESSAGE = 128;
  /** Size of a W2 and W3 message. */
  public static final int LARGE_MESSAGE = 1024;
  /** Messages between flushes in W3b. */
  public static final int BATCH = 100;
  /** Threads in W3g. */
  public static final int GROUP_COMMIT_THREADS = 8;

  /**
   * The sizes at {@code scale}.
   *
   * @throws IllegalArgumentException unless {@code 0 < scale <= 100}
   */
  public static WorkloadSizes at(double scale) {
    if (!(scale > 0 && scale <= 100)) {
      throw new IllegalArgumentException("scale must be above 0 and at most 100, not " + scale);
    }
    return new WorkloadSizes(
        scale,
        count(1_000_000, scale),
        count(200_000, scale),
        Duration.ofMillis(Math.max(50, Math.round(5_000 * scale))),
        count(100_000, scale),
        count(1_000_000, scale));
  }

  private static int count(int standard, double scale) {
    return (int) Math.max(1, Math.round(standard * scale));
  }
}
