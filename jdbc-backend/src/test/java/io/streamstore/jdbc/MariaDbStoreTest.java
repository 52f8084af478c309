package io.streamstore.jdbc;

/** The JDBC backend's behaviour on MariaDB ({@code STREAMSTORE_TEST_MARIADB_URL}). */
class MariaDbStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase createDatabase() {
    return TestDatabase.mariadb();
  }
}
