package io.streamstore.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.StoreLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back what a previous run stored: the server info, the clients, and per channel its state
 * row, its subscriptions and their pending sets. Channel limits in effect now are applied to the
 * recovered logs (they may have been lowered) and expired messages are removed, as NATS Streaming
 * does. Kept apart from the write path; reports what it found in the log.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final StoreContext ctx;
  private final Dialect dialect;

  Recovery(StoreContext ctx) {
    this.ctx = ctx;
    this.dialect = ctx.db().dialect();
  }

  /** A channel row as stored. */
  private record ChannelRow(
      long id, String name, long first, long last, long count, long bytes, long maxSubId) {}

  Optional<RecoveredState> recover(StoreLimits limits) {
    Statements sql = ctx.sql();
    return ctx.db().read("recovery", c -> {
      ctx.lock().checkNotHeldByAnother(c);
      byte[] infoBytes = null;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.selectServerInfo)) {
        if (rs.next()) {
          infoBytes = rs.getBytes(1);
        }
      }
      List<ChannelRow> rows = channelRows(c);
      if (infoBytes == null) {
        if (!rows.isEmpty()) {
          throw new MissingServerInfoException("the database holds " + rows.size()
              + " channels but no server information (table server_info is empty)");
        }
        return Optional.empty();
      }
      byte[] infoData = infoBytes;
      ServerInfo info = parse("server_info", "the server information",
          () -> ServerInfo.parseFrom(infoData));
      List<Client> clients = clients(c);
      Map<String, RecoveredChannel> channels = new LinkedHashMap<>();
      for (ChannelRow row : rows) {
        channels.put(row.name(), channel(c, row, limits.forChannel(row.name())));
      }
      LOG.info("recovered {} clients and {} channels", clients.size(), channels.size());
      return Optional.of(new RecoveredState(info, clients, channels));
    });
  }

  private List<ChannelRow> channelRows(Connection c) throws SQLException {
    List<ChannelRow> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ctx.sql().selectChannels)) {
      while (rs.next()) {
        rows.add(new ChannelRow(rs.getLong(1), dialect.readName(rs, 2), rs.getLong(3),
            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
      }
    }
    return rows;
  }

  private List<Client> clients(Connection c) throws SQLException {
    List<Client> clients = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ctx.sql().selectClients)) {
      while (rs.next()) {
        String id = dialect.readName(rs, 1);
        byte[] data = rs.getBytes(2);
        ClientInfo info = parse("clients", "client \"" + id + "\"",
            () -> ClientInfo.parseFrom(data));
        clients.add(new Client(info));
      }
    }
    return clients;
  }

  private RecoveredChannel channel(Connection c, ChannelRow row, ChannelLimits limits)
      throws SQLException {
    JdbcMsgStore msgs = new JdbcMsgStore(ctx, row.id(), row.name(), limits.msgLimits(),
        row.first(), row.last(), row.count(), row.bytes());
    msgs.applyLimitsAfterRecovery();
    JdbcSubStore subs = new JdbcSubStore(ctx, row.id(), row.name(), limits.subLimits(),
        row.maxSubId());
    Map<Long, long[]> pending = pending(c, row.id());
    List<RecoveredSubscription> recovered = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(ctx.sql().selectSubs)) {
      ps.setLong(1, row.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long subId = rs.getLong(1);
          long lastSent = rs.getLong(2);
          byte[] data = rs.getBytes(3);
          SubState stored = parse("subscriptions", "subscription " + subId + " of channel \""
              + row.name() + "\"", () -> SubState.parseFrom(data));
          long effectiveLastSent = Math.max(lastSent, stored.getLastSent());
          SubState sub = stored.toBuilder().setID(subId).setLastSent(effectiveLastSent).build();
          long[] seqs = pending.getOrDefault(subId, new long[0]);
          recovered.add(new RecoveredSubscription(sub, SequenceSet.of(seqs)));
          subs.recovered(subId, effectiveLastSent);
        }
      }
    }
    return new RecoveredChannel(new Channel(row.name(), msgs, subs), recovered);
  }

  private Map<Long, long[]> pending(Connection c, long channelId) throws SQLException {
    Map<Long, long[]> bySub = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(ctx.sql().selectPending)) {
      ps.setLong(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        long current = Long.MIN_VALUE;
        long[] seqs = new long[16];
        int n = 0;
        while (rs.next()) {
          long subId = rs.getLong(1);
          if (subId != current) {
            if (n > 0) {
              bySub.put(current, Arrays.copyOf(seqs, n));
            }
            current = subId;
            n = 0;
          }
          if (n == seqs.length) {
            seqs = Arrays.copyOf(seqs, n * 2);
          }
          seqs[n++] = rs.getLong(2);
        }
        if (n > 0) {
          bySub.put(current, Arrays.copyOf(seqs, n));
        }
      }
    }
    return bySub;
  }

  /** Parses a stored protobuf value, reporting damage with the table and the row. */
  private interface Parser<T> {
    T parse() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(String table, String what, Parser<T> parser) {
    try {
      return parser.parse();
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptedDataException(
          what + " in table " + table + " cannot be decoded: " + e.getMessage(), e);
    }
  }
}
