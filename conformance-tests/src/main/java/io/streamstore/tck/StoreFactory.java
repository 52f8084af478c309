package io.streamstore.tck;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a backend gives the conformance suite: fresh store locations and the list of what it can do.
 *
 * <p>Most backends are opened by URL and use {@link UrlStoreFactory}:
 *
 * <pre>{@code
 * class FileStoreConformanceTest extends StoreConformance {
 *   @Override
 *   protected StoreFactory factory() {
 *     return new UrlStoreFactory("streamstore:file:{tmp}?doSync=false",
 *         Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations must be usable from any thread; {@link #newLocation()} is called once or more
 * per test.
 */
public interface StoreFactory {

  /**
   * Creates a new, empty location. Two locations never share data.
   *
   * @throws Exception if it cannot be created; the test then fails
   */
  StoreLocation newLocation() throws Exception;

  /** What the backend can do; the tests of a capability not listed are skipped. */
  Set<Capability> capabilities();

  /** A factory from a location supplier and a capability list. */
  static StoreFactory of(Supplier<StoreLocation> locations, Capability... capabilities) {
    Set<Capability> caps =
        capabilities.length == 0 ? EnumSet.noneOf(Capability.class) : EnumSet.of(capabilities[0],
            capabilities);
    Set<Capability> frozen = Set.copyOf(caps);
    return new StoreFactory() {
      @Override
      public StoreLocation newLocation() {
        return locations.get();
      }

      @Override
      public Set<Capability> capabilities() {
        return frozen;
      }
    };
  }
}
