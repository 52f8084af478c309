package io.streamstore.torture;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a file store over a chosen {@link FileIO} through the backend's public factory {@code
 * FileStore.open(root, options, limits, io)}, the fault-injection seam. Options come as a URL query
 * string, exactly as {@code streamstore:file:} URLs give them.
 */
final class FileStores {

  private static final Method OPEN = find();

  private FileStores() {}

  private static Method find() {
    try {
      Class<?> c = Class.forName("io.streamstore.file.FileStore");
      return c.getMethod("open", Path.class, FileStoreOptions.class, StoreLimits.class, FileIO.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** Whether the file backend with its FileIO factory is on the class path. */
  static boolean available() {
    return OPEN != null;
  }

  /** Opens the store at {@code root}; {@code query} like {@code doSync=true&sliceMaxMsgs=8}. */
  static Store open(Path root, String query, FileIO io) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        m.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    StoreOptions options = StoreOptions.of(m);
    FileStoreOptions fo = FileStoreOptions.from(options);
    StoreLimits limits = LimitOptions.read(options, StoreLimits.DEFAULT);
    try {
      return (Store) OPEN.invoke(null, root, fo, limits, io);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new StoreException("FileStore.open failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
