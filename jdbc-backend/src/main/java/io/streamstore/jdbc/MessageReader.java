package io.streamstore.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The queries that read one channel's flushed messages: a lookup by primary key, the timestamp seek
 * on the (channel_id, ts) index, and a page of the oldest rows (sequence, size, timestamp) for
 * {@link LogHead}. Runs without the owning store's monitor except for {@link #loadHead}.
 *
 * <p>Thread-safe (stateless apart from its constants).
 */
final class MessageReader {

  private final Database db;
  private final Statements sql;
  private final long channelId;
  private final String channel;

  MessageReader(Database db, Statements sql, long channelId, String channel) {
    this.db = db;
    this.sql = sql;
    this.channelId = channelId;
    this.channel = channel;
  }

  /** The stored message {@code seq}, or null when there is no such row. */
  MsgProto lookup(long seq) {
    byte[] data = db.read("lookup of message " + seq + " in channel \"" + channel + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.lookupMessage)) {
        ps.setLong(1, channelId);
        ps.setLong(2, seq);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getBytes(1) : null;
        }
      }
    });
    if (data == null) {
      return null;
    }
    try {
      return MsgProto.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptedDataException("message " + seq + " of channel \"" + channel
          + "\" in the messages table cannot be decoded: " + e.getMessage(), e);
    }
  }

  /**
   * The first sequence in {@code [from, to]} whose timestamp is at or after {@code timestampNanos},
   * or null.
   */
  Long firstAtOrAfter(long timestampNanos, long from, long to) {
    return db.read("timestamp search in channel \"" + channel + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.seqForTimestamp)) {
        ps.setLong(1, channelId);
        ps.setLong(2, timestampNanos);
        ps.setLong(3, from);
        ps.setLong(4, to);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    });
  }

  /** Fills {@code head} with the next page of rows above its loaded sequence, up to {@code through}. */
  void loadHead(LogHead head, long through) {
    long after = head.loadedThrough();
    head.resetPage();
    db.read("reading the oldest messages of channel \"" + channel + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.headOfLog)) {
        ps.setLong(1, channelId);
        ps.setLong(2, after);
        ps.setLong(3, through);
        ps.setInt(4, head.capacity());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            head.append(rs.getLong(1), rs.getInt(2), rs.getLong(3));
          }
        }
      }
      return null;
    });
    if (head.isEmpty()) {
      head.skipThrough(through);
    }
  }
}
