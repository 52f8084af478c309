package io.streamstore.spi;

/**
 * Receives what a store does, for metrics: a backend calls these methods as events happen, and an
 * adapter (such as {@code io.streamstore.micrometer.StreamstoreMetrics}) turns them into meters.
 * Keeping this interface in the SPI lets the backends report without depending on any metrics
 * library; {@link #NONE} is what a store gets when nobody listens.
 *
 * <p>Implementations must be thread-safe and cheap: {@link #stored} is called on the append path,
 * once per message, from the thread that stores it. Backends pass only primitives and constant
 * strings, so a call allocates nothing. Every method has a no-op default; an exception thrown by an
 * implementation propagates to the caller of the store operation, so do not throw.
 */
public interface StoreMetrics {

  /** Listens to nothing. */
  StoreMetrics NONE = new StoreMetrics() {};

  /**
   * A message was accepted by {@link MsgStore#store}.
   *
   * @param bytes its serialized size (framing and SQL overhead not counted)
   */
  default void stored(long bytes) {}

  /**
   * A {@link MsgStore#flush()} returned.
   *
   * @param nanos how long it took, including the wait for a force or a commit
   */
  default void flushed(long nanos) {}

  /**
   * The backend forced a file to stable storage (fsync), possibly on behalf of several flushes.
   *
   * @param nanos how long the force took
   */
  default void forced(long nanos) {}

  /**
   * {@link Store#recover()} returned.
   *
   * @param nanos how long it took
   * @param channels how many channels it recovered
   */
  default void recovered(long nanos, int channels) {}

  /** The file backend closed a full slice and started a new one. */
  default void sliceRolled() {}

  /**
   * An operation failed with an error the store reported to its caller (or logged, for background
   * work).
   *
   * @param operation a constant such as {@code "store"}, {@code "flush"}, {@code "force"}, {@code
   *     "recover"} or {@code "background"}
   * @param error what was thrown
   */
  default void failed(String operation, Throwable error) {}

  /**
   * An object of {@code type} this listener can hand to a backend, or null. The JDBC backend asks
   * for {@code com.zaxxer.hikari.metrics.MetricsTrackerFactory} so that its connection pool reports
   * through the same registry; a listener that has none returns null (the default).
   *
   * @param type the class asked for
   * @param <T> its type
   * @return an instance of {@code type}, or null
   */
  default <T> T unwrap(Class<T> type) {
    return null;
  }
}
