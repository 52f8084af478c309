package io.streamstore.memory;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.support.AbstractStore;
import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.StoreLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only "persistent" memory store: on close it copies its channels, clients and server info
 * into its {@link Location}, and the next store opened there recovers them, going through the memory
 * message and subscription stores with the limits in effect at {@code recover()}; and it fills gaps
 * in sequences with placeholders, as the NATS file format does. It lets the memory
 * backend's build run the TCK's recovery tests, proving they are consistent and satisfiable before
 * the file and JDBC backends rely on them.
 */
final class SnapshotStore extends AbstractStore {

  /** What survives a close: the "disk" of this fake. Guarded by its own monitor. */
  @SuppressWarnings("try") // inherits close() throws Exception from StoreLocation
  static final class Location implements StoreLocation {
    private ServerInfo info;
    private final Map<String, ChannelSnapshot> channels = new LinkedHashMap<>();
    private final List<ClientInfo> clients = new ArrayList<>();

    @Override
    public synchronized SnapshotStore open() {
      return new SnapshotStore(this);
    }
  }

  private record ChannelSnapshot(MemoryMsgStore.Snapshot msgs, MemorySubStore.Snapshot subs) {}

  /** The factory the suite uses: each location is a new {@link Location}. */
  static StoreFactory factory() {
    return StoreFactory.of(Location::new, Capability.PERSISTENT, Capability.BACKGROUND_EXPIRY);
  }

  private final Location location;
  private final ExpiryScheduler scheduler = new ExpiryScheduler("snapshot");
  private final Map<String, ChannelLimits> channelLimits = new ConcurrentHashMap<>();
  private volatile ServerInfo info;

  private SnapshotStore(Location location) {
    super(StoreLimits.DEFAULT);
    this.location = location;
  }

  @Override
  public String type() {
    return "SNAPSHOT";
  }

  @Override
  public long maxMessageSize() {
    return io.streamstore.spi.MessageSizeLimit.DEFAULT;
  }

  @Override
  protected void doInit(ServerInfo serverInfo) {
    info = serverInfo;
  }

  @Override
  protected Optional<RecoveredState> doRecover() {
    synchronized (location) {
      if (location.info == null) {
        if (!location.channels.isEmpty()) {
          throw new MissingServerInfoException("channels but no server info");
        }
        return Optional.empty();
      }
      info = location.info;
      Map<String, RecoveredChannel> recovered = new LinkedHashMap<>();
      location.channels.forEach(
          (name, snap) -> {
            Channel c = doCreateChannel(name, limits().forChannel(name));
            ((GapFillingMsgStore) c.msgs()).delegate().restore(snap.msgs());
            ((MemorySubStore) c.subs()).restore(snap.subs());
            recovered.put(name, new RecoveredChannel(c, snap.subs().subscriptions()));
          });
      List<Client> clients = location.clients.stream().map(Client::new).toList();
      return Optional.of(new RecoveredState(info, clients, recovered));
    }
  }

  @Override
  protected ChannelLimits limitsOf(Channel channel) {
    return channelLimits.getOrDefault(channel.name(), super.limitsOf(channel));
  }

  @Override
  protected Channel doCreateChannel(String name, ChannelLimits limits) {
    channelLimits.put(name, limits);
    return new Channel(
        name,
        new GapFillingMsgStore(name, new MemoryMsgStore(name, limits.msgLimits(), scheduler)),
        new MemorySubStore(name, limits.subLimits()));
  }

  @Override
  protected void doDeleteChannel(Channel channel) {
    channel.msgs().close();
    channel.subs().close();
    channelLimits.remove(channel.name());
  }

  @Override
  protected void doAddClient(ClientInfo clientInfo) {}

  @Override
  protected void doDeleteClient(String clientId) {}

  @Override
  protected void doClose() {
    scheduler.shutdown();
    synchronized (location) {
      location.info = info;
      location.channels.clear();
      for (Channel c : channels()) {
        location.channels.put(
            c.name(),
            new ChannelSnapshot(
                ((GapFillingMsgStore) c.msgs()).delegate().snapshot(),
                ((MemorySubStore) c.subs()).snapshot()));
      }
      location.clients.clear();
      clients().forEach(c -> location.clients.add(c.info()));
    }
  }
}
