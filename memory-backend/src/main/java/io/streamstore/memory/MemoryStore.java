package io.streamstore.memory;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.MessageSizeLimit;
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
  private final long maxMessageSize;
  private final Map<String, ChannelLimits> channelLimits = new ConcurrentHashMap<>(); // by channel
  private volatile ServerInfo info;

  /**
   * An empty store.
   *
   * @param name a label for logs and the expiry thread; may be empty
   * @param limits the limits new channels get
   */
  public MemoryStore(String name, StoreLimits limits) {
    this(name, limits, MessageSizeLimit.DEFAULT);
  }

  /**
   * An empty store refusing messages larger than {@code maxMessageSize} bytes (see {@link
   * #maxMessageSize()}).
   *
   * @throws io.streamstore.spi.InvalidOptionException when {@code maxMessageSize} is out of range
   */
  public MemoryStore(String name, StoreLimits limits, long maxMessageSize) {
    super(limits);
    MessageSizeLimit.validate(maxMessageSize, MAX_MESSAGE_SIZE_CEILING, "the memory backend's bound");
    this.name = name;
    this.maxMessageSize = maxMessageSize;
    this.scheduler = new ExpiryScheduler(name);
  }

  /** The largest {@code maxMessageSize} accepted: 1 GiB (a message is one Java byte array). */
  public static final long MAX_MESSAGE_SIZE_CEILING = 1L << 30;

  /** Option {@code maxMessageSize}; by default 64 MiB, at most 1 GiB. */
  @Override
  public long maxMessageSize() {
    return maxMessageSize;
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
        new MemoryMsgStore(channel, limits.msgLimits(), scheduler, maxMessageSize),
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
