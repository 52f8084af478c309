package io.streamstore.tck;

/**
 * Something a backend may or may not do. The suite runs the tests of a capability only when the
 * backend's {@link StoreFactory#capabilities()} declares it; the other tests of that kind are reported
 * as skipped with the missing capability named, never passed silently. A backend that does not
 * declare {@link #EXCLUSIVE_LOCK} is checked to refuse the lock with {@code NotSupportedException}.
 */
public enum Capability {
  /** What was written and flushed before {@code close()} is there again after reopening. */
  PERSISTENT,
  /** {@code tryExclusiveLock()} works: one store of a location holds it, another one is refused. */
  EXCLUSIVE_LOCK,
  /**
   * Messages past {@code maxAge} disappear by themselves, without any store call, within a few
   * seconds of expiring (a background task).
   */
  BACKGROUND_EXPIRY
}
