package io.streamstore.memory;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import java.util.Optional;

/**
 * A message store that fills gaps in sequences with placeholder messages (sequence, subject and the
 * next message's timestamp, no data), as the NATS file format does, for gaps of at most {@link
 * #MAX_FILLED_GAP} sequences (the SPI bounds what a gap may cost; larger gaps keep nothing). Used by
 * {@link SnapshotStore} so that the suite's "gap placeholder" branches run in this build too.
 */
final class GapFillingMsgStore implements MsgStore {

  /** Largest gap filled, as in the file backend. */
  static final long MAX_FILLED_GAP = 1024;

  private final String channel;
  private final MemoryMsgStore delegate;

  GapFillingMsgStore(String channel, MemoryMsgStore delegate) {
    this.channel = channel;
    this.delegate = delegate;
  }

  MemoryMsgStore delegate() {
    return delegate;
  }

  @Override
  public synchronized long store(MsgProto msg) {
    long last = delegate.lastSequence();
    long seq = msg.getSequence();
    if (last > 0 && seq > last && seq - last - 1 > 0 && seq - last - 1 <= MAX_FILLED_GAP) {
      for (long gap = last + 1; gap < seq; gap++) {
        delegate.store(MsgProto.newBuilder().setSequence(gap).setSubject(channel)
            .setTimestamp(msg.getTimestamp()).build());
      }
    }
    return delegate.store(msg);
  }

  @Override
  public MsgStoreState state() {
    return delegate.state();
  }

  @Override
  public Optional<MsgProto> lookup(long seq) {
    return delegate.lookup(seq);
  }

  @Override
  public long firstSequence() {
    return delegate.firstSequence();
  }

  @Override
  public long lastSequence() {
    return delegate.lastSequence();
  }

  @Override
  public SequenceRange firstAndLastSequence() {
    return delegate.firstAndLastSequence();
  }

  @Override
  public long sequenceForTimestamp(long timestampNanos) {
    return delegate.sequenceForTimestamp(timestampNanos);
  }

  @Override
  public Optional<MsgProto> firstMsg() {
    return delegate.firstMsg();
  }

  @Override
  public Optional<MsgProto> lastMsg() {
    return delegate.lastMsg();
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void empty() {
    delegate.empty();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
