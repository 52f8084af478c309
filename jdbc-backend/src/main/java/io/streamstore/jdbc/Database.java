package io.streamstore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.streamstore.spi.StoreMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The connection pool (HikariCP, or the application's own {@link DataSource}) and the two ways the store talks to the database: a read on an
 * auto-commit connection, and a write inside one transaction that either commits whole or leaves
 * nothing. Every {@link SQLException} leaves here as a {@link JdbcStoreException}.
 *
 * <p>Thread-safe (the pool is).
 */
final class Database implements AutoCloseable {

  /** Work done with a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final Dialect dialect;
  private final DataSource pool;
  private final HikariDataSource owned; // null when the application owns the pool

  private Database(Dialect dialect, DataSource pool, HikariDataSource owned) {
    this.dialect = dialect;
    this.pool = pool;
    this.owned = owned;
  }

  /**
   * Works on an application's data source, which stays the application's: {@link #close()} leaves it
   * open.
   */
  static Database on(DataSource dataSource, Dialect dialect) {
    return new Database(dialect, dataSource, null);
  }

  /**
   * Opens the pool and checks that one connection can be made. When {@code metrics} offers a
   * HikariCP {@link MetricsTrackerFactory}, the pool reports through it.
   *
   * @throws JdbcStoreException if the database cannot be reached
   */
  static Database open(JdbcStoreOptions options, Dialect dialect, StoreMetrics metrics) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(options.jdbcUrl());
    config.setMaximumPoolSize(options.maxPoolSize());
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    config.setConnectionTimeout(options.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(5_000, options.connectionTimeout().toMillis()));
    config.setPoolName("streamstore-" + dialect.name());
    String init = dialect.sessionInitSql(options.lockLease());
    if (init != null) {
      config.setConnectionInitSql(init);
    }
    Properties driverProperties = new Properties();
    Map<String, String> defaults = new java.util.LinkedHashMap<>(dialect.defaultDriverProperties());
    if (options.readOnly()) {
      config.setReadOnly(true);
      defaults.putAll(dialect.readOnlyDriverProperties());
    }
    for (Map.Entry<String, String> e : defaults.entrySet()) {
      if (!options.jdbcUrl().toUpperCase(java.util.Locale.ROOT)
          .contains(e.getKey().toUpperCase(java.util.Locale.ROOT) + "=")) {
        driverProperties.setProperty(e.getKey(), e.getValue());
      }
    }
    driverProperties.putAll(options.driverProperties());
    config.setDataSourceProperties(driverProperties);
    MetricsTrackerFactory tracker = metrics.unwrap(MetricsTrackerFactory.class);
    if (tracker != null) {
      config.setMetricsTrackerFactory(tracker);
    }
    try {
      HikariDataSource hikari = new HikariDataSource(config);
      return new Database(dialect, hikari, hikari);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause();
      SQLException sql =
          cause instanceof SQLException s ? s : new SQLException(String.valueOf(cause), "08001", e);
      throw new JdbcStoreException(
          "opening " + redact(options.jdbcUrl()), dialect.name(), sql, false);
    } catch (RuntimeException e) {
      throw new JdbcStoreException(
          "opening " + redact(options.jdbcUrl()), dialect.name(),
          new SQLException(e.getMessage(), "08001", e), false);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} on an auto-commit connection. */
  <T> T read(String what, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true); // an application's pool may hand out connections in a transaction
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e, false);
    }
  }

  /**
   * Runs {@code work} in one transaction and commits it. On any failure the transaction is rolled
   * back (when the connection still allows it) and the failure is thrown; a failure during COMMIT is
   * flagged as in doubt.
   */
  <T> T write(String what, Work<T> work) {
    Connection c;
    try {
      c = pool.getConnection();
    } catch (SQLException e) {
      throw failure(what, e, false);
    }
    try (c) {
      c.setAutoCommit(false);
      T result;
      try {
        result = work.run(c);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
      try {
        c.commit();
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        throw failure(what, e, true);
      }
      c.setAutoCommit(true);
      String after = dialect.afterCommit();
      if (after != null) {
        try (java.sql.Statement s = c.createStatement()) {
          s.execute(after); // committed but maybe not yet written out: in doubt if this fails
        } catch (SQLException e) {
          throw failure(what, e, true);
        }
      }
      return result;
    } catch (SQLException e) {
      throw failure(what, e, false);
    }
  }

  /** Translates a driver exception. */
  JdbcStoreException failure(String what, SQLException e, boolean inDoubt) {
    return new JdbcStoreException(what, dialect.name(), e, inDoubt, dialect.isTooLarge(e));
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }

  /** Hides the credentials of a JDBC URL for messages and logs (the SPI's one redaction). */
  static String redact(String jdbcUrl) {
    return io.streamstore.StoreUrl.redact(jdbcUrl);
  }
}
