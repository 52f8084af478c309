package io.streamstore;

import io.streamstore.spi.InvalidOptionException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed store URL: {@code streamstore:<backend>:<location>[?key=value&...]}.
 *
 * <p>Examples: {@code streamstore:memory:}, {@code streamstore:file:/var/lib/app/store?doSync=false},
 * {@code streamstore:jdbc:postgresql://db/app?user=app&maxPoolSize=8}. The query is split off at the
 * first {@code ?}; its keys and values are percent-decoded. A backend that forwards part of the query
 * elsewhere (the JDBC backend) can use {@link #rawQuery()}.
 *
 * <p>Credentials never leave through this type: {@link #toString()} and every error message show the
 * URL {@linkplain #redact(String) redacted}. Use {@link #redact(String)} for any other text that may
 * hold a URL (a JDBC URL, a log line, an exception message) before showing it.
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

  /** What a hidden credential is replaced with. */
  public static final String MASK = "***";

  /** {@code //user:password@}: the password of a URL's user information. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@\\s:;]*:)[^/?#@\\s]*@");

  /**
   * {@code key=value} after {@code ? & ;}, a blank or the start: the options of URLs of any kind. The
   * value ends at {@code & ;}, a blank or the end, and leaves out a {@code : , )} just before one
   * (punctuation of the message around the URL).
   */
  private static final Pattern OPTION = Pattern.compile(
      "(?<=^|[?&;\\s])([A-Za-z0-9_.\\-]+)=((?:(?![:,)]?(?:[&;\\s]|$)).)*)");

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
          "not a store URL: " + (url == null ? null : redact(url)) + " (expected streamstore:<backend>:<location>[?options],"
              + " e.g. streamstore:memory: or streamstore:file:/var/lib/app/store)");
    }
    String rest = url.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      throw new InvalidOptionException(
          "store URL " + redact(url) + " names no backend (expected streamstore:<backend>:...)");
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
            "malformed option '" + redact(pair) + "' in store URL " + redact(url)
                + " (expected key=value)");
      }
      String key = decode(url, pair.substring(0, eq));
      String value = decode(url, pair.substring(eq + 1));
      if (options.put(key, value) != null) {
        throw new InvalidOptionException("option '" + key + "' is given twice in store URL " + redact(url));
      }
    }
    return options;
  }

  private static String decode(String url, String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("bad percent-encoding in store URL " + redact(url), e);
    }
  }

  /** The URL with its credentials hidden, for messages and logs. */
  public String redacted() {
    return redact(url);
  }

  /** The URL {@linkplain #redact(String) redacted}: a URL is never shown with its password. */
  @Override
  public String toString() {
    return redacted();
  }

  /**
   * Whether an option of this name holds a credential: a password ({@code password}, {@code
   * passwd}, {@code pwd}, {@code pass...}), a secret, a token, a credential, or a key ({@code
   * ...key}, e.g. an encryption key), in any letter case.
   */
  public static boolean isSecret(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.startsWith("pass") || n.contains("password") || n.contains("passwd")
        || n.endsWith("pwd") || n.contains("secret") || n.contains("token")
        || n.contains("credential") || n.endsWith("key");
  }

  /**
   * Hides the credentials in a text that may contain URLs of any kind (store URLs, JDBC URLs, H2's
   * {@code ;KEY=VALUE} settings, whole messages): the password of {@code //user:password@host}, and
   * the value of every option whose name {@linkplain #isSecret(String) holds a credential}. The rest
   * of the text is kept as it is. The one redaction used by the tools and the backends.
   */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    Matcher m = OPTION.matcher(s);
    StringBuilder sb = new StringBuilder(s.length());
    while (m.find()) {
      String replacement = isSecret(m.group(1)) ? m.group(1) + "=" + MASK : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * The credentials written in {@code url}: the password of its user information and the value of
   * every {@linkplain #isSecret(String) secret} option, as written and percent-decoded. A tool that
   * was given the URL masks these wherever they appear ({@link #redact(String, Collection)}), even
   * where a driver quotes them in a message of its own.
   */
  public static Set<String> secrets(String url) {
    Set<String> found = new LinkedHashSet<>();
    if (url == null) {
      return found;
    }
    Matcher user = USER_INFO.matcher(url);
    while (user.find()) {
      String all = user.group();
      addSecret(found, all.substring(user.group(1).length(), all.length() - 1));
    }
    Matcher m = OPTION.matcher(url);
    while (m.find()) {
      if (isSecret(m.group(1))) {
        addSecret(found, m.group(2));
      }
    }
    return found;
  }

  private static void addSecret(Set<String> found, String value) {
    if (value.isEmpty() || value.equals(MASK)) {
      return;
    }
    found.add(value);
    try {
      found.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException notEncoded) {
      // the value as written is enough
    }
  }

  /**
   * {@link #redact(String)}, then every occurrence of one of {@code secrets} (of 4 characters or
   * more, so that short values do not garble the text) is masked as well.
   */
  public static String redact(String text, Collection<String> secrets) {
    String s = redact(text);
    if (s == null) {
      return null;
    }
    for (String secret : secrets) {
      if (secret.length() >= 4) {
        s = s.replace(secret, MASK);
      }
    }
    return s;
  }

  /** Properties as a sorted map for messages, with the value of every secret one hidden. */
  public static Map<String, String> redact(Properties properties) {
    Map<String, String> out = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      out.put(key, isSecret(key) ? MASK : properties.getProperty(key));
    }
    return out;
  }
}
