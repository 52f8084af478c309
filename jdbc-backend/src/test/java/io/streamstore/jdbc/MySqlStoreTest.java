package io.streamstore.jdbc;

/**
 * The JDBC backend's behaviour through MySQL Connector/J ({@code STREAMSTORE_TEST_MYSQL_URL}, a MySQL
 * server, or a MariaDB server reached with a {@code jdbc:mysql:} URL).
 */
class MySqlStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase createDatabase() {
    return TestDatabase.mysql();
  }
}
