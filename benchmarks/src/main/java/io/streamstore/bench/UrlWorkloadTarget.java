package io.streamstore.bench;

import io.streamstore.StoreUrl;
import io.streamstore.Stores;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@link WorkloadTarget} built from a URL template.
 *
 * <ul>
 *   <li>{@code streamstore:file:} with no location, or any URL containing {@value #TEMP_DIR}: every
 *       {@link #fresh} store gets a new directory under one temporary parent, deleted by {@link
 *       #close()};
 *   <li>{@code streamstore:file:<dir>}: every fresh store gets a new sub-directory {@code
 *       <dir>/bench-<run>-<n>}, which is kept (two stores must never share one directory);
 *   <li>any other URL is opened as given every time (memory, JDBC).
 * </ul>
 *
 * <p>The {@link Durability} becomes the backend's {@code doSync} option when its driver knows that
 * option and the URL does not already set it.
 */
public final class UrlWorkloadTarget implements WorkloadTarget {

  /** The placeholder replaced by a fresh temporary directory. */
  public static final String TEMP_DIR = "{tmp}";

  /** The URL used when none is given: a file store in fresh temporary directories. */
  public static final String DEFAULT_TEMPLATE = "streamstore:file:" + TEMP_DIR;

  private static final String SYNC_OPTION = "doSync";

  /** Placeholder for a kept sub-directory of a fixed file store directory. */
  private static final String SUB_DIR = "{sub}";

  private final String template;
  private final boolean usesTempDirs;
  private final boolean usesSubDirs;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);
  private int subDirs; // confined to the suite's thread
  private final boolean persistent;
  private final boolean syncOptionKnown;
  private final List<Path> created = new ArrayList<>(); // confined to the suite's thread
  private Path tempParent; // created on first use

  private UrlWorkloadTarget(String template) {
    this.template = template;
    this.usesTempDirs = template.contains(TEMP_DIR);
    this.usesSubDirs = template.contains(SUB_DIR);
    StoreUrl parsed = StoreUrl.parse(template.replace(TEMP_DIR, "x").replace(SUB_DIR, "x"));
    this.persistent = !parsed.isBackend("memory");
    Optional<StoreDriver> driver =
        Stores.drivers().stream().filter(d -> d.acceptsUrl(parsed.url())).findFirst();
    this.syncOptionKnown =
        driver.isPresent()
            && driver.get().optionNames().contains(SYNC_OPTION)
            && !parsed.options().containsKey(SYNC_OPTION);
  }

  /**
   * A target for {@code url}; {@code null}, blank and {@code streamstore:file:} mean {@link
   * #DEFAULT_TEMPLATE}.
   *
   * @throws InvalidOptionException if the URL is not a store URL
   */
  public static UrlWorkloadTarget of(String url) {
    if (url == null || url.isBlank()) {
      return new UrlWorkloadTarget(DEFAULT_TEMPLATE);
    }
    String trimmed = url.trim();
    String filePrefix = "streamstore:file:";
    if (trimmed.startsWith(filePrefix) && !trimmed.contains(TEMP_DIR)) {
      String rest = trimmed.substring(filePrefix.length());
      int q = rest.indexOf('?');
      String dir = q < 0 ? rest : rest.substring(0, q);
      String query = q < 0 ? "" : rest.substring(q);
      if (dir.isEmpty()) {
        return new UrlWorkloadTarget(filePrefix + TEMP_DIR + query);
      }
      return new UrlWorkloadTarget(filePrefix + dir + "/" + SUB_DIR + query);
    }
    return new UrlWorkloadTarget(trimmed);
  }

  @Override
  public String describe() {
    if (usesTempDirs) {
      return template.replace(TEMP_DIR, "<temp dir>") + " (a fresh directory per store)";
    }
    return usesSubDirs
        ? template.replace(SUB_DIR, "bench-" + runId + "-<n>") + " (kept after the run)"
        : template;
  }

  @Override
  public boolean persistent() {
    return persistent;
  }

  @Override
  public TargetStore fresh(Durability durability) {
    String url = template;
    if (usesTempDirs) {
      url = template.replace(TEMP_DIR, newDirectory().toString());
    } else if (usesSubDirs) {
      url = template.replace(SUB_DIR, "bench-" + runId + "-" + (++subDirs));
    }
    return open(url, durability);
  }

  @Override
  public TargetStore reopen(TargetStore opened) {
    if (!persistent) {
      return opened;
    }
    opened.store().close();
    return open(opened.url(), opened.durability());
  }

  private TargetStore open(String url, Durability durability) {
    Properties props = new Properties();
    if (syncOptionKnown) {
      props.setProperty(SYNC_OPTION, Boolean.toString(durability == Durability.SYNCED));
    }
    Store store = Stores.open(url, props);
    try {
      store.setLimits(StoreLimits.UNLIMITED);
      Optional<RecoveredState> state = store.recover();
      Map<String, Channel> channels = new HashMap<>();
      if (state.isEmpty()) {
        store.init(ServerInfo.newBuilder().setClusterID("streamstore-bench").build());
      } else {
        state.get().channels().forEach((name, rc) -> channels.put(name, rc.channel()));
      }
      return new TargetStore(store, url, durability, channels);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private Path newDirectory() {
    try {
      if (tempParent == null) {
        tempParent = Files.createTempDirectory("streamstore-bench-");
      }
      Path dir = tempParent.resolve("store-" + (created.size() + 1));
      Files.createDirectories(dir);
      created.add(dir);
      return dir;
    } catch (IOException e) {
      throw new StoreIOException("cannot create a temporary directory for the benchmark: " + e, e);
    }
  }

  @Override
  public void close() {
    if (tempParent != null) {
      deleteTree(tempParent);
      tempParent = null;
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete benchmark directory " + root, e);
    }
  }
}
