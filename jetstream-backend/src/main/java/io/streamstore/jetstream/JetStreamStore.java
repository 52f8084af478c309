package io.streamstore.jetstream;

import com.google.protobuf.InvalidProtocolBufferException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.support.AbstractStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in NATS JetStream: one stream per channel ({@link JsMsgStore}), and one key-value bucket
 * ({@link StateBucket}) for the server info, clients, the channel registry and the subscriptions.
 * Replication is JetStream's: with {@code replicas=3} on a 3-node cluster every stream and the bucket
 * are R3, and an acknowledgement means a quorum stored the write.
 *
 * <p>Creating a channel creates its stream (replacing a stream of that name left by a crash before
 * registration), then registers it; deleting a channel unregisters it first, so a channel deleted
 * while the process dies is never recovered, then deletes the stream and the subscription keys.
 *
 * <p>Thread-safe; see {@link AbstractStore}.
 */
public final class JetStreamStore extends AbstractStore {

  private static final Logger LOG = LoggerFactory.getLogger(JetStreamStore.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StoreContext ctx;
  private final Map<String, JsSubStore> subStores = new HashMap<>(); // by channel, under lock
  private final Map<String, JsMsgStore> msgStores = new HashMap<>(); // by channel, under lock

  private final ScheduledExecutorService lockThread;

  private JetStreamStore(StoreContext ctx, StoreLimits limits, ScheduledExecutorService lockThread) {
    super(limits);
    this.ctx = ctx;
    this.lockThread = lockThread;
  }

  /**
   * Connects and opens (creating the state bucket if needed) the store described by {@code options}.
   *
   * @throws StoreIOException if no server can be reached or JetStream is not enabled
   */
  static JetStreamStore open(JetStreamStoreOptions options, StoreLimits limits) {
    Connection nc = connect(options);
    ScheduledExecutorService scheduler = null;
    ScheduledExecutorService lockThread = null;
    try {
      JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(options.requestTimeout()).build();
      JetStreamManagement jsm = nc.jetStreamManagement(jso);
      try {
        jsm.getAccountStatistics();
      } catch (JetStreamApiException | IOException e) {
        throw new StoreIOException("JetStream is not available on " + options.servers()
            + " (start nats-server with -js): " + e, e);
      }
      String bucketName = StreamNames.bucket(options.prefix());
      KeyValueManagement kvm = nc.keyValueManagement(
          KeyValueOptions.builder().jetStreamOptions(jso).build());
      try {
        kvm.getStatus(bucketName);
      } catch (JetStreamApiException e) {
        kvm.create(KeyValueConfiguration.builder()
            .name(bucketName)
            .description("streamstore state of prefix " + options.prefix())
            .maxHistoryPerKey(1)
            .storageType(options.memoryStorage() ? StorageType.Memory : StorageType.File)
            .replicas(options.replicas())
            .build());
      }
      KeyValue kv = nc.keyValue(bucketName, KeyValueOptions.builder().jetStreamOptions(jso).build());
      StateBucket bucket = new StateBucket(kv, nc.jetStream(jso), bucketName, options.requestTimeout());
      ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "streamstore-jetstream-" + options.prefix());
        t.setDaemon(true);
        return t;
      });
      stpe.setRemoveOnCancelPolicy(true);
      scheduler = stpe;
      String owner = HexFormat.of().formatHex(randomBytes(8));
      // its own thread: expiry work on the other one must never delay a renewal
      ScheduledThreadPoolExecutor renewals = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "streamstore-jetstream-lock-" + options.prefix());
        t.setDaemon(true);
        return t;
      });
      renewals.setRemoveOnCancelPolicy(true);
      lockThread = renewals;
      LeaseLock lock = new LeaseLock(kv, owner, options.lockTtl(), renewals);
      StoreContext ctx =
          new StoreContext(nc, nc.jetStream(jso), jsm, bucket, lock, options, scheduler);
      warnAboutSync(options);
      return new JetStreamStore(ctx, limits, renewals);
    } catch (IOException | JetStreamApiException e) {
      if (lockThread != null) {
        lockThread.shutdownNow();
      }
      closeQuietly(nc, scheduler);
      throw new StoreIOException("cannot open the JetStream store " + options.prefix() + " on "
          + options.servers() + ": " + e, e);
    } catch (RuntimeException e) {
      if (lockThread != null) {
        lockThread.shutdownNow();
      }
      closeQuietly(nc, scheduler);
      throw e;
    }
  }

  /** Logs a warning for each monitored server that does not fsync every write. */
  private static void warnAboutSync(JetStreamStoreOptions o) {
    for (String m : o.monitorUrls()) {
      try {
        SyncIntervalCheck.warning(m, o.connectTimeout()).ifPresent(w -> LOG.warn("{}", w));
      } catch (IOException e) {
        LOG.warn("cannot read the sync setting from {}: {}", m, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Connection connect(JetStreamStoreOptions o) {
    Options.Builder b = new Options.Builder()
        .servers(o.servers().toArray(String[]::new))
        .connectionName("streamstore " + o.prefix())
        .connectionTimeout(o.connectTimeout())
        .maxReconnects(-1)
        .reconnectWait(java.time.Duration.ofMillis(250))
        .errorListener(new QuietErrorListener());
    if (o.user() != null) {
      b.userInfo(o.user(), o.password() == null ? "" : o.password());
    }
    if (o.token() != null) {
      b.token(o.token().toCharArray());
    }
    if (o.credsFile() != null) {
      b.authHandler(Nats.credentials(o.credsFile()));
    }
    if (o.tls()) {
      try {
        b.sslContext(SSLContext.getDefault());
      } catch (NoSuchAlgorithmException e) {
        throw new StoreIOException("no default TLS context in this JVM: " + e, e);
      }
    }
    try {
      return Nats.connect(b.build());
    } catch (IOException e) {
      throw new StoreIOException("cannot connect to NATS at " + o.servers() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreIOException("interrupted while connecting to NATS at " + o.servers(), e);
    }
  }

  /** Sends the client library's complaints to the log instead of standard error. */
  private static final class QuietErrorListener implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.debug("NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.debug("NATS exception: {}", exp.toString());
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static void closeQuietly(Connection nc, ScheduledExecutorService scheduler) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    try {
      nc.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String type() {
    return "JETSTREAM";
  }

  @Override
  public boolean tryExclusiveLock() {
    ensureOpen();
    return ctx.lock().tryAcquire();
  }

  /** The connection (for tools such as the consumer export). */
  /**
   * The server's {@code max_payload} less {@value JsMsgStore#HEADER_RESERVE} bytes kept for the
   * headers each message carries; a message whose headers still do not fit (very long subject or
   * reply) is refused by {@code store()} with {@link io.streamstore.spi.InvalidArgumentException}.
   */
  @Override
  public long maxMessageSize() {
    return JsMsgStore.maxMessageSize(ctx.connection().getMaxPayload());
  }

  Connection connection() {
    return ctx.connection();
  }

  /** Stream management on this store's connection (for tools such as the consumer export). */
  JetStreamManagement management() {
    return ctx.jsm();
  }

  /** The message store of an open channel, or null. */
  JsMsgStore messageStore(String channel) {
    synchronized (lock) {
      return msgStores.get(channel);
    }
  }

  /** The stream holding {@code channel} under this store's prefix. */
  public String streamName(String channel) {
    return StreamNames.stream(ctx.options().prefix(), channel);
  }

  @Override
  protected void doInit(ServerInfo info) {
    ctx.lock().checkWritable();
    ctx.bucket().put("info", info.toByteArray());
  }

  @Override
  protected Optional<RecoveredState> doRecover() {
    ctx.lock().checkWritable(); // a standby takes the lock first, then recovers
    Map<String, byte[]> all = ctx.bucket().readAll();
    ServerInfo info = null;
    byte[] rawInfo = all.get("info");
    try {
      if (rawInfo != null) {
        info = ServerInfo.parseFrom(rawInfo);
      }
      List<Client> clients = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        if (e.getKey().startsWith("cl.")) {
          clients.add(new Client(ClientInfo.parseFrom(e.getValue())));
        }
      }
      List<Map.Entry<String, byte[]>> registered = all.entrySet().stream()
          .filter(e -> e.getKey().startsWith("ch.")).toList();
      if (info == null) {
        if (registered.isEmpty() && clients.isEmpty()) {
          return Optional.empty();
        }
        throw new MissingServerInfoException("the JetStream store " + ctx.options().prefix()
            + " holds " + registered.size() + " channels and " + clients.size()
            + " clients but no server info");
      }
      Map<String, RecoveredChannel> channels = new HashMap<>();
      for (Map.Entry<String, byte[]> e : registered) {
        String stream = e.getKey().substring(3);
        ChannelRecord rec = ChannelRecord.decode(e.getKey(), e.getValue());
        ChannelLimits cl = limits().forChannel(rec.name());
        byte[] floor = all.get("floor." + rec.incarnation());
        long floorSeq = floor == null ? 0 : Long.parseLong(new String(floor, StandardCharsets.US_ASCII));
        JsMsgStore ms = JsMsgStore.recovered(ctx, stream, rec, cl.msgLimits(), floorSeq);
        JsSubStore ss = new JsSubStore(ctx, rec.name(), rec.incarnation(), cl.subLimits());
        var subs = ss.restore(all);
        msgStores.put(rec.name(), ms);
        subStores.put(rec.name(), ss);
        channels.put(rec.name(), new RecoveredChannel(new Channel(rec.name(), ms, ss), subs));
      }
      return Optional.of(new RecoveredState(info, clients, channels));
    } catch (InvalidProtocolBufferException | NumberFormatException e) {
      throw new CorruptedDataException("the state bucket of JetStream store "
          + ctx.options().prefix() + " holds an unreadable entry: " + e, e);
    }
  }

  @Override
  protected Channel doCreateChannel(String name, ChannelLimits cl) {
    ctx.lock().checkWritable();
    String stream = streamName(name);
    String incarnation = HexFormat.of().formatHex(randomBytes(8));
    ChannelRecord rec = new ChannelRecord(incarnation, false, name);
    ctx.bucket().put("ch." + stream, rec.encode());
    JsMsgStore ms = JsMsgStore.created(ctx, stream, rec, cl.msgLimits());
    JsSubStore ss = new JsSubStore(ctx, name, incarnation, cl.subLimits());
    msgStores.put(name, ms);
    subStores.put(name, ss);
    return new Channel(name, ms, ss);
  }

  @Override
  protected void doDeleteChannel(Channel channel) {
    ctx.lock().checkWritable();
    String stream = streamName(channel.name());
    ctx.bucket().delete("ch." + stream);
    JsMsgStore ms = msgStores.remove(channel.name());
    JsSubStore ss = subStores.remove(channel.name());
    if (ms != null) {
      ms.discard();
    }
    if (ss != null) {
      ss.discard();
    }
    try {
      try {
        ctx.jsm().deleteStream(stream);
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() != 404) {
          throw e;
        }
      }
      if (ss != null) {
        ctx.bucket().purgePrefix(ss.keyPrefix());
        ctx.bucket().kv().purge(ss.lastIdKey());
      }
    } catch (IOException | JetStreamApiException e) {
      LOG.warn("channel {} is deleted, but removing stream {} or its keys failed: {}",
          channel.name(), stream, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected void doAddClient(ClientInfo info) {
    ctx.lock().checkWritable();
    ctx.bucket().put("cl." + StreamNames.token(info.getID()), info.toByteArray());
  }

  @Override
  protected void doDeleteClient(String clientId) {
    ctx.lock().checkWritable();
    ctx.bucket().delete("cl." + StreamNames.token(clientId));
  }

  @Override
  protected void doClose() {
    ctx.lock().release();
    lockThread.shutdownNow();
    closeQuietly(ctx.connection(), ctx.scheduler());
  }

  @Override
  public String toString() {
    return "JetStreamStore[" + ctx.options().prefix() + " on " + ctx.options().servers() + "]";
  }
}
