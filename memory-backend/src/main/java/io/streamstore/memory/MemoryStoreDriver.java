package io.streamstore.memory;

import io.streamstore.StoreUrl;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreOptions;
import java.util.Properties;
import java.util.Set;

/**
 * Opens memory stores: {@code streamstore:memory:} or {@code streamstore:memory:<name>}, with the limit
 * options of {@link LimitOptions} ({@code ?maxMsgs=1000&maxAge=1h}) and {@value
 * MessageSizeLimit#OPTION} (default 64 MiB, at most 1 GiB). The name only labels the store
 * (logs, thread names); every {@code open} returns a new, empty store, and nothing survives {@code
 * close()}.
 *
 * <p>Registered in {@code META-INF/services/io.streamstore.spi.StoreDriver}. Stateless and
 * thread-safe.
 */
public final class MemoryStoreDriver implements StoreDriver {

  /** The backend name in URLs. */
  public static final String BACKEND = "memory";

  /** A driver; found by {@link java.util.ServiceLoader}, so it needs a public no-arg constructor. */
  public MemoryStoreDriver() {}

  @Override
  public String backend() {
    return BACKEND;
  }

  @Override
  public String description() {
    return "everything in memory, lost on close; location = an optional name for logs";
  }

  @Override
  public Set<String> optionNames() {
    return NAMES;
  }

  /** The options: the limit options and {@value MessageSizeLimit#OPTION}. */
  private static final Set<String> NAMES = union(LimitOptions.NAMES, MessageSizeLimit.OPTION);

  private static Set<String> union(Set<String> a, String b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.add(b);
    return Set.copyOf(all);
  }

  @Override
  public Store open(StoreUrl url, Properties properties) {
    StoreOptions options = StoreOptions.of(url, properties);
    StoreLimits limits = LimitOptions.read(options, StoreLimits.DEFAULT);
    long maxMessageSize = MessageSizeLimit.read(options, MessageSizeLimit.DEFAULT,
        MemoryStore.MAX_MESSAGE_SIZE_CEILING, "the memory backend's bound");
    options.rejectUnused(NAMES);
    return new MemoryStore(url.location(), limits, maxMessageSize);
  }
}
