package io.streamstore.jdbc;

/** Server failures on PostgreSQL ({@code STREAMSTORE_TEST_POSTGRES_URL}). */
class PostgresFailureTest extends ServerFailureTest {
  @Override
  TestDatabase createDatabase() {
    return TestDatabase.postgres();
  }
}
