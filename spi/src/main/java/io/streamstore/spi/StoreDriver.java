package io.streamstore.spi;

import io.streamstore.StoreUrl;
import java.util.Properties;
import java.util.Set;

/**
 * A backend's entry point, found by {@link java.util.ServiceLoader}: list the implementation class in
 * {@code META-INF/services/io.streamstore.spi.StoreDriver} (and {@code provides} it in a module-info).
 * Applications never call drivers directly; they call {@link io.streamstore.Stores#open}.
 *
 * <p>Implementations must be thread-safe and cheap to construct (no I/O in the constructor).
 */
public interface StoreDriver {

  /** The backend name used in URLs: {@code streamstore:<backend>:...}. */
  String backend();

  /** One line for users: what this backend is and what its location means. */
  String description();

  /**
   * The option names this driver understands (URL query keys and property names), for error
   * messages and tools.
   */
  Set<String> optionNames();

  /** Whether this driver opens {@code url}; by default when the URL names {@link #backend()}. */
  default boolean acceptsUrl(String url) {
    return url != null && url.startsWith(StoreUrl.PREFIX + backend() + ":");
  }

  /**
   * Opens the store. Options come from the URL query and from {@code properties}; an option the
   * driver does not know must be refused with {@link InvalidOptionException} (see {@link
   * StoreOptions#rejectUnused(Set)}).
   *
   * @throws InvalidOptionException for a bad location or option
   * @throws StoreIOException if the store cannot be reached
   */
  Store open(StoreUrl url, Properties properties);

  /**
   * Opens the store reporting what it does to {@code metrics}. Backends that report metrics
   * override this; the default opens the store without them.
   *
   * @throws InvalidOptionException for a bad location or option
   * @throws StoreIOException if the store cannot be reached
   */
  default Store open(StoreUrl url, Properties properties, StoreMetrics metrics) {
    return open(url, properties);
  }
}
