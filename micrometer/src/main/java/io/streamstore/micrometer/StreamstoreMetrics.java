package io.streamstore.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamstore.spi.StoreMetrics;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds a store's {@link StoreMetrics} events to a Micrometer {@link MeterRegistry}. Give one to
 * {@code Stores.open(url, properties, metrics)} (or {@code JdbcStores.open}); the store then
 * reports:
 *
 * <ul>
 *   <li>{@value #STORED} and {@value #BYTES} (counters): messages accepted and their serialized
 *       bytes;
 *   <li>{@value #FLUSH} (timer): flushes and their latency, including the wait for a force or
 *       commit;
 *   <li>{@value #FORCE} (timer, file backend): fsyncs, each possibly covering several flushes;
 *   <li>{@value #RECOVERY} (timer): how long {@code recover()} took;
 *   <li>{@value #SLICES} (counter, file backend): slice roll-overs;
 *   <li>{@value #ERRORS} (counter, tags {@code operation} and {@code exception}): failures;
 *   <li>the JDBC backend's own HikariCP pool through HikariCP's Micrometer tracker ({@code
 *       hikaricp.connections...}), when HikariCP is on the class path.
 * </ul>
 *
 * <p>Every meter carries the tags given to {@link #of(MeterRegistry, Iterable)}, so several stores
 * can share a registry. Micrometer is a {@code provided} dependency of this module only: the
 * backends never load it. Thread-safe; per message it increments two counters and allocates
 * nothing.
 */
public final class StreamstoreMetrics implements StoreMetrics {

  /** Counter of stored messages. */
  public static final String STORED = "streamstore.messages.stored";
  /** Counter of the serialized bytes of stored messages. */
  public static final String BYTES = "streamstore.bytes.written";
  /** Timer of flushes. */
  public static final String FLUSH = "streamstore.flush";
  /** Timer of forces (fsync). */
  public static final String FORCE = "streamstore.force";
  /** Timer of recoveries. */
  public static final String RECOVERY = "streamstore.recovery";
  /** Counter of slice roll-overs. */
  public static final String SLICES = "streamstore.slices.rolled";
  /** Counter of errors, tagged by operation and exception class. */
  public static final String ERRORS = "streamstore.errors";

  private static final String HIKARI_TRACKER = "com.zaxxer.hikari.metrics.MetricsTrackerFactory";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter stored;
  private final Counter bytes;
  private final Timer flush;
  private final Timer force;
  private final Timer recovery;
  private final Counter slices;

  private StreamstoreMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.stored = Counter.builder(STORED).tags(tags).description("messages stored")
        .register(registry);
    this.bytes = Counter.builder(BYTES).tags(tags).baseUnit("bytes")
        .description("serialized size of the messages stored (framing and SQL overhead not counted)")
        .register(registry);
    this.flush = Timer.builder(FLUSH).tags(tags)
        .description("message store flushes, including the wait for a force or commit")
        .register(registry);
    this.force = Timer.builder(FORCE).tags(tags)
        .description("forces (fsync) of slice files; one may cover several flushes")
        .register(registry);
    this.recovery = Timer.builder(RECOVERY).tags(tags).description("store recoveries")
        .register(registry);
    this.slices = Counter.builder(SLICES).tags(tags).description("slice roll-overs")
        .register(registry);
  }

  /** Meters in {@code registry} without extra tags. */
  public static StreamstoreMetrics of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /** Meters in {@code registry}, each with {@code tags} (e.g. {@code store=orders}). */
  public static StreamstoreMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
    Objects.requireNonNull(registry, "registry");
    return new StreamstoreMetrics(registry, Tags.of(Objects.requireNonNull(tags, "tags")));
  }

  /** The registry the meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void stored(long size) {
    stored.increment();
    bytes.increment(size);
  }

  @Override
  public void flushed(long nanos) {
    flush.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void forced(long nanos) {
    force.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void recovered(long nanos, int channels) {
    recovery.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void sliceRolled() {
    slices.increment();
  }

  @Override
  public void failed(String operation, Throwable error) {
    Counter.builder(ERRORS)
        .tags(tags)
        .tag("operation", operation)
        .tag("exception", error.getClass().getSimpleName())
        .description("failed store operations")
        .register(registry)
        .increment();
  }

  /**
   * The registry itself for {@code MeterRegistry}, and HikariCP's Micrometer tracker for {@code
   * com.zaxxer.hikari.metrics.MetricsTrackerFactory} (so the JDBC backend's pool reports to the same
   * registry); null for anything else.
   */
  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(registry)) {
      return type.cast(registry);
    }
    if (type.getName().equals(HIKARI_TRACKER)) {
      return type.cast(HikariTracker.create(registry));
    }
    return null;
  }

  /** Loaded only when HikariCP asks, so this module runs without HikariCP on the class path. */
  private static final class HikariTracker {
    static Object create(MeterRegistry registry) {
      return new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry);
    }
  }
}
