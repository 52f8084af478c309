package io.streamstore.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * A private database for one test class, dropped afterwards: H2 in memory or in a file, a schema of
 * its own on PostgreSQL, or a database of its own on MariaDB/MySQL, so that concurrent runs cannot
 * collide. Server URLs come from {@code STREAMSTORE_TEST_POSTGRES_URL}, {@code
 * STREAMSTORE_TEST_MARIADB_URL} and {@code STREAMSTORE_TEST_MYSQL_URL}; without one, Testcontainers
 * starts a server when a Docker engine is present, and otherwise the tests are skipped with a message
 * saying how to enable them.
 */
abstract class TestDatabase implements AutoCloseable {

  final String kind;
  final String name = "ss_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  TestDatabase(String kind) {
    this.kind = kind;
  }

  /** JDBC URL of the private database or schema. */
  abstract String jdbcUrl();

  /** A plain connection to the private database (not through the store). */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl());
  }

  /** The store URL with {@code options} (e.g. {@code batchSize=10&tablePrefix=a_}). */
  String storeUrl(String options) {
    String location = jdbcUrl().substring("jdbc:".length());
    if (options.isEmpty()) {
      return "streamstore:jdbc:" + location;
    }
    char sep = location.startsWith("h2:") ? '?' : (location.indexOf('?') < 0 ? '?' : '&');
    return "streamstore:jdbc:" + location + sep + options;
  }

  /** Kills the store's server connections; with {@code onlyWaiting}, only those blocked on a lock. */
  int killConnections(boolean onlyWaiting) throws SQLException {
    throw new UnsupportedOperationException(kind + " has no server connections to kill");
  }

  @Override
  public abstract void close() throws SQLException;

  // ---- H2

  static TestDatabase h2Memory() {
    return new TestDatabase("H2 (memory)") {
      @Override
      String jdbcUrl() {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
      }

      @Override
      public void close() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        }
      }
    };
  }

  static TestDatabase h2File(Path dir) {
    return new TestDatabase("H2 (file)") {
      @Override
      String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
      }

      @Override
      public void close() {}
    };
  }

  // ---- PostgreSQL

  static TestDatabase postgres() {
    String base = serverUrl("STREAMSTORE_TEST_POSTGRES_URL", "PostgreSQL",
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", Containers::postgres);
    return new TestDatabase("PostgreSQL") {
      {
        admin(base, "CREATE SCHEMA " + name);
      }

      @Override
      String jdbcUrl() {
        return base + (base.indexOf('?') < 0 ? '?' : '&') + "currentSchema=" + name
            + "&ApplicationName=" + name;
      }

      @Override
      int killConnections(boolean onlyWaiting) throws SQLException {
        String sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE"
            + " application_name = ? AND pid <> pg_backend_pid()"
            + (onlyWaiting ? " AND wait_event_type = 'Lock'" : "");
        try (Connection c = DriverManager.getConnection(base);
            PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, name);
          int n = 0;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              n++;
            }
          }
          return n;
        }
      }

      @Override
      public void close() throws SQLException {
        killConnections(false);
        admin(base, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
      }
    };
  }

  // ---- MariaDB / MySQL

  static TestDatabase mariadb() {
    return mysqlFamily("MariaDB", "STREAMSTORE_TEST_MARIADB_URL",
        "jdbc:mariadb://127.0.0.1:3306/test?user=root", Containers::mariadb);
  }

  static TestDatabase mysql() {
    return mysqlFamily("MySQL", "STREAMSTORE_TEST_MYSQL_URL",
        "jdbc:mysql://127.0.0.1:3306/test?user=root", Containers::mysql);
  }

  private static TestDatabase mysqlFamily(String kind, String env, String example,
      java.util.function.Supplier<String> container) {
    String base = serverUrl(env, kind, example, container);
    return new TestDatabase(kind) {
      {
        admin(base, "CREATE DATABASE " + name);
      }

      @Override
      String jdbcUrl() {
        int hosts = base.indexOf("//") + 2;
        int slash = base.indexOf('/', hosts);
        int q = base.indexOf('?');
        String prefix = slash < 0 ? (q < 0 ? base : base.substring(0, q)) : base.substring(0, slash);
        String query = q < 0 ? "" : base.substring(q);
        return prefix + "/" + name + query;
      }

      @Override
      int killConnections(boolean onlyWaiting) throws SQLException {
        List<Long> ids = new ArrayList<>();
        String sql = "SELECT id FROM information_schema.processlist WHERE db = ? AND id <>"
            + " CONNECTION_ID()" + (onlyWaiting ? " AND info LIKE 'UPDATE%'" : "");
        try (Connection c = DriverManager.getConnection(base)) {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          for (long id : ids) {
            try (Statement s = c.createStatement()) {
              s.execute("KILL " + id);
            } catch (SQLException gone) {
              // ended by itself meanwhile
            }
          }
        }
        return ids.size();
      }

      @Override
      public void close() throws SQLException {
        killConnections(false);
        admin(base, "DROP DATABASE IF EXISTS " + name);
      }
    };
  }

  // ---- helpers

  private static String serverUrl(String env, String kind, String example,
      java.util.function.Supplier<String> container) {
    String url = System.getenv(env);
    if (url != null && !url.isBlank()) {
      return url.trim();
    }
    if (dockerAvailable()) {
      return container.get();
    }
    Assumptions.abort(kind + " tests skipped: set " + env + " to a JDBC URL such as " + example
        + " (a scratch schema/database is created and dropped per test class), or make a Docker"
        + " engine available so that Testcontainers can start " + kind);
    throw new AssertionError("unreachable");
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static void admin(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return kind.toLowerCase(Locale.ROOT) + " " + name;
  }

  /** Containers started at most once per JVM, used only without an external URL. */
  private static final class Containers {
    private static JdbcDatabaseContainer<?> pg;
    private static JdbcDatabaseContainer<?> maria;
    private static JdbcDatabaseContainer<?> my;

    static synchronized String postgres() {
      if (pg == null) {
        pg = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine");
        pg.start();
      }
      return withCredentials(pg);
    }

    static synchronized String mariadb() {
      if (maria == null) {
        maria = new org.testcontainers.mariadb.MariaDBContainer("mariadb:10.11")
            .withUsername("root").withPassword("");
        maria.start();
      }
      return withCredentials(maria);
    }

    static synchronized String mysql() {
      if (my == null) {
        my = new org.testcontainers.mysql.MySQLContainer("mysql:8.4")
            .withUsername("root").withPassword("");
        my.start();
      }
      return withCredentials(my);
    }

    private static String withCredentials(JdbcDatabaseContainer<?> c) {
      String url = c.getJdbcUrl();
      return url + (url.indexOf('?') < 0 ? '?' : '&') + "user=" + c.getUsername()
          + (c.getPassword().isEmpty() ? "" : "&password=" + c.getPassword());
    }
  }
}
