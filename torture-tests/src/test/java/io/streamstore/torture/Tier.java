package io.streamstore.torture;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which tier of the torture suite runs: the CI tier (every build, a few minutes in total) or the
 * long tier ({@code mvn -Ptorture verify}, which sets {@code streamstore.torture.long=true}).
 *
 * <p>Seeds: every randomized test takes its seed from {@link #seed(String)}, prints it on its summary
 * line, and can be replayed with {@code -Dtorture.seed=<seed>} (or {@code -Dtorture.seed.<Test>=<seed>}).
 */
final class Tier {

  private Tier() {}

  /** Whether the long tier runs. */
  static boolean isLong() {
    return Boolean.parseBoolean(System.getProperty("streamstore.torture.long", "false"));
  }

  /** {@code ci} in the CI tier, {@code full} in the long tier; {@code -Dtorture.<key>=n} overrides both. */
  static int size(String key, int ci, int full) {
    String override = System.getProperty("torture." + key);
    if (override != null) {
      return Integer.parseInt(override.trim());
    }
    return isLong() ? full : ci;
  }

  /** The tier name for summary lines. */
  static String name() {
    return isLong() ? "long" : "ci";
  }

  /** A seed for {@code test}: the replay property if set, else a fresh random one. */
  static long seed(String test) {
    String specific = System.getProperty("torture.seed." + test);
    String general = System.getProperty("torture.seed");
    String chosen = specific != null ? specific : general;
    if (chosen != null) {
      return Long.parseLong(chosen.trim());
    }
    return ThreadLocalRandom.current().nextLong();
  }
}
