package io.streamstore.jdbc;

import io.streamstore.spi.StoreMetrics;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every channel of one store shares: the database, the statements, the background scheduler,
 * the write settings, and the exclusive lock whose loss stops all writes.
 *
 * @param db the pool
 * @param sql the statements
 * @param scheduler the store's one background thread (expiry, lock refresh)
 * @param batchSize most buffered writes per channel before a flush is forced
 * @param noCaching whether every write goes through at once
 * @param lock the exclusive lock (checked before every write)
 * @param retryDelay first delay before background work that failed is retried
 * @param maxRetryDelay longest delay between such retries
 * @param metrics where stores, flushes and errors are reported
 */
record StoreContext(
    Database db,
    Statements sql,
    ScheduledExecutorService scheduler,
    int batchSize,
    boolean noCaching,
    LeaseLock lock,
    Duration retryDelay,
    Duration maxRetryDelay,
    StoreMetrics metrics) {

  /** A fresh backoff for one message store's background retries. */
  Backoff newBackoff() {
    return new Backoff(retryDelay, maxRetryDelay);
  }
}
