package io.streamstore.jdbc;

import io.streamstore.spi.InvalidOptionException;
import java.util.regex.Pattern;

/**
 * The names of the store's tables, all sharing one prefix (option {@code tablePrefix}, default
 * {@value #DEFAULT_PREFIX}). Table names cannot be bound as parameters, so the prefix is checked
 * against a strict pattern before it is ever placed into SQL; channel names and client ids are never
 * placed into SQL at all.
 *
 * @param prefix the validated prefix
 */
record Tables(String prefix) {

  /** The prefix used unless the {@code tablePrefix} option says otherwise. */
  static final String DEFAULT_PREFIX = "ss_";

  private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

  /** Checks the prefix. */
  Tables {
    if (!VALID.matcher(prefix).matches()) {
      throw new InvalidOptionException(
          "option 'tablePrefix' has invalid value '" + prefix + "'; expected 1 to 30 lower-case"
              + " letters, digits or '_', not starting with a digit (e.g. ss_ or app1_)");
    }
  }

  String schemaVersion() {
    return prefix + "schema_version";
  }

  String serverInfo() {
    return prefix + "server_info";
  }

  String clients() {
    return prefix + "clients";
  }

  String channels() {
    return prefix + "channels";
  }

  String messages() {
    return prefix + "messages";
  }

  String subscriptions() {
    return prefix + "subscriptions";
  }

  String pending() {
    return prefix + "pending";
  }

  String lock() {
    return prefix + "store_lock";
  }
}
