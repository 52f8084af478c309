package io.streamstore.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC backend's behaviour on an H2 database file. */
class H2FileStoreTest extends JdbcStoreBehaviourTest {
  @TempDir static Path dir;

  @Override
  TestDatabase createDatabase() {
    return TestDatabase.h2File(dir);
  }
}
