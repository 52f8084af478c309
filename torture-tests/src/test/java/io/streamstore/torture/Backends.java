package io.streamstore.torture;

import io.streamstore.Stores;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The backends a test can run against: those whose driver is on the class path, plus PostgreSQL and
 * MariaDB when {@code STREAMSTORE_TEST_POSTGRES_URL} / {@code STREAMSTORE_TEST_MARIADB_URL} are set
 * (a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
final class Backends {

  private static final AtomicInteger H2_COUNTER = new AtomicInteger();

  private Backends() {}

  /**
   * One backend under test.
   *
   * @param name short name for summary lines
   * @param url the store URL, fresh (empty) for this target
   * @param persistent whether a reopened store recovers what was stored
   */
  record Target(String name, String url, boolean persistent) {
    Store open() {
      return Stores.open(url);
    }

    /** The same backend with more options ({@code k=v&k2=v2}, no leading {@code ?}). */
    Target with(String query) {
      return new Target(name, url + (url.contains("?") ? "&" : "?") + query, persistent);
    }
  }

  /** Backend names with an installed driver. */
  static Set<String> installed() {
    return Stores.drivers().stream().map(StoreDriver::backend).collect(Collectors.toSet());
  }

  static boolean has(String backend) {
    return installed().contains(backend);
  }

  static Target memory() {
    return new Target("memory", "streamstore:memory:", false);
  }

  static Target file(Path dir) {
    return file(dir, "");
  }

  /** A file store in {@code dir}; {@code query} is an option string without the {@code ?}. */
  static Target file(Path dir, String query) {
    return new Target(
        "file", "streamstore:file:" + dir.toAbsolutePath() + (query.isEmpty() ? "" : "?" + query), true);
  }

  /** A fresh in-memory H2 database (kept until the JVM exits so close/reopen recovers). */
  static Target h2() {
    return new Target(
        "h2",
        "streamstore:jdbc:h2:mem:torture" + H2_COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
        true);
  }

  /** An H2 database in a file under {@code dir} (embedded, persistent across processes). */
  static Target h2File(Path dir) {
    return new Target("h2file", "streamstore:jdbc:h2:file:" + dir.toAbsolutePath().resolve("db"),
        true);
  }

  /**
   * PostgreSQL ({@code "postgres"}) or MariaDB ({@code "mariadb"}) from its environment variable, with
   * the table prefix {@code prefix}, or empty when the variable is not set.
   */
  static java.util.Optional<Target> server(String name, String prefix) {
    String env = serverEnv(name);
    String url = System.getenv(env);
    if (url == null || url.isBlank()) {
      return java.util.Optional.empty();
    }
    String u = url.startsWith("streamstore:") ? url.substring("streamstore:".length()) : url;
    return java.util.Optional.of(new Target(name,
        "streamstore:" + u + (u.contains("?") ? "&" : "?") + "tablePrefix=" + prefix, true));
  }

  /** The environment variable naming the server of {@code name} (postgres or mariadb). */
  static String serverEnv(String name) {
    return switch (name) {
      case "postgres" -> "STREAMSTORE_TEST_POSTGRES_URL";
      case "mariadb" -> "STREAMSTORE_TEST_MARIADB_URL";
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * Drops the JDBC backend's tables with {@code prefix} from the server of {@code name}, so a test
   * starts from nothing (only this test's own prefix is touched).
   */
  static void dropTables(String name, String prefix) throws java.sql.SQLException {
    String url = System.getenv(serverEnv(name));
    String jdbc = url.startsWith("streamstore:") ? url.substring("streamstore:".length()) : url;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc);
        java.sql.Statement s = c.createStatement()) {
      for (String t : List.of("pending", "subscriptions", "messages", "channels", "clients",
          "server_info", "store_lock", "schema_version")) {
        s.executeUpdate("DROP TABLE IF EXISTS " + prefix + t);
      }
    }
  }

  /**
   * Every available backend, each fresh: memory, file (in {@code dir}), H2, and the env-configured
   * servers (shared: callers wipe them first, see {@code HostileNamesTest.wipe}).
   */
  static List<Target> all(Path dir) {
    List<Target> out = new ArrayList<>();
    Set<String> installed = installed();
    if (installed.contains("memory")) {
      out.add(memory());
    }
    if (installed.contains("file")) {
      out.add(file(dir));
    }
    if (installed.contains("jdbc")) {
      out.add(h2());
      String pg = System.getenv("STREAMSTORE_TEST_POSTGRES_URL");
      if (pg != null && !pg.isBlank()) {
        out.add(new Target("postgres", "streamstore:" + stripJdbc(pg), true));
      }
      String maria = System.getenv("STREAMSTORE_TEST_MARIADB_URL");
      if (maria != null && !maria.isBlank()) {
        out.add(new Target("mariadb", "streamstore:" + stripJdbc(maria), true));
      }
    }
    return out;
  }

  /**
   * {@code jdbc:postgresql://...} stays as is (a URL already starting with streamstore: is unwrapped),
   * plus {@code tablePrefix=torture_} so the torture tests keep to their own tables on a shared server.
   */
  private static String stripJdbc(String url) {
    String u = url.startsWith("streamstore:") ? url.substring("streamstore:".length()) : url;
    return u + (u.contains("?") ? "&" : "?") + "tablePrefix=torture_";
  }
}
