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
 * <p><b>Read-only</b> means: the backend is asked for it with its {@code readOnly} option (the file
 * backend then takes no lock and writes no byte; the JDBC backend creates no table, takes no lock
 * and opens H2 in its read-only mode), and the command calls no method that changes the store. A
 * file or JDBC backend without that option is not opened for reading at all; another backend
 * without it (memory, where read-only is trivial) is opened normally and only read. Where there is no store (an empty database, a missing H2 file) the command fails with
 * "no store here" and creates nothing.
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
   * @throws UserException if the URL names a missing directory, or no store ("no store here": an
   *     empty database, a missing H2 file; nothing is created), or a file or JDBC backend without
   *     read-only support
   */
  public static Opened openReadOnly(String url) {
    StoreUrl parsed = parse(url);
    requireExistingDirectory(parsed);
    requireExistingH2File(parsed);
    Properties props = new Properties();
    StoreDriver driver = driverFor(parsed);
    boolean readOnly = driver.optionNames().contains(READ_ONLY);
    if (readOnly) {
      props.setProperty(READ_ONLY, "true");
    } else if (parsed.isBackend("file") || parsed.isBackend("jdbc")) {
      throw new UserException(
          "the installed " + parsed.backend() + " backend cannot open a store read-only (no '"
              + READ_ONLY + "' option), so this command will not touch " + parsed.redacted());
    }
    try {
      return open(parsed, props, readOnly);
    } catch (io.streamstore.spi.NotFoundException e) {
      // the backend found no store and, read-only, created none
      throw new UserException(e.getMessage(), ExitCodes.CANNOT_OPEN, e);
    }
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
    Properties props = new Properties();
    if (isH2(parsed) && !parsed.location().toUpperCase(java.util.Locale.ROOT)
        .contains("DB_CLOSE_ON_EXIT") && !parsed.options().containsKey("DB_CLOSE_ON_EXIT")) {
      // H2 closes itself at JVM exit; the tool closes the store first (releasing its lock)
      props.setProperty("DB_CLOSE_ON_EXIT", "FALSE");
    }
    Store store = reach(parsed, props);
    try {
      try {
        if (!store.tryExclusiveLock()) {
          throw new UserException(
              "the store " + parsed.redacted() + " is in use by another process (its lock is"
                  + " held)" + whenFree(store));
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

  /** When a lock held by a process that was killed becomes free, for the "in use" message. */
  private static String whenFree(Store store) {
    if (store instanceof io.streamstore.jdbc.JdbcStore jdbc) {
      java.time.Duration lease = jdbc.options().lockLease();
      String shown = lease.toMillis() % 1000 == 0 ? lease.toSeconds() + " s" : lease.toMillis() + " ms";
      return "; if its owner was killed, the lock expires at most " + shown + " (option lockLease)"
          + " after the owner's last renewal: try again then";
    }
    if ("FILE".equals(store.type())) {
      return "; the operating system frees it when the owning process ends (is a server running?)";
    }
    return "";
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
      throw new UserException("cannot open " + parsed.redacted() + ": " + e.getMessage(),
          ExitCodes.CANNOT_OPEN, e);
    }
  }

  private static Opened recover(Store store, StoreUrl parsed, boolean readOnly) {
    if (!LimitOptions.present(StoreOptions.of(parsed.options()))) {
      store.setLimits(StoreLimits.UNLIMITED);
    }
    return new Opened(store, parsed, store.recover(), readOnly);
  }

  private static boolean isH2(StoreUrl parsed) {
    return parsed.isBackend("jdbc") && parsed.location().startsWith("h2:");
  }

  /**
   * Fails with "no store here" unless an embedded H2 URL names an existing database file (H2 would
   * otherwise create one, or fail with its own longer message).
   */
  static void requireExistingH2File(StoreUrl parsed) {
    String location = parsed.location();
    if (!parsed.isBackend("jdbc") || !location.startsWith("h2:") || location.startsWith("h2:mem:")
        || location.startsWith("h2:tcp:") || location.startsWith("h2:ssl:")) {
      return;
    }
    String path = location.substring("h2:".length());
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    int settings = path.indexOf(';');
    if (settings >= 0) {
      path = path.substring(0, settings);
    }
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    Path file = Paths.get(path + ".mv.db");
    if (!Files.isRegularFile(file)) {
      throw new UserException("no store here: there is no H2 database file " + file
          + " (read-only, so none was created)");
    }
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
                "no installed backend opens " + parsed.redacted() + "; installed: "
                    + String.join(", ", drivers.stream().map(d -> "streamstore:" + d.backend() + ":")
                        .toList())));
  }

  /** Fails with a clear message unless a file store URL names an existing directory. */
  static void requireExistingDirectory(StoreUrl parsed) {
    if (!parsed.isBackend("file")) {
      return;
    }
    if (parsed.location().isEmpty()) {
      throw new UserException("the store URL " + parsed.redacted() + " names no directory");
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
