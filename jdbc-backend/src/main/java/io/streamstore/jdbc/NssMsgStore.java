package io.streamstore.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * One channel's messages in NATS Streaming's {@code Messages} table, read only: {@code data} is the
 * serialized {@link MsgProto}, {@code size} its length (the size accounting here, as there). The
 * first, last, count and bytes are those read at recovery; nothing changes them, since every write
 * is refused.
 */
final class NssMsgStore implements MsgStore {

  private final Database db;
  private final NssTables tables;
  private final String channel;
  private final long channelId;
  private final SequenceRange range;
  private final MsgStoreState state;

  NssMsgStore(Database db, NssTables tables, String channel, long channelId, SequenceRange range,
      MsgStoreState state) {
    this.db = db;
    this.tables = tables;
    this.channel = channel;
    this.channelId = channelId;
    this.range = range;
    this.state = state;
  }

  @Override
  public MsgStoreState state() {
    return state;
  }

  @Override
  public long store(MsgProto msg) {
    throw NssSqlStore.readOnly("store message " + msg.getSequence() + " in channel '" + channel + "'");
  }

  @Override
  public Optional<MsgProto> lookup(long seq) {
    if (seq < range.first() || seq > range.last() || state.count() == 0) {
      return Optional.empty();
    }
    byte[] data = db.read("looking up message " + seq + " of channel '" + channel + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(tables.lookup())) {
        ps.setLong(1, channelId);
        ps.setLong(2, seq);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getBytes(1) : null;
        }
      }
    });
    if (data == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MsgProto.parseFrom(data));
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptedDataException("Messages.data of channel '" + channel + "' sequence " + seq
          + " is not a NATS Streaming message (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public long firstSequence() {
    return range.first();
  }

  @Override
  public long lastSequence() {
    return range.last();
  }

  @Override
  public SequenceRange firstAndLastSequence() {
    return range;
  }

  @Override
  public long sequenceForTimestamp(long timestampNanos) {
    if (state.count() == 0) {
      return range.last() == 0 ? 0 : range.last() + 1;
    }
    Long seq = db.read("finding a sequence by time in channel '" + channel + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(tables.seqAtOrAfter())) {
        ps.setLong(1, channelId);
        ps.setLong(2, timestampNanos);
        try (ResultSet rs = ps.executeQuery()) {
          long v = rs.next() ? rs.getLong(1) : 0;
          return v == 0 ? null : v;
        }
      }
    });
    return seq == null ? range.last() + 1 : seq;
  }

  @Override
  public Optional<MsgProto> firstMsg() {
    return state.count() == 0 ? Optional.empty() : lookup(range.first());
  }

  @Override
  public Optional<MsgProto> lastMsg() {
    return state.count() == 0 ? Optional.empty() : lookup(range.last());
  }

  @Override
  public void flush() {
    // nothing is ever buffered
  }

  @Override
  public void empty() {
    throw NssSqlStore.readOnly("empty channel '" + channel + "'");
  }

  @Override
  public void close() {
    // the pool belongs to the store
  }
}
