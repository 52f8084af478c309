package io.streamstore.jdbc;

import io.streamstore.spi.InvalidOptionException;
import java.util.regex.Pattern;

/**
 * The names of the store's tables, all sharing one prefix (option {@code tablePrefix}, default
 * {@value #DEFAULT_PREFIX}) and optionally placed in a schema (option {@code schema}; a database on
 * MariaDB/MySQL). Table names cannot be bound as parameters, so both are checked against a strict
 * pattern before they are ever placed into SQL; channel names and client ids are never placed into
 * SQL at all.
 *
 * @param schema the validated schema, or empty for the connection's default
 * @param prefix the validated prefix
 */
record Tables(String schema, String prefix) {

  /** The prefix used unless the {@code tablePrefix} option says otherwise. */
  static final String DEFAULT_PREFIX = "ss_";

  private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,29}");
  private static final Pattern VALID_SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Checks the names. */
  Tables {
    if (!schema.isEmpty() && !VALID_SCHEMA.matcher(schema).matches()) {
      throw new InvalidOptionException(
          "option 'schema' has invalid value '" + schema + "'; expected 1 to 63 lower-case"
              + " letters, digits or '_', not starting with a digit");
    }
    if (!VALID.matcher(prefix).matches()) {
      throw new InvalidOptionException(
          "option 'tablePrefix' has invalid value '" + prefix + "'; expected 1 to 30 lower-case"
              + " letters, digits or '_', not starting with a digit (e.g. ss_ or app1_)");
    }
  }

  String schemaVersion() {
    return qualified("schema_version");
  }

  String serverInfo() {
    return qualified("server_info");
  }

  String clients() {
    return qualified("clients");
  }

  String channels() {
    return qualified("channels");
  }

  String messages() {
    return qualified("messages");
  }

  String subscriptions() {
    return qualified("subscriptions");
  }

  String pending() {
    return qualified("pending");
  }

  String lock() {
    return qualified("store_lock");
  }

  /** The index name for {@code suffix}, qualified with the schema where the dialect wants it. */
  String index(String suffix, Dialect dialect) {
    return dialect.qualifiedIndexNames() ? qualified(suffix) : prefix + suffix;
  }

  private String qualified(String name) {
    return schema.isEmpty() ? prefix + name : schema + "." + prefix + name;
  }
}
