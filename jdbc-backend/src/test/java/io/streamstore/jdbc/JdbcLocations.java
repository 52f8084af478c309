package io.streamstore.jdbc;

import io.streamstore.Stores;
import io.streamstore.spi.Store;
import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.StoreLocation;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Conformance-suite locations on a server: every location is a fresh table prefix inside the test
 * class's private schema or database, so hundreds of locations cost one schema.
 */
final class JdbcLocations {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private JdbcLocations() {}

  /** A factory whose locations live in the database {@code db} supplies (created on first use). */
  static StoreFactory on(Supplier<TestDatabase> db) {
    return StoreFactory.of(() -> {
      TestDatabase database = db.get();
      String url = database.storeUrl("tablePrefix=c" + COUNTER.incrementAndGet() + "_");
      return (StoreLocation) () -> Stores.open(url);
    }, Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }

  /** A factory giving each location its own in-memory H2 database, shut down afterwards. */
  static StoreFactory h2Memory() {
    return StoreFactory.of(() -> {
      TestDatabase database = TestDatabase.h2Memory();
      return new StoreLocation() {
        @Override
        public Store open() {
          return Stores.open(database.storeUrl(""));
        }

        @Override
        public void close() throws java.sql.SQLException {
          database.close();
        }
      };
    }, Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }
}
