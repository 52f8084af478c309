package io.streamstore.jetstream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server's JetStream sync setting from its monitoring endpoint ({@code /varz}), the only
 * place a client can see it. A server that does not fsync each write ({@code sync_interval: always},
 * NATS 2.10 and later) acknowledges writes that are still in the operating system's page cache; by
 * default it fsyncs every 2 minutes, so a power loss of a quorum of nodes within that window loses
 * acknowledged writes. Servers before 2.10 have no such setting and always behave like the default.
 */
final class SyncIntervalCheck {

  private static final Pattern ALWAYS = Pattern.compile("\"sync_always\"\\s*:\\s*true");
  private static final Pattern INTERVAL = Pattern.compile("\"sync_interval\"\\s*:\\s*(\\d+)");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

  private SyncIntervalCheck() {}

  /**
   * The warning for the server whose monitoring endpoint is {@code monitorUrl}, or empty when it
   * fsyncs every write.
   *
   * @throws IOException if the endpoint cannot be read
   */
  static Optional<String> warning(String monitorUrl, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    String base = monitorUrl.endsWith("/") ? monitorUrl.substring(0, monitorUrl.length() - 1)
        : monitorUrl;
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/varz"))
        .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + base + "/varz answered " + r.statusCode());
    }
    return warningFor(r.body(), base);
  }

  /** The warning for a {@code /varz} document, or empty when the server fsyncs every write. */
  static Optional<String> warningFor(String varz, String where) {
    if (ALWAYS.matcher(varz).find()) {
      return Optional.empty();
    }
    Matcher v = VERSION.matcher(varz);
    Matcher i = INTERVAL.matcher(varz);
    String interval = i.find() ? Duration.ofNanos(Long.parseLong(i.group(1))).toString()
        : "the default of 2 minutes";
    return Optional.of("the NATS server at " + where + (v.find() ? " (version " + v.group(1) + ")" : "")
        + " fsyncs JetStream data every " + interval + ", not on every write: a write this store"
        + " acknowledged may be lost if a quorum of servers loses power within that time"
        + " (set jetstream { sync_interval: always } on NATS 2.10 or later to fsync each write)");
  }
}
