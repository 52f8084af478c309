package io.streamstore.memory;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.support.AbstractStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store that keeps everything in memory: the reference implementation of the contract, and the
 * store for servers that need no durability. Nothing is ever recovered; {@link #tryExclusiveLock()}
 * throws {@link io.streamstore.spi.NotSupportedException}.
 *
 * <p>Thread-safe: channel and client changes go through {@link AbstractStore}'s lock; each channel's
 * message and subscription stores guard themselves. One {@link ExpiryScheduler} thread serves every
 * channel's age limit and stops on {@link #close()}.
 */
public final class MemoryStore extends AbstractStore {

  private final String name;
  private final ExpiryScheduler scheduler;
  private final Map<String, ChannelLimits> channelLimits = new ConcurrentHashMap<>(); // by channel
  private volatile ServerInfo info;

  /**
   * An empty store.
   *
   * @param name a label for logs and the expiry thread; may be empty
   * @param limits the limits new channels get
   */
  public MemoryStore(String name, StoreLimits limits) {
    super(limits);
    this.name = name;
    this.scheduler = new ExpiryScheduler(name);
  }

  @Override
  public String type() {
    return "MEMORY";
  }

  /** The server information last given to {@link #init}, if any. */
  public Optional<ServerInfo> serverInfo() {
    return Optional.ofNullable(info);
  }

  @Override
  protected void doInit(ServerInfo serverInfo) {
    this.info = serverInfo;
  }

  @Override
  protected Optional<RecoveredState> doRecover() {
    return Optional.empty();
  }

  @Override
  protected ChannelLimits limitsOf(Channel channel) {
    ChannelLimits own = channelLimits.get(channel.name());
    return own != null ? own : super.limitsOf(channel);
  }

  @Override
  protected Channel doCreateChannel(String channel, ChannelLimits limits) {
    channelLimits.put(channel, limits);
    return new Channel(
        channel,
        new MemoryMsgStore(channel, limits.msgLimits(), scheduler),
        new MemorySubStore(channel, limits.subLimits()));
  }

  @Override
  protected void doDeleteChannel(Channel channel) {
    channel.msgs().close();
    channel.subs().close();
    channelLimits.remove(channel.name());
  }

  @Override
  protected void doAddClient(ClientInfo clientInfo) {
    // the base class keeps the client map; nothing else to persist
  }

  @Override
  protected void doDeleteClient(String clientId) {
    // the base class keeps the client map; nothing else to persist
  }

  @Override
  protected void doClose() {
    scheduler.shutdown();
  }

  /** Whether the expiry thread is running (for tests). */
  boolean expiryThreadRunning() {
    return scheduler.isRunning();
  }

  @Override
  public String toString() {
    return "MemoryStore[" + (name.isEmpty() ? "unnamed" : name) + "]";
  }
}
