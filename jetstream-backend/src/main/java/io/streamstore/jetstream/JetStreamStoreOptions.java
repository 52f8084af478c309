package io.streamstore.jetstream;

import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of a {@code streamstore:jetstream://host:4222[,host2:4222...][?options]} URL, parsed
 * and checked once so that the store never sees a malformed value.
 *
 * @param servers the NATS server URLs ({@code nats://host:port})
 * @param prefix names this store on the servers: stream names, the state bucket and subjects start
 *     with it; several stores share a server under different prefixes
 * @param subjectPrefix the subject the channel name is appended to ({@code <subjectPrefix>.<channel>});
 *     empty means the channel name itself is the subject
 * @param replicas stream and bucket replicas (1 on a single server, 3 on a 3-node cluster)
 * @param memoryStorage whether streams keep their data in server memory instead of files
 * @param user user name, or null
 * @param password password, or null
 * @param token authentication token, or null
 * @param credsFile path of a NATS credentials file, or null
 * @param tls whether to connect with TLS (the JVM's default trust store)
 * @param connectTimeout how long connecting may take
 * @param requestTimeout how long one JetStream request or publish acknowledgement may take
 * @param lockTtl how long the exclusive-lock lease lasts without renewal
 * @param maxPendingAcks how many publishes may await their acknowledgement per channel
 * @param monitorUrls monitoring endpoints ({@code http://host:8222}) whose sync setting is checked at
 *     open, possibly empty
 */
record JetStreamStoreOptions(
    List<String> servers,
    String prefix,
    String subjectPrefix,
    int replicas,
    boolean memoryStorage,
    String user,
    String password,
    String token,
    String credsFile,
    boolean tls,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration lockTtl,
    int maxPendingAcks,
    List<String> monitorUrls) {

  /** The option names of this backend (besides the limit options). */
  static final Set<String> NAMES =
      Set.of("prefix", "subjectPrefix", "replicas", "storage", "user", "password", "token", "creds",
          "tls", "connectTimeout", "requestTimeout", "lockTtl", "maxPendingAcks", "monitor");

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+");

  /**
   * Reads the location (server list) and the options.
   *
   * @throws InvalidOptionException for a malformed location or value
   */
  static JetStreamStoreOptions read(StoreUrl url, StoreOptions o) {
    String location = url.location();
    if (!location.startsWith("//") || location.length() == 2) {
      throw new InvalidOptionException(
          "store URL " + url + " names no server: expected streamstore:jetstream://host:4222[,host2:4222...]");
    }
    boolean tls = o.bool("tls", false);
    List<String> servers = new ArrayList<>();
    for (String hp : location.substring(2).split(",", -1)) {
      String h = hp.endsWith("/") ? hp.substring(0, hp.length() - 1) : hp;
      if (h.isEmpty() || !HOST_PORT.matcher(h).matches()) {
        throw new InvalidOptionException(
            "store URL " + url + ": '" + hp + "' is not host or host:port");
      }
      servers.add((tls ? "tls://" : "nats://") + (h.contains(":") ? h : h + ":4222"));
    }
    String prefix = o.string("prefix", "streamstore");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new InvalidOptionException(
          "option prefix='" + prefix + "' must be 1 to 32 of A-Z a-z 0-9 _ -");
    }
    String subjectPrefix = o.string("subjectPrefix", prefix);
    if (!subjectPrefix.isEmpty()
        && !subjectPrefix.matches("[^.\\s*>]+(\\.[^.\\s*>]+)*")) {
      throw new InvalidOptionException(
          "option subjectPrefix='" + subjectPrefix + "' is not a literal NATS subject");
    }
    int replicas = o.int32("replicas", 1);
    if (replicas < 1 || replicas > 5) {
      throw new InvalidOptionException("option replicas=" + replicas + " must be 1 to 5");
    }
    String storage = o.string("storage", "file");
    if (!storage.equals("file") && !storage.equals("memory")) {
      throw new InvalidOptionException("option storage='" + storage + "' must be file or memory");
    }
    Duration connect = positive(o, "connectTimeout", Duration.ofSeconds(5));
    Duration request = positive(o, "requestTimeout", Duration.ofSeconds(5));
    Duration ttl = positive(o, "lockTtl", Duration.ofSeconds(10));
    if (ttl.toMillis() < 300) {
      throw new InvalidOptionException("option lockTtl=" + ttl + " must be at least 300ms");
    }
    int maxPending = o.int32("maxPendingAcks", 16_384);
    if (maxPending < 1) {
      throw new InvalidOptionException("option maxPendingAcks=" + maxPending + " must be positive");
    }
    List<String> monitors = new ArrayList<>();
    for (String m : o.string("monitor", "").split(",")) {
      if (m.isBlank()) {
        continue;
      }
      if (!m.startsWith("http://") && !m.startsWith("https://")) {
        throw new InvalidOptionException("option monitor='" + m + "' must be an http:// or https://"
            + " URL of a server's monitoring port");
      }
      monitors.add(m.trim());
    }
    return new JetStreamStoreOptions(
        List.copyOf(servers), prefix, subjectPrefix, replicas, storage.equals("memory"),
        o.string("user", null), o.string("password", null), o.string("token", null),
        o.string("creds", null), tls, connect, request, ttl, maxPending, List.copyOf(monitors));
  }

  private static Duration positive(StoreOptions o, String name, Duration def) {
    Duration d = o.duration(name, def);
    if (d.isZero() || d.isNegative()) {
      throw new InvalidOptionException("option " + name + "=" + d + " must be positive");
    }
    return d;
  }
}
