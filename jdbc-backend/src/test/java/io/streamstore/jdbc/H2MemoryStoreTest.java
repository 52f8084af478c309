package io.streamstore.jdbc;

/** The JDBC backend's behaviour on an in-memory H2 database. */
class H2MemoryStoreTest extends JdbcStoreBehaviourTest {
  @Override
  TestDatabase createDatabase() {
    return TestDatabase.h2Memory();
  }
}
