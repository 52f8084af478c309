package io.streamstore.jdbc;

import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole conformance suite, with recovery, on MariaDB; skipped with a message unless
 * {@code STREAMSTORE_TEST_MARIADB_URL} is set or Docker is available.
 */
class MariaDbStoreConformanceTest extends StoreConformance {

  private static TestDatabase db;

  private static synchronized TestDatabase database() {
    if (db == null) {
      db = TestDatabase.mariadb();
    }
    return db;
  }

  @AfterAll
  static synchronized void dropDatabase() throws Exception {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  @Override
  protected StoreFactory factory() {
    TestDatabase database = database(); // skips the test here when the server is not configured
    return JdbcLocations.on(() -> database);
  }
}
