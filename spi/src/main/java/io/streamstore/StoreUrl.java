package io.streamstore;

import io.streamstore.spi.InvalidOptionException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed store URL: {@code streamstore:<backend>:<location>[?key=value&...]}.
 *
 * <p>Examples: {@code streamstore:memory:}, {@code streamstore:file:/var/lib/app/store?doSync=false},
 * {@code streamstore:jdbc:postgresql://db/app?user=app&maxPoolSize=8}. The query is split off at the
 * first {@code ?}; its keys and values are percent-decoded. A backend that forwards part of the query
 * elsewhere (the JDBC backend) can use {@link #rawQuery()}.
 *
 * @param url the URL as given
 * @param backend the backend name, e.g. {@code memory}
 * @param location what follows {@code <backend>:} up to the query; may be empty
 * @param rawQuery the query without the {@code ?}, not decoded; empty when there is none
 * @param options the decoded query options in the order given
 */
public record StoreUrl(
    String url, String backend, String location, String rawQuery, Map<String, String> options) {

  /** The prefix of every store URL. */
  public static final String PREFIX = "streamstore:";

  /** Keeps the value immutable. */
  public StoreUrl {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(rawQuery, "rawQuery");
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Parses a URL.
   *
   * @throws InvalidOptionException if it does not start with {@code streamstore:<backend>:}, or its
   *     query repeats a key or is malformed
   */
  public static StoreUrl parse(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new InvalidOptionException(
          "not a store URL: " + url + " (expected streamstore:<backend>:<location>[?options],"
              + " e.g. streamstore:memory: or streamstore:file:/var/lib/app/store)");
    }
    String rest = url.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      throw new InvalidOptionException(
          "store URL " + url + " names no backend (expected streamstore:<backend>:...)");
    }
    String backend = rest.substring(0, colon);
    String afterBackend = rest.substring(colon + 1);
    int q = afterBackend.indexOf('?');
    String location = q < 0 ? afterBackend : afterBackend.substring(0, q);
    String rawQuery = q < 0 ? "" : afterBackend.substring(q + 1);
    return new StoreUrl(url, backend, location, rawQuery, parseQuery(url, rawQuery));
  }

  /** Whether the URL names {@code backend}. */
  public boolean isBackend(String name) {
    return backend.equals(name);
  }

  /**
   * This URL without the query options named in {@code names} (for a layer that reads its own
   * options and hands the rest on); the other options keep their order and encoding.
   */
  public StoreUrl withoutOptions(java.util.Set<String> names) {
    if (rawQuery.isEmpty()) {
      return this;
    }
    java.util.List<String> kept = new java.util.ArrayList<>();
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = decode(url, eq < 0 ? pair : pair.substring(0, eq));
      if (!pair.isEmpty() && !names.contains(key)) {
        kept.add(pair);
      }
    }
    String base = url.substring(0, url.length() - rawQuery.length() - 1);
    return parse(kept.isEmpty() ? base : base + "?" + String.join("&", kept));
  }

  private static Map<String, String> parseQuery(String url, String rawQuery) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return options;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new InvalidOptionException(
            "malformed option '" + pair + "' in store URL " + url + " (expected key=value)");
      }
      String key = decode(url, pair.substring(0, eq));
      String value = decode(url, pair.substring(eq + 1));
      if (options.put(key, value) != null) {
        throw new InvalidOptionException("option '" + key + "' is given twice in store URL " + url);
      }
    }
    return options;
  }

  private static String decode(String url, String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("bad percent-encoding '" + s + "' in store URL " + url, e);
    }
  }

  @Override
  public String toString() {
    return url;
  }
}
