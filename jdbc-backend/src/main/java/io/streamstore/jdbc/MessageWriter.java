package io.streamstore.jdbc;

import io.streamstore.spi.CorruptedDataException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Writes one flush of a channel inside the caller's transaction: the set-based DELETE of messages
 * removed by limits, the batched INSERT of the buffered messages, and the channel row's new state.
 *
 * <p>After a commit that was in doubt, the retry runs with {@code skipExisting}: rows of the batch
 * that are already stored are compared byte for byte and skipped, so nothing is duplicated, and a
 * different message under the same sequence is refused instead of overwritten.
 *
 * <p>Stateless apart from its constants; the owning {@link JdbcMsgStore} holds its monitor while
 * calling.
 */
final class MessageWriter {

  private final Statements sql;
  private final long channelId;
  private final String channel;

  MessageWriter(Statements sql, long channelId, String channel) {
    this.sql = sql;
    this.channelId = channelId;
    this.channel = channel;
  }

  /**
   * Writes the flush.
   *
   * @param deleteThrough delete stored messages up to this sequence, or -1 for none
   * @param first the channel's first sequence after the flush (likewise last, count and bytes)
   */
  Void write(Connection c, MessageBatch batch, long deleteThrough, long first, long last,
      long count, long bytes, boolean skipExisting) throws SQLException {
    if (skipExisting) {
      // An earlier, in-doubt commit may have stored rows that limits removed since: drop them too.
      deleteThrough = Math.max(deleteThrough, first - 1);
    }
    if (deleteThrough >= 0) {
      try (PreparedStatement ps = c.prepareStatement(sql.deleteMessagesThrough)) {
        ps.setLong(1, channelId);
        ps.setLong(2, deleteThrough);
        ps.executeUpdate();
      }
    }
    if (!batch.isEmpty()) {
      long[] existing = skipExisting ? checkExisting(c, batch) : new long[0];
      try (PreparedStatement ps = c.prepareStatement(sql.insertMessage)) {
        int n = 0;
        for (int i = batch.start(); i < batch.end(); i++) {
          if (existing.length > 0 && Arrays.binarySearch(existing, batch.seqAt(i)) >= 0) {
            continue;
          }
          byte[] data = batch.dataAt(i);
          ps.setLong(1, channelId);
          ps.setLong(2, batch.seqAt(i));
          ps.setLong(3, batch.timestampAt(i));
          ps.setInt(4, data.length);
          ps.setBytes(5, data);
          ps.addBatch();
          n++;
        }
        if (n > 0) {
          ps.executeBatch();
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql.updateChannelState)) {
      ps.setLong(1, first);
      ps.setLong(2, last);
      ps.setLong(3, count);
      ps.setLong(4, bytes);
      ps.setLong(5, channelId);
      ps.executeUpdate();
    }
    return null;
  }

  /** Sequences of the batch already stored, sorted; fails if one holds different bytes. */
  private long[] checkExisting(Connection c, MessageBatch batch) throws SQLException {
    long[] ours = new long[batch.size()];
    for (int i = batch.start(); i < batch.end(); i++) {
      ours[i - batch.start()] = batch.seqAt(i);
    }
    long[] found = new long[ours.length];
    int n = 0;
    try (PreparedStatement ps = c.prepareStatement(sql.messagesInRange)) {
      ps.setLong(1, channelId);
      ps.setLong(2, ours[0]);
      ps.setLong(3, ours[ours.length - 1]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          int i = Arrays.binarySearch(ours, seq);
          if (i < 0) {
            continue; // removed from the batch by a limit; the DELETE above took it
          }
          if (!Arrays.equals(rs.getBytes(2), batch.dataAt(batch.start() + i))) {
            throw new CorruptedDataException("channel \"" + channel + "\" already holds a different"
                + " message with sequence " + seq + " in the database; refusing to overwrite it");
          }
          found[n++] = seq;
        }
      }
    }
    long[] result = Arrays.copyOf(found, n);
    Arrays.sort(result);
    return result;
  }
}
