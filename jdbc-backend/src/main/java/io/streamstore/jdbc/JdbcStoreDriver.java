package io.streamstore.jdbc;

import io.streamstore.StoreUrl;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import io.streamstore.spi.StoreMetrics;
import java.util.Properties;
import java.util.Set;

/**
 * Opens {@code streamstore:jdbc:<JDBC URL without "jdbc:">[?options]}, for example {@code
 * streamstore:jdbc:h2:file:./data/store}, {@code
 * streamstore:jdbc:postgresql://127.0.0.1:5432/app?user=app&batchSize=500} or {@code
 * streamstore:jdbc:mariadb://127.0.0.1:3306/app?user=app}. Registered for {@link
 * java.util.ServiceLoader}; applications call {@link io.streamstore.Stores#open}.
 */
public final class JdbcStoreDriver implements StoreDriver {

  /** For ServiceLoader. */
  public JdbcStoreDriver() {}

  @Override
  public String backend() {
    return "jdbc";
  }

  @Override
  public String description() {
    return "a relational database through JDBC and HikariCP (H2 embedded, PostgreSQL, MariaDB/MySQL);"
        + " location: a JDBC URL without its jdbc: prefix";
  }

  @Override
  public Set<String> optionNames() {
    return JdbcStoreOptions.NAMES;
  }

  @Override
  public Store open(StoreUrl url, Properties properties) {
    return open(url, properties, StoreMetrics.NONE);
  }

  @Override
  public Store open(StoreUrl url, Properties properties, StoreMetrics metrics) {
    return JdbcStore.open(JdbcStoreOptions.parse(url, properties), metrics);
  }
}
