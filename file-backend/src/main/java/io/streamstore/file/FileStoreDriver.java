package io.streamstore.file;

import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreMetrics;
import io.streamstore.spi.StoreOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code file} backend: {@code streamstore:file:<directory>[?option=value&...]}, where the
 * directory is a path (relative paths resolve against the working directory) and the options are
 * those of {@link FileStoreOptions} plus the limit options of {@link LimitOptions}. An unknown or
 * malformed option is refused by name. Found by {@link java.util.ServiceLoader}; stateless and
 * thread-safe.
 */
public final class FileStoreDriver implements StoreDriver {

  private static final Set<String> OPTIONS;

  static {
    Set<String> all = new HashSet<>(FileStoreOptions.NAMES);
    all.addAll(LimitOptions.NAMES);
    OPTIONS = Set.copyOf(all);
  }

  /** Needed by {@link java.util.ServiceLoader}. */
  public FileStoreDriver() {}

  @Override
  public String backend() {
    return "file";
  }

  @Override
  public String description() {
    return "NATS Streaming compatible files in a directory: streamstore:file:/path/to/dir[?options]";
  }

  @Override
  public Set<String> optionNames() {
    return OPTIONS;
  }

  @Override
  public Store open(StoreUrl url, Properties properties) {
    return open(url, properties, StoreMetrics.NONE);
  }

  @Override
  public Store open(StoreUrl url, Properties properties, StoreMetrics metrics) {
    String location = url.location();
    if (location.isBlank()) {
      throw new InvalidOptionException(
          "store URL " + url + " names no directory (expected streamstore:file:/path/to/dir)");
    }
    Path root;
    try {
      root = Path.of(location);
    } catch (InvalidPathException e) {
      throw new InvalidOptionException("store URL " + url + ": bad directory: " + e.getMessage(), e);
    }
    StoreOptions options = StoreOptions.of(url, properties);
    FileStoreOptions fileOptions = FileStoreOptions.from(options);
    StoreLimits limits = LimitOptions.read(options, StoreLimits.DEFAULT);
    options.rejectUnused(OPTIONS);
    return FileStore.open(root, fileOptions, limits, metrics);
  }
}
