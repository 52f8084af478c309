package io.streamstore.jdbc;

import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreDriver;
import java.util.HashSet;
import java.util.Locale;
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

  /**
   * {@code streamstore} (default): this library's own tables; {@code nss}: a database written by
   * NATS Streaming's SQL store, in its schema, read-only ({@link NssSqlStore}).
   */
  public static final String LAYOUT = "layout";

  private static final Set<String> NAMES = union(JdbcStoreOptions.NAMES, Set.of(LAYOUT));

  @Override
  public Set<String> optionNames() {
    return NAMES;
  }

  @Override
  public Store open(StoreUrl url, Properties properties) {
    return open(url, properties, StoreMetrics.NONE);
  }

  @Override
  public Store open(StoreUrl url, Properties properties, StoreMetrics metrics) {
    String inUrl = url.options().get(LAYOUT);
    String inProps = properties.getProperty(LAYOUT);
    if (inUrl != null && inProps != null && !inUrl.equals(inProps)) {
      throw new InvalidOptionException("option '" + LAYOUT + "' is '" + inUrl + "' in the URL but '"
          + inProps + "' in the properties; give it once");
    }
    String layout = inUrl != null ? inUrl : inProps == null ? "streamstore" : inProps;
    Properties rest = (Properties) properties.clone();
    rest.remove(LAYOUT);
    JdbcStoreOptions options = JdbcStoreOptions.parse(url.withoutOptions(Set.of(LAYOUT)), rest);
    return switch (layout.toLowerCase(Locale.ROOT)) {
      case "streamstore" -> JdbcStore.open(options, metrics);
      case "nss" -> NssSqlStore.open(options);
      default -> throw new InvalidOptionException("option '" + LAYOUT + "' has invalid value '"
          + layout + "'; expected streamstore (this library's tables) or nss (a database written"
          + " by NATS Streaming's SQL store, read-only)");
    };
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
