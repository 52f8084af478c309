package io.streamstore.jdbc;

import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.LimitOptions;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The validated settings of one JDBC store, built from a URL such as {@code
 * streamstore:jdbc:postgresql://db/app?user=app&batchSize=500} and optional properties.
 *
 * <p>Options of ours are taken out of the URL query and the properties; everything else is the JDBC
 * driver's and is passed through untouched: query options stay in the JDBC URL (for H2 they are
 * written as {@code ;KEY=VALUE}), properties become driver properties. An option that differs from
 * one of ours only by case is refused, since it is almost certainly a typo; so is an option that the
 * JDBC driver does not declare either ({@link DriverOptionCheck}).
 *
 * @param jdbcUrl the JDBC URL handed to HikariCP (ours removed)
 * @param driverProperties properties handed to the JDBC driver
 * @param maxPoolSize most pooled connections (default {@value #DEFAULT_MAX_POOL_SIZE})
 * @param noCaching write every store/addSeqPending/ackSeqPending through at once (default false)
 * @param batchSize most buffered writes per channel before a flush is forced (default {@value
 *     #DEFAULT_BATCH_SIZE})
 * @param lockLease how long the exclusive lock survives its owner's silence (default 10 s)
 * @param connectionTimeout how long to wait for a pooled connection (default 10 s)
 * @param retryDelay how long failed background work (message expiry) waits before its first retry
 *     (default 1 s); each further retry waits twice as long as the one before
 * @param maxRetryDelay the longest wait between such retries (default 30 s)
 * @param tablePrefix prefix of every table name (default {@code ss_})
 * @param schema schema (database on MariaDB/MySQL) holding the tables, created if missing; empty
 *     (the default) for the connection's own
 * @param limits the store limits (defaults overridden by the limit options)
 * @param readOnly open for inspection only: no table is created (a database without the store's
 *     tables is refused with {@link io.streamstore.spi.NotFoundException}), no lock is taken,
 *     every change is refused with {@link io.streamstore.spi.NotSupportedException}, and limits
 *     hide messages in memory without deleting them (default false)
 * @param maxMessageSize the largest message accepted, in bytes of its encoding; 0 (the default) for
 *     the database's default (H2 16 MiB; PostgreSQL 64 MiB; MariaDB/MySQL 64 MiB or less, as the
 *     server's {@code max_allowed_packet} allows); see {@link JdbcStore#maxMessageSize()}
 */
public record JdbcStoreOptions(
    String jdbcUrl,
    Map<String, String> driverProperties,
    int maxPoolSize,
    boolean noCaching,
    int batchSize,
    Duration lockLease,
    Duration connectionTimeout,
    Duration retryDelay,
    Duration maxRetryDelay,
    String tablePrefix,
    String schema,
    StoreLimits limits,
    boolean readOnly,
    long maxMessageSize) {

  /** Default of {@code maxPoolSize}. */
  public static final int DEFAULT_MAX_POOL_SIZE = 4;

  /** Default of {@code batchSize}. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  /** Default of {@code lockLease}. */
  public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(10);

  /** Default of {@code connectionTimeout}. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  /** Default of {@code retryDelay}. */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

  /** Default of {@code maxRetryDelay}. */
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(30);

  /** The options this backend reads itself (besides {@link LimitOptions#NAMES}). */
  public static final Set<String> OWN_NAMES =
      Set.of("maxPoolSize", "noCaching", "batchSize", "lockLease", "connectionTimeout",
          "retryDelay", "maxRetryDelay", "tablePrefix", "schema", "readOnly",
          MessageSizeLimit.OPTION);

  /** Every option name of ours. */
  public static final Set<String> NAMES = union(OWN_NAMES, LimitOptions.NAMES);

  /** Validates and copies. */
  public JdbcStoreOptions {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    driverProperties = Map.copyOf(driverProperties);
    Objects.requireNonNull(lockLease, "lockLease");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
    Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
    Objects.requireNonNull(limits, "limits");
    if (maxPoolSize < 1 || maxPoolSize > 1000) {
      throw bad("maxPoolSize", maxPoolSize, "a number from 1 to 1000");
    }
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw bad("batchSize", batchSize, "a number from 1 to 1000000");
    }
    if (lockLease.toMillis() < 100) {
      throw bad("lockLease", lockLease, "at least 100ms");
    }
    if (connectionTimeout.toMillis() < 250) {
      throw bad("connectionTimeout", connectionTimeout, "at least 250ms");
    }
    if (retryDelay.toMillis() < 10) {
      throw bad("retryDelay", retryDelay, "at least 10ms");
    }
    if (maxRetryDelay.compareTo(retryDelay) < 0) {
      throw bad("maxRetryDelay", maxRetryDelay, "at least retryDelay (" + retryDelay + ")");
    }
    Objects.requireNonNull(schema, "schema");
    new Tables(schema, tablePrefix); // validates
    if (maxMessageSize < 0) {
      throw bad(MessageSizeLimit.OPTION, maxMessageSize, "a positive size such as 8MB");
    }
  }

  /**
   * Reads a store URL and properties.
   *
   * @throws InvalidOptionException for a bad value, an option given twice with different values,
   *     an option that looks like a misspelt one of ours, an option neither ours nor the JDBC
   *     driver's, or a URL naming an unsupported database
   */
  public static JdbcStoreOptions parse(StoreUrl url, Properties properties) {
    StoreOptions options = StoreOptions.of(url, properties);
    java.util.List<String> foreign = new java.util.ArrayList<>();
    for (String key : options.asMap().keySet()) {
      if (!NAMES.contains(key)) {
        foreign.add(key);
        for (String ours : NAMES) {
          if (ours.equalsIgnoreCase(key)) {
            throw new InvalidOptionException(
                "option '" + key + "' is not known; did you mean '" + ours + "'? (options that are"
                    + " not streamstore's go to the JDBC driver, so the spelling must be exact)");
          }
        }
        options.markUsed(key);
      }
    }
    String location = url.location();
    if (location.isEmpty()) {
      throw new InvalidOptionException(
          "store URL " + url.redacted() + " names no database; expected e.g."
              + " streamstore:jdbc:h2:file:./data/store or"
              + " streamstore:jdbc:postgresql://127.0.0.1:5432/app?user=app");
    }
    String jdbcUrl = "jdbc:" + location;
    Dialect dialect = Dialect.forJdbcUrl(jdbcUrl);
    DriverOptionCheck.check(jdbcUrl, foreign, NAMES);
    jdbcUrl = appendPassThrough(jdbcUrl, url.rawQuery(), dialect);

    Map<String, String> driverProps = new java.util.LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!NAMES.contains(key)) {
        driverProps.put(key, properties.getProperty(key));
      }
    }
    StoreLimits limits = LimitOptions.read(options, StoreLimits.DEFAULT);
    JdbcStoreOptions result =
        new JdbcStoreOptions(
            jdbcUrl,
            driverProps,
            options.int32("maxPoolSize", DEFAULT_MAX_POOL_SIZE),
            options.bool("noCaching", false),
            options.int32("batchSize", DEFAULT_BATCH_SIZE),
            options.duration("lockLease", DEFAULT_LOCK_LEASE),
            options.duration("connectionTimeout", DEFAULT_CONNECTION_TIMEOUT),
            options.duration("retryDelay", DEFAULT_RETRY_DELAY),
            options.duration("maxRetryDelay", DEFAULT_MAX_RETRY_DELAY),
            options.string("tablePrefix", Tables.DEFAULT_PREFIX),
            options.string("schema", ""),
            limits,
            options.bool("readOnly", false),
            options.bytes(MessageSizeLimit.OPTION, 0));
    options.rejectUnused(NAMES);
    return result;
  }

  /**
   * Reads the options of a store opened on an application's data source ({@link JdbcStores}): ours
   * only, since the pool and the driver are configured by the application. The pool options {@code
   * maxPoolSize} and {@code connectionTimeout} are refused, as is any other name.
   *
   * @param jdbcUrl the database's JDBC URL (from the connection's metadata), for the dialect and for
   *     messages
   * @param properties option names and values
   * @throws InvalidOptionException for an unknown, inapplicable or malformed option
   */
  static JdbcStoreOptions forDataSource(String jdbcUrl, Properties properties) {
    Map<String, String> given = new java.util.LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      given.put(key, properties.getProperty(key));
    }
    for (String poolOption : POOL_NAMES) {
      if (given.containsKey(poolOption)) {
        throw new InvalidOptionException("option '" + poolOption + "' does not apply to a store"
            + " opened on an application's DataSource; configure the pool itself");
      }
    }
    StoreOptions options = StoreOptions.of(given);
    StoreLimits limits = LimitOptions.read(options, StoreLimits.DEFAULT);
    JdbcStoreOptions result =
        new JdbcStoreOptions(
            jdbcUrl,
            Map.of(),
            DEFAULT_MAX_POOL_SIZE,
            options.bool("noCaching", false),
            options.int32("batchSize", DEFAULT_BATCH_SIZE),
            options.duration("lockLease", DEFAULT_LOCK_LEASE),
            DEFAULT_CONNECTION_TIMEOUT,
            options.duration("retryDelay", DEFAULT_RETRY_DELAY),
            options.duration("maxRetryDelay", DEFAULT_MAX_RETRY_DELAY),
            options.string("tablePrefix", Tables.DEFAULT_PREFIX),
            options.string("schema", ""),
            limits,
            options.bool("readOnly", false),
            options.bytes(MessageSizeLimit.OPTION, 0));
    Set<String> known = new java.util.TreeSet<>(NAMES);
    known.removeAll(POOL_NAMES);
    options.rejectUnused(known);
    return result;
  }

  /** Options of the pool the backend creates, meaningless on an application's data source. */
  private static final Set<String> POOL_NAMES = Set.of("maxPoolSize", "connectionTimeout");

  /** The SQL dialect of {@link #jdbcUrl()}. */
  Dialect dialect() {
    return Dialect.forJdbcUrl(jdbcUrl);
  }

  /** A copy with other limits. */
  public JdbcStoreOptions withLimits(StoreLimits newLimits) {
    return new JdbcStoreOptions(jdbcUrl, driverProperties, maxPoolSize, noCaching, batchSize,
        lockLease, connectionTimeout, retryDelay, maxRetryDelay, tablePrefix, schema, newLimits,
        readOnly, maxMessageSize);
  }

  private static String appendPassThrough(String jdbcUrl, String rawQuery, Dialect dialect) {
    if (rawQuery.isEmpty()) {
      return jdbcUrl;
    }
    StringBuilder sb = new StringBuilder(jdbcUrl);
    boolean first = dialect.firstOptionSeparator() == '?' ? jdbcUrl.indexOf('?') < 0 : true;
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = java.net.URLDecoder.decode(
          eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
      if (NAMES.contains(key)) {
        continue;
      }
      sb.append(first ? dialect.firstOptionSeparator() : dialect.optionSeparator()).append(pair);
      first = false;
    }
    return sb.toString();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static InvalidOptionException bad(String name, Object value, String expected) {
    return new InvalidOptionException(
        "option '" + name + "' has invalid value '" + value + "'; expected " + expected);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "JdbcStoreOptions[url=%s, maxPoolSize=%d, noCaching=%s, batchSize=%d, lockLease=%s,"
            + " connectionTimeout=%s, retryDelay=%s, maxRetryDelay=%s, tablePrefix=%s, schema=%s,"
            + " readOnly=%s, maxMessageSize=%d]",
        Database.redact(jdbcUrl), maxPoolSize, noCaching, batchSize, lockLease, connectionTimeout,
        retryDelay, maxRetryDelay, tablePrefix, schema, readOnly, maxMessageSize);
  }
}
