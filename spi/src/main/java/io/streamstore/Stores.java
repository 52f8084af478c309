package io.streamstore;

import io.streamstore.crypto.StoreEncryption;
import io.streamstore.spi.NoSuitableDriverException;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Opens stores by URL, like {@code java.sql.DriverManager}: the drivers on the class path (or module
 * path) are found with {@link ServiceLoader}, and the one that accepts the URL opens the store.
 *
 * <pre>{@code
 * try (Store store = Stores.open("streamstore:file:/var/lib/app/store?doSync=true")) { ... }
 * }</pre>
 *
 * <p>Thread-safe; drivers are looked up on every call, so drivers added to a class loader later are
 * seen.
 */
public final class Stores {

  private Stores() {}

  /** Opens the store at {@code url} with no extra properties. */
  public static Store open(String url) {
    return open(url, new Properties());
  }

  /**
   * Opens the store at {@code url}. Options may be given in the URL query, in {@code properties}, or
   * both; the same option with two different values is an error.
   *
   * @throws io.streamstore.spi.InvalidOptionException for a malformed URL or an unknown or malformed
   *     option (the message lists the options the backend knows)
   * <p>Any backend can be encrypted at rest as NATS Streaming's {@code CryptoStore} does, with
   * {@code encrypt=true} and a key from a property, a file or the environment (see {@link
   * StoreEncryption}); those options are taken out before the backend sees the URL.
   *
   * @throws NoSuitableDriverException when no installed driver, or more than one, accepts the URL
   */
  public static Store open(String url, Properties properties) {
    return open(url, properties, StoreMetrics.NONE);
  }

  /**
   * Opens the store at {@code url} as {@link #open(String, Properties)} does, reporting stores,
   * flushes, forces, recovery and errors to {@code metrics} (backends without metrics ignore it).
   *
   * @throws io.streamstore.spi.InvalidOptionException for a malformed URL or an unknown or malformed
   *     option
   * @throws NoSuitableDriverException when no installed driver, or more than one, accepts the URL
   */
  public static Store open(String url, Properties properties, StoreMetrics metrics) {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(metrics, "metrics");
    return StoreEncryption.open(StoreUrl.parse(url), properties,
        (parsed, props) -> openWithDriver(parsed, props, metrics));
  }

  private static Store openWithDriver(StoreUrl parsed, Properties properties,
      StoreMetrics metrics) {
    String url = parsed.url();
    List<StoreDriver> all = drivers();
    List<StoreDriver> matching = new ArrayList<>();
    for (StoreDriver driver : all) {
      if (driver.acceptsUrl(url)) {
        matching.add(driver);
      }
    }
    if (matching.isEmpty()) {
      throw new NoSuitableDriverException(
          "no suitable driver found for " + StoreUrl.redact(url) + "; installed backends: " + describe(all)
              + (all.isEmpty()
                  ? " (add a backend such as streamstore-memory or streamstore-file to the class path)"
                  : ""));
    }
    if (matching.size() > 1) {
      throw new NoSuitableDriverException(
          "more than one driver accepts " + StoreUrl.redact(url) + ": " + describe(matching)
              + "; remove all but one from the class path");
    }
    return matching.get(0).open(parsed, properties, metrics);
  }

  /** The installed drivers, in class-path order. */
  public static List<StoreDriver> drivers() {
    List<StoreDriver> drivers = new ArrayList<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ServiceLoader<StoreDriver> loader =
        context == null
            ? ServiceLoader.load(StoreDriver.class, Stores.class.getClassLoader())
            : ServiceLoader.load(StoreDriver.class, context);
    for (StoreDriver driver : loader) {
      drivers.add(driver);
    }
    if (drivers.isEmpty() && context != null && context != Stores.class.getClassLoader()) {
      ServiceLoader.load(StoreDriver.class, Stores.class.getClassLoader()).forEach(drivers::add);
    }
    return List.copyOf(drivers);
  }

  private static String describe(List<StoreDriver> drivers) {
    if (drivers.isEmpty()) {
      return "none";
    }
    return drivers.stream()
        .map(d -> PREFIX_HINT + d.backend() + ": (" + d.getClass().getName() + ")")
        .collect(Collectors.joining(", "));
  }

  private static final String PREFIX_HINT = StoreUrl.PREFIX;
}
