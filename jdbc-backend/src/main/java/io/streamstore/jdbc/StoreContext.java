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
 * @param lock the exclusive lock (fences every write)
 * @param maxMessageSize the largest message accepted (bytes of its encoding), fixed at open
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
    long maxMessageSize,
    Duration retryDelay,
    Duration maxRetryDelay,
    StoreMetrics metrics) {

  /**
   * Runs {@code work} in one transaction that first proves, with a row lock on the lock row, that
   * this store may write (see {@link LeaseLock#fence}); a refused fence rolls everything back.
   */
  <T> T write(String what, Database.Work<T> work) {
    return db.write(what, c -> {
      lock.fence(c);
      return work.run(c);
    });
  }

  /** A fresh backoff for one message store's background retries. */
  Backoff newBackoff() {
    return new Backoff(retryDelay, maxRetryDelay);
  }
}
