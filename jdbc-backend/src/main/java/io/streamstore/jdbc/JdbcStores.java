package io.streamstore.jdbc;

import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens a JDBC store on a {@link DataSource} the application already has (its own HikariCP pool, a
 * container-managed pool, or a driver's plain data source), instead of a pool of the backend's own
 * made from a URL. The database (H2, PostgreSQL, MariaDB/MySQL) is recognised from the connection's
 * metadata.
 *
 * <pre>{@code
 * Properties options = new Properties();
 * options.setProperty("batchSize", "500");
 * try (JdbcStore store = JdbcStores.open(appDataSource, options)) { ... }
 * }</pre>
 *
 * <p>The data source stays the application's: closing the store leaves it open. The store takes up to
 * one connection for its background work plus one per concurrent call, so size the pool for it.
 */
public final class JdbcStores {

  private JdbcStores() {}

  /** Opens a store with default options on {@code dataSource}. */
  public static JdbcStore open(DataSource dataSource) {
    return open(dataSource, new Properties(), StoreMetrics.NONE);
  }

  /**
   * Opens a store on {@code dataSource} with the backend's own options ({@code batchSize}, {@code
   * noCaching}, {@code lockLease}, {@code retryDelay}, {@code maxRetryDelay}, {@code tablePrefix},
   * {@code schema} and the limit options); pool options are the application's business and refused.
   */
  public static JdbcStore open(DataSource dataSource, Properties options) {
    return open(dataSource, options, StoreMetrics.NONE);
  }

  /**
   * As {@link #open(DataSource, Properties)}, reporting stores, flushes, recovery and errors to
   * {@code metrics} (the application's pool reports through its own configuration).
   *
   * @throws InvalidOptionException for an unknown or malformed option, or a database the backend
   *     does not support
   * @throws JdbcStoreException if no connection can be had or the schema cannot be created
   */
  public static JdbcStore open(DataSource dataSource, Properties options, StoreMetrics metrics) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(metrics, "metrics");
    String jdbcUrl = databaseUrl(dataSource);
    JdbcStoreOptions parsed = JdbcStoreOptions.forDataSource(jdbcUrl, options);
    return JdbcStore.open(parsed, Database.on(dataSource, parsed.dialect()), metrics);
  }

  private static String databaseUrl(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      String url = c.getMetaData().getURL();
      if (url == null) {
        throw new InvalidOptionException("the DataSource's connections report no JDBC URL, so the"
            + " database cannot be recognised; supported are H2, PostgreSQL and MariaDB/MySQL");
      }
      return url;
    } catch (SQLException e) {
      throw new JdbcStoreException("connecting through the application's DataSource", "JDBC", e,
          false);
    }
  }
}
