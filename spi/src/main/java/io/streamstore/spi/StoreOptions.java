package io.streamstore.spi;

import io.streamstore.StoreUrl;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one {@code open} call: the URL query merged with the properties, read through typed
 * getters that name the option in every error. A driver reads what it knows, then calls {@link
 * #rejectUnused(Set)} so that a misspelt option fails loudly instead of being ignored.
 *
 * <p>Not thread-safe; used during {@code open} only.
 */
public final class StoreOptions {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|us|ns|d|h|m|s)");

  private final Map<String, String> values;
  private final Set<String> used = new HashSet<>();

  private StoreOptions(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Merges the URL's options with {@code properties}.
   *
   * @throws InvalidOptionException if an option has different values in the two
   */
  public static StoreOptions of(StoreUrl url, Properties properties) {
    Map<String, String> merged = new LinkedHashMap<>(url.options());
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key);
      String previous = merged.putIfAbsent(key, value);
      if (previous != null && !previous.equals(value)) {
        throw new InvalidOptionException(
            "option '" + key + "' is '" + shown(key, previous) + "' in the URL but '"
                + shown(key, value) + "' in the properties; give it once");
      }
    }
    return new StoreOptions(merged);
  }

  /** Options from a plain map (tests and tools). */
  public static StoreOptions of(Map<String, String> values) {
    return new StoreOptions(new LinkedHashMap<>(values));
  }

  /** Whether the option was given. Does not mark it used. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** All options as given, in order. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** A text option. */
  public String string(String name, String defaultValue) {
    String v = take(name);
    return v == null ? defaultValue : v;
  }

  /** A boolean option: {@code true} or {@code false}, any case. */
  public boolean bool(String name, boolean defaultValue) {
    String v = take(name);
    if (v == null) {
      return defaultValue;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw bad(name, v, "true or false");
  }

  /** A whole-number option. */
  public long integer(String name, long defaultValue) {
    String v = take(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw bad(name, v, "a whole number");
    }
  }

  /** A whole-number option that must fit an {@code int}. */
  public int int32(String name, int defaultValue) {
    long v = integer(name, defaultValue);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw bad(name, Long.toString(v), "a number between " + Integer.MIN_VALUE + " and "
          + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  /**
   * A size in bytes: a plain number, or a number with a unit {@code B, KB, MB, GB, TB} (powers of
   * 1024, as NATS Streaming counts; {@code KiB} etc. are accepted too). A leading {@code -} gives a
   * negative value (per-channel "unlimited").
   */
  public long bytes(String name, long defaultValue) {
    String v = take(name);
    if (v == null) {
      return defaultValue;
    }
    return parseBytes(name, v);
  }

  /**
   * A duration: {@code 0}, Go-style ({@code 500ms}, {@code 30s}, {@code 24h}, {@code 1h30m},
   * {@code 2d}) or ISO-8601 ({@code PT24H}). A leading {@code -} gives a negative value.
   */
  public Duration duration(String name, Duration defaultValue) {
    String v = take(name);
    if (v == null) {
      return defaultValue;
    }
    return parseDuration(name, v);
  }

  /**
   * Fails if an option was given that nobody read.
   *
   * @param known every option name the driver understands, listed in the error
   * @throws InvalidOptionException naming the unknown options and the known ones
   */
  public void rejectUnused(Set<String> known) {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new InvalidOptionException(
          "unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown + "; known options: "
              + new TreeSet<>(known));
    }
  }

  /** Marks an option as read without reading it (for options forwarded elsewhere). */
  public void markUsed(String name) {
    used.add(name);
  }

  /** Parses a byte size as {@link #bytes} does; {@code name} is used in the error message. */
  public static long parseBytes(String name, String text) {
    String v = text.trim();
    boolean negative = v.startsWith("-");
    if (negative) {
      v = v.substring(1);
    }
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      throw bad(name, text, "a size such as 1048576, 512KB, 64MB or 2GB");
    }
    long shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "", "B" -> 0;
          case "K", "KB", "KIB" -> 10;
          case "M", "MB", "MIB" -> 20;
          case "G", "GB", "GIB" -> 30;
          case "T", "TB", "TIB" -> 40;
          default -> throw bad(name, text, "a size with unit B, KB, MB, GB or TB");
        };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw bad(name, text, "a size below 8 EB");
      }
      long bytes = n << shift;
      return negative ? -bytes : bytes;
    } catch (NumberFormatException e) {
      throw bad(name, text, "a size below 8 EB");
    }
  }

  /** Parses a duration as {@link #duration} does; {@code name} is used in the error message. */
  public static Duration parseDuration(String name, String text) {
    String v = text.trim();
    boolean negative = v.startsWith("-");
    if (negative) {
      v = v.substring(1);
    }
    Duration d;
    if (v.equals("0")) {
      d = Duration.ZERO;
    } else if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw bad(name, text, "a duration such as 30s, 24h or PT24H");
      }
    } else {
      Matcher m = DURATION_PART.matcher(v);
      d = Duration.ZERO;
      int end = 0;
      try {
        while (m.find() && m.start() == end) {
          long n = Long.parseLong(m.group(1));
          d = d.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                default -> Duration.ofNanos(n);
              });
          end = m.end();
        }
      } catch (ArithmeticException | NumberFormatException e) {
        throw bad(name, text, "a duration that fits in 292 years");
      }
      if (end == 0 || end != v.length()) {
        throw bad(name, text, "a duration such as 500ms, 30s, 24h, 1h30m or 2d (a unit is required)");
      }
    }
    return negative ? d.negated() : d;
  }

  private String take(String name) {
    used.add(name);
    return values.get(name);
  }

  /** A value as it may appear in a message: hidden when the option holds a credential. */
  private static String shown(String name, String value) {
    return StoreUrl.isSecret(name) ? StoreUrl.MASK : value;
  }

  private static InvalidOptionException bad(String name, String value, String expected) {
    return new InvalidOptionException(
        "option '" + name + "' has invalid value '" + shown(name, value) + "'; expected "
            + expected);
  }
}
