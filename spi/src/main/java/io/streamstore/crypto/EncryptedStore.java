package io.streamstore.crypto;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.DecryptionException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A store whose message payloads are encrypted at rest, NATS Streaming's {@code CryptoStore} over any
 * backend: every channel's log is wrapped in an {@link EncryptedMsgStore} with that channel's key;
 * server info, clients and subscriptions pass through unchanged (and stay in clear, as there).
 *
 * <p>{@link #recover()} decrypts each channel's last message, so a wrong key fails there, naming the
 * channel and sequence, before anything new is written with it.
 */
final class EncryptedStore implements Store {

  private final Store inner;
  private final PayloadCipher writeWith;
  private final byte[] master;

  EncryptedStore(Store inner, PayloadCipher writeWith, EncryptionKey key) {
    this.inner = inner;
    this.writeWith = writeWith;
    this.master = key.master();
  }

  @Override
  public String type() {
    return inner.type();
  }

  /**
   * The wrapped store's maximum less what encryption adds to a message's encoding (cipher code,
   * nonce and tag, and one more byte when the payload's length prefix grows), so that a message
   * accepted here also fits the wrapped store once encrypted.
   */
  @Override
  public long maxMessageSize() {
    return Math.max(1, inner.maxMessageSize() - PayloadCipher.OVERHEAD - 1);
  }

  @Override
  public boolean tryExclusiveLock() {
    return inner.tryExclusiveLock();
  }

  @Override
  public void init(ServerInfo info) {
    inner.init(info);
  }

  @Override
  public Optional<RecoveredState> recover() {
    Optional<RecoveredState> plain = inner.recover();
    if (plain.isEmpty()) {
      return plain;
    }
    RecoveredState s = plain.get();
    Map<String, RecoveredChannel> channels = new LinkedHashMap<>();
    for (Map.Entry<String, RecoveredChannel> e : s.channels().entrySet()) {
      Channel wrapped = wrap(e.getValue().channel());
      checkKey(wrapped);
      channels.put(e.getKey(), new RecoveredChannel(wrapped, e.getValue().subscriptions()));
    }
    return Optional.of(new RecoveredState(s.info(), s.clients(), channels));
  }

  /**
   * Decrypts the channel's last message, so that a wrong key fails here (naming channel and
   * sequence) before anything is written with it. Other damage in that message (possible where the
   * backend does not check the last record at recovery, as the file backend does) is left to the
   * lookup that reads it, as without encryption.
   */
  private static void checkKey(Channel c) {
    try {
      c.msgs().lastMsg();
    } catch (DecryptionException e) {
      throw e;
    } catch (CorruptedDataException otherDamage) {
      // reported by the lookup of that message, as for a plain store
    }
  }

  @Override
  public void setLimits(StoreLimits limits) {
    inner.setLimits(limits);
  }

  @Override
  public Optional<ChannelLimits> channelLimits(String channel) {
    return inner.channelLimits(channel);
  }

  @Override
  public Channel createChannel(String name) {
    return wrap(inner.createChannel(name));
  }

  @Override
  public void deleteChannel(String name) {
    inner.deleteChannel(name);
  }

  @Override
  public Client addClient(ClientInfo info) {
    return inner.addClient(info);
  }

  @Override
  public void deleteClient(String clientId) {
    inner.deleteClient(clientId);
  }

  @Override
  public void close() {
    inner.close();
  }

  private Channel wrap(Channel c) {
    ChannelCipher cipher = new ChannelCipher(c.name(), master, writeWith);
    return new Channel(c.name(),
        new EncryptedMsgStore(c.msgs(), cipher, c.name(), maxMessageSize()), c.subs());
  }

  @Override
  public String toString() {
    return "Encrypted(" + writeWith + ", " + inner + ")";
  }
}
