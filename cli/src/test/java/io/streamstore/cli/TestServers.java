package io.streamstore.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PostgreSQL and MariaDB servers of the build ({@code STREAMSTORE_TEST_POSTGRES_URL}, {@code
 * STREAMSTORE_TEST_MARIADB_URL}, plain JDBC URLs as {@code .ci/run} exports them); a test that needs
 * one is skipped with the variable's name when it is not set. Tests keep apart with a table prefix
 * of their own, dropped afterwards.
 */
final class TestServers {

  private TestServers() {}

  /** The JDBC URL of {@code kind} ({@code postgres} or {@code mariadb}); skips when unset. */
  static String jdbcUrl(String kind) {
    String variable = "STREAMSTORE_TEST_" + kind.toUpperCase(Locale.ROOT) + "_URL";
    String url = System.getenv(variable);
    assumeTrue(url != null && !url.isBlank(), "set " + variable + " to run this test on " + kind);
    return url;
  }

  /** {@code streamstore:<jdbc url>} with {@code options} appended to its query. */
  static String storeUrl(String jdbcUrl, String options) {
    return "streamstore:" + jdbcUrl + (jdbcUrl.indexOf('?') < 0 ? '?' : '&') + options;
  }

  /** A fresh table prefix. */
  static String prefix(String tag) {
    return tag + Long.toString(System.nanoTime(), 36) + "_";
  }

  /** The tables whose name starts with {@code prefix}. */
  static List<String> tables(String jdbcUrl, String prefix) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%",
            new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (name.startsWith(prefix.toLowerCase(Locale.ROOT))) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** Drops the tables whose name starts with {@code prefix}. */
  static void drop(String jdbcUrl, String prefix) throws Exception {
    List<String> names = tables(jdbcUrl, prefix);
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
      for (String t : names) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
    }
  }
}
