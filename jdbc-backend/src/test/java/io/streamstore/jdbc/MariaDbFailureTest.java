package io.streamstore.jdbc;

/** Server failures on MariaDB ({@code STREAMSTORE_TEST_MARIADB_URL}). */
class MariaDbFailureTest extends ServerFailureTest {
  @Override
  TestDatabase createDatabase() {
    return TestDatabase.mariadb();
  }
}
