package io.streamstore.jdbc;

import java.time.Duration;

/**
 * Delays between retries of background work that failed (message expiry): the first retry after
 * {@code retryDelay}, each further one after twice the previous delay, never more than {@code
 * maxRetryDelay}; a success starts over. Exponential, so a database that is down for minutes is not
 * hammered every second, and capped, so it is noticed soon after it comes back.
 *
 * <p>Not thread-safe; each message store owns one and uses it under its monitor.
 */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private long next;

  Backoff(Duration retryDelay, Duration maxRetryDelay) {
    this.initialNanos = retryDelay.toNanos();
    this.maxNanos = Math.max(initialNanos, maxRetryDelay.toNanos());
    this.next = initialNanos;
  }

  /** The delay before the next retry, and doubles (up to the maximum) the one after it. */
  long nextDelayNanos() {
    long delay = next;
    next = next > maxNanos / 2 ? maxNanos : next * 2;
    return delay;
  }

  /** The work succeeded: the next failure waits {@code retryDelay} again. */
  void reset() {
    next = initialNanos;
  }
}
