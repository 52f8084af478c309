package io.streamstore.crypto;

import com.google.protobuf.ByteString;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import java.util.Optional;

/**
 * A channel's message log whose payloads are encrypted on the way in and decrypted on the way out;
 * everything else (sequence, subject, reply, timestamp, limits, size accounting of the stored,
 * encrypted records) is the wrapped log's.
 */
final class EncryptedMsgStore implements MsgStore {

  private final MsgStore inner;
  private final ChannelCipher cipher;
  private final String channel;
  private final long maxMessageSize;

  EncryptedMsgStore(MsgStore inner, ChannelCipher cipher, String channel, long maxMessageSize) {
    this.inner = inner;
    this.cipher = cipher;
    this.channel = channel;
    this.maxMessageSize = maxMessageSize;
  }

  /** The wrapped log, holding the encrypted payloads. */
  MsgStore inner() {
    return inner;
  }

  @Override
  public MsgStoreState state() {
    return inner.state();
  }

  @Override
  public long store(MsgProto msg) {
    MessageSizeLimit.check(msg, maxMessageSize, channel); // before encryption adds its bytes
    if (msg.getData().isEmpty() || msg.getSequence() <= inner.lastSequence()) {
      // empty payloads stay in clear (as in NATS Streaming); a replay is ignored by the log anyway
      return inner.store(msg);
    }
    byte[] encrypted = cipher.encrypt(msg.getSequence(), msg.getData().toByteArray());
    return inner.store(msg.toBuilder().setData(ByteString.copyFrom(encrypted)).build());
  }

  @Override
  public Optional<MsgProto> lookup(long seq) {
    return inner.lookup(seq).map(this::decrypt);
  }

  @Override
  public long firstSequence() {
    return inner.firstSequence();
  }

  @Override
  public long lastSequence() {
    return inner.lastSequence();
  }

  @Override
  public SequenceRange firstAndLastSequence() {
    return inner.firstAndLastSequence();
  }

  @Override
  public long sequenceForTimestamp(long timestampNanos) {
    return inner.sequenceForTimestamp(timestampNanos);
  }

  @Override
  public Optional<MsgProto> firstMsg() {
    return inner.firstMsg().map(this::decrypt);
  }

  @Override
  public Optional<MsgProto> lastMsg() {
    return inner.lastMsg().map(this::decrypt);
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public void empty() {
    inner.empty();
  }

  @Override
  public void close() {
    inner.close();
  }

  MsgProto decrypt(MsgProto stored) {
    ByteString data = stored.getData();
    if (data.isEmpty() || PayloadCipher.fromCode(data.byteAt(0)).isEmpty()) {
      return stored;
    }
    byte[] plain = cipher.decrypt(stored.getSequence(), data.toByteArray());
    return stored.toBuilder().setData(ByteString.copyFrom(plain)).build();
  }

  @Override
  public String toString() {
    return "Encrypted(" + cipher.writeCipher() + ", " + inner + ")";
  }
}
