package io.streamstore.jdbc;

import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole conformance suite, with recovery, on Postgres; skipped with a message unless
 * {@code STREAMSTORE_TEST_POSTGRES_URL} is set or Docker is available.
 */
class PostgresStoreConformanceTest extends StoreConformance {

  private static TestDatabase db;

  private static synchronized TestDatabase database() {
    if (db == null) {
      db = TestDatabase.postgres();
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
