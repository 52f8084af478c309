package io.streamstore.torture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one line each torture test prints with its figures, e.g. {@code KILL tier=ci rounds=60 lost=0}.
 * CI collects these lines from the log. Figures keep their insertion order.
 *
 * <p>Not thread-safe: fill it from the test thread.
 */
final class Summary {

  private final String name;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  Summary(String name) {
    this.name = name;
    figures.put("tier", Tier.name());
  }

  /** Sets a figure (replacing an earlier value). */
  Summary put(String key, Object value) {
    figures.put(key, value);
    return this;
  }

  /** The line as printed. */
  String line() {
    StringJoiner j = new StringJoiner(" ");
    j.add(name);
    figures.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }

  /** Prints the line to stdout (and returns it, for assertion messages). */
  String print() {
    String line = line();
    System.out.println(line);
    System.out.flush();
    return line;
  }
}
