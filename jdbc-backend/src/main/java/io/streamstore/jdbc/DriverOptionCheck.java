package io.streamstore.jdbc;

import io.streamstore.spi.InvalidOptionException;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses an option that is neither ours nor a property the JDBC driver declares, so that a typo
 * ({@code maxMsg=100}, {@code maxPoolSise=2}) fails at open instead of being ignored by the driver.
 * The driver's names come from {@link Driver#getPropertyInfo}; the error suggests the nearest known
 * name. A driver that declares no property at all (H2, which refuses unknown settings itself) is not
 * checked. MariaDB Connector/J matches property names ignoring letter case, so that check does too;
 * PostgreSQL's and MySQL's names must be exact.
 */
final class DriverOptionCheck {

  private DriverOptionCheck() {}

  /**
   * Checks {@code foreign} (the options that are not ours) against the driver of {@code jdbcUrl}.
   *
   * @param ours our option names, for the suggestion
   * @throws InvalidOptionException naming the first unknown option and the nearest known name
   */
  static void check(String jdbcUrl, Collection<String> foreign, Set<String> ours) {
    if (foreign.isEmpty()) {
      return;
    }
    Driver driver;
    DriverPropertyInfo[] declared;
    try {
      driver = DriverManager.getDriver(jdbcUrl);
      declared = driver.getPropertyInfo(jdbcUrl, new Properties());
    } catch (SQLException | RuntimeException noDriver) {
      return; // the pool reports a missing driver when it connects
    }
    if (declared == null || declared.length == 0) {
      return;
    }
    boolean ignoreCase = driver.getClass().getName().startsWith("org.mariadb.");
    Set<String> names = new TreeSet<>(ignoreCase ? String.CASE_INSENSITIVE_ORDER : null);
    for (DriverPropertyInfo p : declared) {
      names.add(p.name);
    }
    for (String option : foreign) {
      if (!names.contains(option)) {
        throw unknown(option, driver, names, ours);
      }
    }
  }

  private static InvalidOptionException unknown(
      String option, Driver driver, Set<String> driverNames, Set<String> ours) {
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (Collection<String> candidates : java.util.List.of(ours, driverNames)) {
      for (String name : candidates) {
        int d = distance(option.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
        if (d < best) {
          best = d;
          nearest = name;
        }
      }
    }
    boolean close = nearest != null && best <= Math.max(2, option.length() / 3);
    return new InvalidOptionException("option '" + option + "' is not known: it is neither a"
        + " streamstore option nor a property of the JDBC driver (" + driver.getClass().getName()
        + ")" + (close ? "; did you mean '" + nearest + "'?" : "")
        + " (streamstore's options: " + new TreeSet<>(ours) + ")");
  }

  /** The Levenshtein distance: edits that turn {@code a} into {@code b}. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
            previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
