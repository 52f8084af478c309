package io.streamstore.tck;

import io.streamstore.Stores;
import io.streamstore.spi.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Store locations made from a URL template opened with {@link Stores#open(String, Properties)}.
 *
 * <p>Placeholders, replaced once per location:
 *
 * <ul>
 *   <li>{@code {n}} — a name unique to the location and to this test run: lower-case letters, digits
 *       and {@code _}, starting with a letter (fit for a database, schema or memory-store name), e.g.
 *       {@code streamstore:jdbc:h2:mem:tck_{n}};
 *   <li>{@code {tmp}} — the absolute path of a new empty temporary directory, deleted with its
 *       contents when the location is closed, e.g. {@code streamstore:file:{tmp}/store}.
 * </ul>
 *
 * <p>A template without placeholder gives the same URL to every location; that only suits backends
 * whose stores start empty each time (the memory backend).
 *
 * <p>{@link #fromSystemProperties()} reads the template from {@value #URL_PROPERTY} and the
 * capabilities from {@value #CAPABILITIES_PROPERTY}, for running the suite against any database from a
 * CI matrix.
 */
public final class UrlStoreFactory implements StoreFactory {

  /** System property holding the URL template. */
  public static final String URL_PROPERTY = "streamstore.url";

  /** System property listing capabilities, comma-separated, e.g. {@code PERSISTENT,EXCLUSIVE_LOCK}. */
  public static final String CAPABILITIES_PROPERTY = "streamstore.capabilities";

  private static final String RUN_ID =
      Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
  private static final AtomicLong COUNTER = new AtomicLong();

  private final String template;
  private final Properties properties;
  private final Set<Capability> capabilities;

  /** Locations from {@code template}, opened without extra properties. */
  public UrlStoreFactory(String template, Capability... capabilities) {
    this(template, new Properties(), capabilities);
  }

  /** Locations from {@code template}, each opened with a copy of {@code properties}. */
  public UrlStoreFactory(String template, Properties properties, Capability... capabilities) {
    this.template = Objects.requireNonNull(template, "template");
    this.properties = (Properties) properties.clone();
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    caps.addAll(Arrays.asList(capabilities));
    this.capabilities = Set.copyOf(caps);
  }

  /**
   * The factory described by the system properties {@value #URL_PROPERTY} and {@value
   * #CAPABILITIES_PROPERTY}. When the URL property is not set, the calling test is aborted (reported
   * as skipped, saying which property to set).
   *
   * @throws IllegalArgumentException for an unknown capability name
   */
  public static UrlStoreFactory fromSystemProperties() {
    String url = System.getProperty(URL_PROPERTY, "").trim();
    Assumptions.assumeFalse(
        url.isEmpty(),
        "set -D" + URL_PROPERTY + "=<store URL template> (and optionally -D" + CAPABILITIES_PROPERTY
            + "=PERSISTENT,EXCLUSIVE_LOCK,BACKGROUND_EXPIRY) to run the suite against a URL");
    return new UrlStoreFactory(url, parseCapabilities(System.getProperty(CAPABILITIES_PROPERTY, "")));
  }

  static Capability[] parseCapabilities(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> capability(s))
        .toArray(Capability[]::new);
  }

  private static Capability capability(String name) {
    String normalized = name.toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Capability.valueOf(normalized);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown capability '" + name + "' in -D" + CAPABILITIES_PROPERTY + "; known: "
              + Arrays.toString(Capability.values()),
          e);
    }
  }

  /** The URL template. */
  public String template() {
    return template;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public StoreLocation newLocation() throws IOException {
    String url = template.replace("{n}", "tck_" + RUN_ID + "_" + COUNTER.incrementAndGet());
    Path dir = null;
    if (url.contains("{tmp}")) {
      dir = Files.createTempDirectory("streamstore-tck-");
      url = url.replace("{tmp}", dir.toAbsolutePath().toString());
    }
    return new UrlLocation(url, dir, properties);
  }

  @Override
  public String toString() {
    return template + " " + capabilities;
  }

  /** One URL, and the temporary directory to delete afterwards, if any. */
  private record UrlLocation(String url, Path dir, Properties properties) implements StoreLocation {
    @Override
    public Store open() {
      return Stores.open(url, (Properties) properties.clone());
    }

    @Override
    public void close() throws IOException {
      if (dir != null) {
        deleteTree(dir);
      }
    }

    @Override
    public String toString() {
      return url;
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw new UncheckedIOException(e);
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
