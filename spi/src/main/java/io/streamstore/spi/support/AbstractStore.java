package io.streamstore.spi.support;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.AlreadyExistsException;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.Names;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreMetrics;
import io.streamstore.spi.TooManyChannelsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a {@link Store} that is the same for every backend: name validation, the channel and
 * client maps, the limits in effect, the channel count limit and the closed state. A backend
 * implements the {@code do...} hooks, which are called with the store's lock held, so they see a
 * consistent map and never run concurrently with each other.
 *
 * <p>Message and subscription operations do not take this lock; they go straight to the channel's
 * {@link io.streamstore.spi.MsgStore} and {@link io.streamstore.spi.SubStore}.
 */
public abstract class AbstractStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(AbstractStore.class);

  static {
    // Known to JFR from the start, so a recording started later (jcmd JFR.start) records it too.
    jdk.jfr.FlightRecorder.register(RecoveryEvent.class);
  }

  /** Guards channel creation and deletion, client changes, init, recovery and close. */
  protected final Object lock = new Object();

  private final Map<String, Channel> channels = new ConcurrentHashMap<>(); // written under lock
  private final Map<String, Client> clients = new ConcurrentHashMap<>(); // written under lock
  private final Map<String, ChannelLimits> channelLimits = new ConcurrentHashMap<>(); // under lock
  private final StoreMetrics metrics;
  private volatile StoreLimits limits;
  private volatile boolean closed;

  /** A store starting with {@code limits}, reporting no metrics. */
  protected AbstractStore(StoreLimits limits) {
    this(limits, StoreMetrics.NONE);
  }

  /** A store starting with {@code limits}, reporting to {@code metrics}. */
  protected AbstractStore(StoreLimits limits, StoreMetrics metrics) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Where this store reports what it does ({@link StoreMetrics#NONE} when nobody listens). */
  protected final StoreMetrics metrics() {
    return metrics;
  }

  @Override
  public boolean tryExclusiveLock() {
    throw new NotSupportedException(type() + " store has no exclusive lock");
  }

  @Override
  public final void init(ServerInfo info) {
    Objects.requireNonNull(info, "info");
    synchronized (lock) {
      ensureOpen();
      doInit(info);
    }
  }

  @Override
  public final Optional<RecoveredState> recover() {
    synchronized (lock) {
      ensureOpen();
      RecoveryEvent event = new RecoveryEvent();
      event.begin();
      long start = System.nanoTime();
      Optional<RecoveredState> state;
      try {
        state = doRecover();
      } catch (RuntimeException e) {
        metrics.failed("recover", e);
        throw e;
      }
      int recovered = state.map(s -> s.channels().size()).orElse(0);
      metrics.recovered(System.nanoTime() - start, recovered);
      event.end();
      if (event.shouldCommit()) {
        event.backend = type();
        event.channels = recovered;
        event.found = state.isPresent();
        event.commit();
      }
      state.ifPresent(
          s -> {
            for (RecoveredChannel rc : s.channels().values()) {
              String name = rc.channel().name();
              channels.put(name, rc.channel());
              channelLimits.put(name, limits.forChannel(name));
            }
            for (Client c : s.clients()) {
              clients.put(c.id(), c);
            }
          });
      return state;
    }
  }

  @Override
  public final void setLimits(StoreLimits newLimits) {
    Objects.requireNonNull(newLimits, "limits");
    synchronized (lock) {
      ensureOpen();
      doSetLimits(newLimits);
      this.limits = newLimits;
    }
  }

  /** The limits channels created now would get. */
  protected final StoreLimits limits() {
    return limits;
  }

  @Override
  public Optional<ChannelLimits> channelLimits(String channel) {
    ensureOpen();
    Channel c = channel == null ? null : channels.get(channel);
    return c == null ? Optional.empty() : Optional.of(limitsOf(c));
  }

  /**
   * The limits in effect for an existing channel: by default those it was created (or recovered)
   * with, since {@link #setLimits} is not retroactive.
   */
  protected ChannelLimits limitsOf(Channel channel) {
    ChannelLimits recorded = channelLimits.get(channel.name());
    return recorded != null ? recorded : limits.forChannel(channel.name());
  }

  @Override
  public final Channel createChannel(String name) {
    Names.validateChannel(name);
    synchronized (lock) {
      ensureOpen();
      if (channels.containsKey(name)) {
        throw new AlreadyExistsException("channel \"" + name + "\" already exists");
      }
      StoreLimits l = limits;
      if (l.maxChannels() > 0 && channels.size() >= l.maxChannels()) {
        throw new TooManyChannelsException(
            "cannot create channel \"" + name + "\": the store already has " + channels.size()
                + " channels, the maxChannels limit");
      }
      ChannelLimits cl = l.forChannel(name);
      Channel created = doCreateChannel(name, cl);
      channels.put(name, created);
      channelLimits.put(name, cl);
      return created;
    }
  }

  @Override
  public final void deleteChannel(String name) {
    Names.validateChannel(name);
    synchronized (lock) {
      ensureOpen();
      Channel c = channels.get(name);
      if (c == null) {
        throw new NotFoundException("channel \"" + name + "\" does not exist");
      }
      doDeleteChannel(c);
      channels.remove(name);
      channelLimits.remove(name);
    }
  }

  @Override
  public final Client addClient(ClientInfo info) {
    Objects.requireNonNull(info, "info");
    Names.validateClientId(info.getID());
    synchronized (lock) {
      ensureOpen();
      doAddClient(info);
      Client client = new Client(info);
      clients.put(client.id(), client);
      return client;
    }
  }

  @Override
  public final void deleteClient(String clientId) {
    Names.validateClientId(clientId);
    synchronized (lock) {
      ensureOpen();
      if (!clients.containsKey(clientId)) {
        throw new NotFoundException("client \"" + clientId + "\" does not exist");
      }
      doDeleteClient(clientId);
      clients.remove(clientId);
    }
  }

  @Override
  public final void close() {
    List<Channel> toClose;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(channels.values());
    }
    RuntimeException first = null;
    for (Channel c : toClose) {
      for (Runnable closer : List.<Runnable>of(c.msgs()::close, c.subs()::close)) {
        try {
          closer.run();
        } catch (RuntimeException e) {
          LOG.warn("closing channel {} failed: {}", c.name(), e.toString());
          first = first == null ? e : first;
        }
      }
    }
    try {
      doClose();
    } catch (RuntimeException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw first;
    }
  }

  /** Whether {@link #close()} was called. */
  public final boolean isClosed() {
    return closed;
  }

  /**
   * Fails with {@link StoreClosedException} once the store is closed.
   *
   * @throws StoreClosedException if closed
   */
  protected final void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(type() + " store is closed");
    }
  }

  /** The live channels (a read-only view). */
  protected final Collection<Channel> channels() {
    return java.util.Collections.unmodifiableCollection(channels.values());
  }

  /** A live channel by name. */
  protected final Optional<Channel> channel(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  /** The live clients (a read-only view). */
  protected final Collection<Client> clients() {
    return java.util.Collections.unmodifiableCollection(clients.values());
  }

  /** Persists the server information. */
  protected abstract void doInit(ServerInfo info);

  /** Reads persisted state; the base class then registers its channels and clients. */
  protected abstract Optional<RecoveredState> doRecover();

  /** Called before new limits take effect; by default does nothing. */
  protected void doSetLimits(StoreLimits newLimits) {}

  /** Creates the storage of a new channel. */
  protected abstract Channel doCreateChannel(String name, ChannelLimits channelLimits);

  /** Removes a channel's storage for good; the channel is then dropped from the map. */
  protected abstract void doDeleteChannel(Channel channel);

  /** Persists a client record (new or replacing one with the same id). */
  protected abstract void doAddClient(ClientInfo info);

  /** Persists the removal of a client known to exist. */
  protected abstract void doDeleteClient(String clientId);

  /** Releases backend resources after every channel was closed. */
  protected abstract void doClose();
}
