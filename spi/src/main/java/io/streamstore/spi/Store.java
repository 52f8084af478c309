package io.streamstore.spi;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import java.util.Optional;

/**
 * A place where a streaming server keeps its channels, subscriptions and clients.
 *
 * <p>Obtain one with {@link io.streamstore.Stores#open(String)}. A typical life cycle is
 * {@code open} → {@link #tryExclusiveLock()} (optional) → {@link #recover()} → {@link #init} when
 * nothing was recovered → work → {@link #close()}.
 *
 * <p><b>Thread safety:</b> every method may be called from any thread at any time. Operations on one
 * channel are linearizable; operations on different channels do not block each other longer than
 * needed to update the channel map.
 *
 * <p><b>Durability:</b> what a persistent store acknowledges with a returned {@link MsgStore#flush()}
 * or {@link SubStore#flush()} survives a process crash (and, where the backend documents it, power
 * loss). Everything else may be buffered.
 *
 * <p>Failures are reported with unchecked {@link StoreException} subtypes; a failed call leaves what
 * was stored before it intact.
 */
public interface Store extends AutoCloseable {

  /** The backend's name, for example {@code "MEMORY"}, {@code "FILE"} or {@code "JDBC"}. */
  String type();

  /**
   * The largest message, in bytes of its protobuf encoding, that {@link MsgStore#store} of this
   * store accepts; a larger one is refused with {@link InvalidArgumentException} before anything is
   * written, and the channel keeps working. Each backend documents its default and its bound (see
   * {@link MessageSizeLimit}).
   */
  long maxMessageSize();

  /**
   * Tries, without waiting for a live holder, to become the only writer of this store
   * (active/standby set-ups).
   *
   * <p><b>A store that does not hold the lock while another store holds it writes nothing:</b> its
   * {@link #recover()}, {@link #init}, channel and client changes and the writes of its message and
   * subscription stores fail with {@link StoreInUseException}, and nothing is changed. A backend may
   * take the lock when a store is opened for writing (the file backend does, when it is free). Take
   * the lock before {@link #recover()}: the new holder then recovers everything the previous holder
   * had committed. A holder whose lock was taken over (a lease that lapsed while it was frozen)
   * commits nothing after the takeover. Backends say in their documentation how a store that never
   * asks for the lock behaves while nobody holds it.
   *
   * @return {@code true} if this store holds the lock (now or already), {@code false} if another
   *     process or store instance holds it
   * @throws NotSupportedException if the backend has no such lock (the memory backend)
   */
  boolean tryExclusiveLock();

  /**
   * Records the identity of the server that owns this store, replacing any earlier one.
   *
   * @throws StoreClosedException if the store is closed
   */
  void init(ServerInfo info);

  /**
   * Loads what a previous run persisted. Call it once, right after opening.
   *
   * @return empty when nothing was ever persisted (always for a fresh or non-persistent store)
   * @throws CorruptedDataException when persisted state exists but cannot be read back faithfully
   * @throws MissingServerInfoException when channels exist but the server information does not
   * @throws StoreInUseException when another store holds the exclusive lock and this one does not
   *     (see {@link #tryExclusiveLock()})
   */
  Optional<RecoveredState> recover();

  /**
   * Replaces the limits applied to channels created from now on. Existing channels keep theirs.
   *
   * @param limits limits already validated by {@link StoreLimits.Builder#build()}
   */
  void setLimits(StoreLimits limits);

  /** The limits in effect for an existing channel, or empty when there is no such channel. */
  Optional<ChannelLimits> channelLimits(String channel);

  /**
   * Creates a channel with the limits that apply to its name.
   *
   * @throws InvalidNameException if the name breaks {@link Names#validateChannel(String)}
   * @throws AlreadyExistsException if the channel exists
   * @throws TooManyChannelsException if the store already holds {@code maxChannels} channels
   */
  Channel createChannel(String name);

  /**
   * Deletes a channel with all its messages and subscriptions. A deleted channel is never recovered,
   * even if the process dies during the call.
   *
   * @throws NotFoundException if there is no such channel
   */
  void deleteChannel(String name);

  /**
   * Stores a client, replacing an earlier record with the same id.
   *
   * @throws InvalidNameException if the client id breaks {@link Names#validateClientId(String)}
   */
  Client addClient(ClientInfo info);

  /**
   * Removes a client.
   *
   * @throws NotFoundException if there is no client with that id
   */
  void deleteClient(String clientId);

  /** Flushes and releases everything, including the exclusive lock. Calling it again does nothing. */
  @Override
  void close();
}
