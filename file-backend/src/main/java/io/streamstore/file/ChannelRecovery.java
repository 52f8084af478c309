package io.streamstore.file;

import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recovers the channels found on disk, {@code parallelRecovery} at a time (one by one by default,
 * which suits spinning disks; more for SSDs). If any channel fails, every channel already recovered
 * is closed again and the first failure is thrown, so a failed recovery leaves no open file and no
 * background task behind.
 *
 * <p>Used once per recovery from the store's lock; the worker threads live only as long as {@link
 * #run()}.
 */
final class ChannelRecovery {

  private final FileStore store;
  private final List<String> names;

  ChannelRecovery(FileStore store, List<String> names) {
    this.store = store;
    this.names = names;
  }

  /** Recovers every channel, or none. */
  Map<String, RecoveredChannel> run() {
    int parallel = Math.min(store.storeOptions().parallelRecovery(), names.size());
    return parallel <= 1 ? sequential() : parallel(parallel);
  }

  private Map<String, RecoveredChannel> sequential() {
    Map<String, RecoveredChannel> done = new LinkedHashMap<>();
    try {
      for (String name : names) {
        done.put(name, store.recoverChannel(name));
      }
      return done;
    } catch (RuntimeException e) {
      done.values().forEach(store::abandon);
      throw e;
    }
  }

  private Map<String, RecoveredChannel> parallel(int threads) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "streamstore-file-recovery");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<RecoveredChannel>> futures = new ArrayList<>(names.size());
      for (String name : names) {
        futures.add(pool.submit(() -> store.recoverChannel(name)));
      }
      Map<String, RecoveredChannel> done = new LinkedHashMap<>();
      RuntimeException first = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          done.put(names.get(i), futures.get(i).get());
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new StoreException("recovering channel \"" + names.get(i) + "\" failed", e.getCause());
          first = first == null ? cause : first;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          first = first == null ? new StoreException("recovery interrupted", e) : first;
        }
      }
      if (first != null) {
        done.values().forEach(store::abandon);
        throw first;
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }
}
