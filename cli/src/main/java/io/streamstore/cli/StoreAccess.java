package io.streamstore.cli;

import io.streamstore.StoreUrl;
import io.streamstore.Stores;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens stores for the commands, read-only or for writing, with checks that turn the usual mistakes
 * (a typo in the URL, a directory that does not exist) into one clear line.
 *
 * <p><b>Read-only</b> means: the backend is asked for it with its {@code readOnly} option when its
 * driver has one (the file backend then takes no lock and writes no byte), and the command calls no
 * method that changes the store. The file backend is never opened for reading without that option.
 * For the memory backend read-only is trivial. The JDBC backend has no such option: it is opened
 * normally, so it creates its tables when they are missing (an embedded H2 database file must
 * already exist: {@code IFEXISTS=TRUE} is added), takes no lock, and is then only read.
 *
 * <p>Unless the URL sets a limit option, stores are opened with {@link StoreLimits#UNLIMITED} so
 * that no tool hides or drops messages because of a default limit.
 */
final class StoreAccess {

  /** The option a driver understands when it can open a store without changing it. */
  static final String READ_ONLY = "readOnly";

  private StoreAccess() {}

  /** An open store and what its recovery returned. */
  record Opened(Store store, StoreUrl url, Optional<RecoveredState> state, boolean readOnly)
      implements AutoCloseable {
    @Override
    public void close() {
      store.close();
    }
  }

  /**
   * Opens {@code url} for reading and recovers it.
   *
   * @throws UserException if the URL names a missing directory or a file backend without read-only
   *     support
   */
  public static Opened openReadOnly(String url) {
    StoreUrl parsed = parse(url);
    requireExistingDirectory(parsed);
    Properties props = new Properties();
    StoreDriver driver = driverFor(parsed);
    boolean readOnly = driver.optionNames().contains(READ_ONLY);
    if (readOnly) {
      props.setProperty(READ_ONLY, "true");
    } else if (isH2File(parsed) && !parsed.rawQuery().toUpperCase(java.util.Locale.ROOT)
        .contains("IFEXISTS")) {
      // reading must not create an empty database where the user mistyped a path
      props.setProperty("IFEXISTS", "TRUE");
    } else if (parsed.isBackend("file")) {
      throw new UserException(
          "the installed file backend cannot open a store read-only (no '" + READ_ONLY
              + "' option), so this command will not touch " + parsed.location());
    }
    return open(parsed, props, readOnly);
  }

  /**
   * Opens {@code url} for writing: takes the exclusive lock where the backend has one, and recovers.
   *
   * @param mustExist whether a file store's directory must already exist (copy's source) or may be
   *     created (copy's target)
   * @throws UserException if the store is locked by someone else or the directory is missing
   */
  public static Opened openForWriting(String url, boolean mustExist) {
    StoreUrl parsed = parse(url);
    if (mustExist) {
      requireExistingDirectory(parsed);
    }
    driverFor(parsed);
    Store store = reach(parsed, new Properties());
    try {
      try {
        if (!store.tryExclusiveLock()) {
          throw new UserException(
              "the store " + parsed.url() + " is in use by another process (its lock is held)");
        }
      } catch (io.streamstore.spi.NotSupportedException noLock) {
        // a backend without a lock (memory) cannot be shared in the first place
      }
      return recover(store, parsed, false);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static Opened open(StoreUrl parsed, Properties props, boolean readOnly) {
    Store store = reach(parsed, props);
    try {
      return recover(store, parsed, readOnly);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Opens the store; a store that cannot be reached (I/O, connection refused) is exit code 2. */
  private static Store reach(StoreUrl parsed, Properties props) {
    try {
      return Stores.open(parsed.url(), props);
    } catch (io.streamstore.spi.StoreIOException e) {
      throw new UserException("cannot open " + parsed.url() + ": " + e.getMessage(),
          ExitCodes.CANNOT_OPEN, e);
    }
  }

  private static Opened recover(Store store, StoreUrl parsed, boolean readOnly) {
    if (!LimitOptions.present(StoreOptions.of(parsed.options()))) {
      store.setLimits(StoreLimits.UNLIMITED);
    }
    return new Opened(store, parsed, store.recover(), readOnly);
  }

  private static boolean isH2File(StoreUrl parsed) {
    return parsed.isBackend("jdbc") && parsed.location().startsWith("h2:")
        && !parsed.location().startsWith("h2:mem:");
  }

  /** Parses a URL, adding the hint users most often need. */
  static StoreUrl parse(String url) {
    if (url != null && !url.startsWith(StoreUrl.PREFIX)) {
      Path asPath = Paths.get(url);
      if (Files.isDirectory(asPath)) {
        throw new UserException(
            "'" + url + "' is a directory, not a store URL; did you mean streamstore:file:"
                + asPath.toAbsolutePath() + " ?");
      }
    }
    return StoreUrl.parse(url);
  }

  /** Whether an installed driver accepts {@code url}. */
  static boolean hasDriver(String url) {
    StoreUrl parsed = parse(url);
    return Stores.drivers().stream().anyMatch(d -> d.acceptsUrl(parsed.url()));
  }

  private static StoreDriver driverFor(StoreUrl parsed) {
    List<StoreDriver> drivers = Stores.drivers();
    return drivers.stream()
        .filter(d -> d.acceptsUrl(parsed.url()))
        .findFirst()
        .orElseThrow(
            () -> new UserException(
                "no installed backend opens " + parsed.url() + "; installed: "
                    + String.join(", ", drivers.stream().map(d -> "streamstore:" + d.backend() + ":")
                        .toList())));
  }

  /** Fails with a clear message unless a file store URL names an existing directory. */
  static void requireExistingDirectory(StoreUrl parsed) {
    if (!parsed.isBackend("file")) {
      return;
    }
    if (parsed.location().isEmpty()) {
      throw new UserException("the store URL " + parsed.url() + " names no directory");
    }
    Path dir = Paths.get(parsed.location());
    if (!Files.exists(dir)) {
      throw new UserException("the directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new UserException(dir + " is not a directory");
    }
  }
}
