package io.streamstore.jdbc;

/** The JDBC backend's behaviour on PostgreSQL ({@code STREAMSTORE_TEST_POSTGRES_URL}). */
class PostgresStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase createDatabase() {
    return TestDatabase.postgres();
  }
}
