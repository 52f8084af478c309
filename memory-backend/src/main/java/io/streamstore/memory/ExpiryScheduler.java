package io.streamstore.memory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one background thread of a memory store, shared by all its channels, that removes messages
 * past their {@code maxAge}. The thread is a daemon, started on the first expiry scheduled (stores
 * without an age limit never start it) and stopped by {@link #shutdown()}.
 *
 * <p>Thread-safe: {@link #schedule} and {@link #shutdown} synchronize on this object.
 */
final class ExpiryScheduler {

  private final String threadName;
  private ScheduledThreadPoolExecutor executor; // guarded by this; created lazily
  private boolean shutdown; // guarded by this

  ExpiryScheduler(String storeName) {
    this.threadName = "streamstore-memory-expiry" + (storeName.isEmpty() ? "" : "-" + storeName);
  }

  /**
   * Runs {@code task} after {@code delayNanos} (at once when not positive).
   *
   * @return the handle to cancel it, or null once the scheduler is shut down
   */
  synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    if (shutdown) {
      return null;
    }
    if (executor == null) {
      executor =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
              });
      executor.setRemoveOnCancelPolicy(true);
    }
    return executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** Stops the thread; tasks not yet run are dropped. Idempotent. */
  synchronized void shutdown() {
    shutdown = true;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** Whether the background thread was started and not shut down (for tests). */
  synchronized boolean isRunning() {
    return executor != null && !executor.isShutdown();
  }
}
