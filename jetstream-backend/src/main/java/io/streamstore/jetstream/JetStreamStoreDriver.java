package io.streamstore.jetstream;

import io.streamstore.StoreUrl;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreOptions;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Opens JetStream stores: {@code streamstore:jetstream://host:4222[,host2:4222...][?options]}, with
 * the options of {@link JetStreamStoreOptions} and the limit options of {@link LimitOptions}.
 * Credentials ({@code user}, {@code password}, {@code token}, {@code creds}) are best passed as
 * properties rather than in the URL.
 *
 * <p>Registered in {@code META-INF/services/io.streamstore.spi.StoreDriver}. Stateless and
 * thread-safe.
 */
public final class JetStreamStoreDriver implements StoreDriver {

  /** The backend name in URLs. */
  public static final String BACKEND = "jetstream";

  private static final Set<String> ALL_NAMES;

  static {
    Set<String> all = new HashSet<>(JetStreamStoreOptions.NAMES);
    all.addAll(LimitOptions.NAMES);
    ALL_NAMES = Set.copyOf(all);
  }

  /** A driver; found by {@link java.util.ServiceLoader}, so it needs a public no-arg constructor. */
  public JetStreamStoreDriver() {}

  @Override
  public String backend() {
    return BACKEND;
  }

  @Override
  public String description() {
    return "channels as NATS JetStream streams; location = //host:port[,host:port...]";
  }

  @Override
  public Set<String> optionNames() {
    return ALL_NAMES;
  }

  @Override
  public Store open(StoreUrl url, Properties properties) {
    StoreOptions options = StoreOptions.of(url, properties);
    JetStreamStoreOptions js = JetStreamStoreOptions.read(url, options);
    StoreLimits limits = LimitOptions.read(options, StoreLimits.DEFAULT);
    options.rejectUnused(ALL_NAMES);
    return JetStreamStore.open(js, limits);
  }
}
