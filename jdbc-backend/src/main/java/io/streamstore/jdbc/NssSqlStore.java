package io.streamstore.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.ReadOnlyStoreException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database written by NATS Streaming's SQL store, in NATS Streaming's own schema ({@code
 * layout=nss}), opened read-only: {@link #recover()} gives what the Go store recovers from it, and
 * every method that would change it fails with {@link ReadOnlyStoreException} before touching the
 * database. Its purpose is migration: {@code copy} reads it into any other backend. Why not
 * read-write: see the module README ("NATS Streaming SQL databases").
 *
 * <p>What differs from this backend's own layout, as in NATS Streaming: subscription ids are counted
 * across the store, last sent comes from the highest of the subscription row and its {@code
 * SubsPending} rows, and sizes are the serialized messages only. No limit is applied (nothing is
 * removed from a store that is only read). Thread-safe.
 */
final class NssSqlStore implements Store {

  /** NATS Streaming's MySQL schema keeps a message in a {@code BLOB}: 64 KB less one byte. */
  static final long MYSQL_BLOB_MAX = 65_535;

  private final Database db;
  private final NssTables tables;
  private final long maxMessageSize;
  private volatile StoreLimits limits;
  private final Map<String, Channel> channels = new HashMap<>(); // guarded by this

  private NssSqlStore(Database db, NssTables tables, StoreLimits limits, long maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    this.db = db;
    this.tables = tables;
    this.limits = limits;
  }

  /**
   * Opens the pool on a PostgreSQL or MySQL/MariaDB database.
   *
   * @throws InvalidOptionException for another database or an option that has no meaning here
   */
  static NssSqlStore open(JdbcStoreOptions options) {
    Dialect dialect = options.dialect();
    if (dialect instanceof H2Dialect) {
      throw new InvalidOptionException("layout=nss reads a database written by NATS Streaming's SQL"
          + " store, which supports PostgreSQL and MySQL/MariaDB only, not H2");
    }
    if (!options.tablePrefix().equals(Tables.DEFAULT_PREFIX)) {
      throw new InvalidOptionException("option 'tablePrefix' has no meaning with layout=nss"
          + " (NATS Streaming's tables have fixed names; use 'schema' for their schema)");
    }
    long maxMessageSize = dialect instanceof PostgresDialect ? PostgresDialect.BYTEA_MAX : MYSQL_BLOB_MAX;
    return new NssSqlStore(Database.open(options, dialect, StoreMetrics.NONE), new NssTables(options.schema()),
        options.limits(), maxMessageSize);
  }

  static ReadOnlyStoreException readOnly(String what) {
    return new ReadOnlyStoreException("cannot " + what + ": a database in NATS Streaming's SQL"
        + " layout (layout=nss) is opened read-only; copy it into a store of this library to write");
  }

  @Override
  public String type() {
    return "JDBC";
  }

  /**
   * What NATS Streaming's message column holds ({@code bytea} on PostgreSQL, {@code BLOB} on MySQL);
   * nothing is written here anyway, as the store is read-only.
   */
  @Override
  public long maxMessageSize() {
    return maxMessageSize;
  }

  @Override
  public boolean tryExclusiveLock() {
    throw new NotSupportedException("a database opened with layout=nss is read-only and takes no"
        + " lock (NATS Streaming's StoreLock is left alone)");
  }

  @Override
  public void init(ServerInfo info) {
    throw readOnly("record the server info");
  }

  @Override
  public Optional<RecoveredState> recover() {
    return db.read("recovering the NATS Streaming SQL store (tables " + tables.serverInfo + ", "
        + tables.channels + ", ...)", this::recover);
  }

  private Optional<RecoveredState> recover(Connection c) throws SQLException {
    ServerInfo info = null;
    try (PreparedStatement ps = c.prepareStatement(tables.serverInfo());
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        int version = rs.getInt(3);
        if (version != NssTables.VERSION) {
          throw new NotSupportedException("the NATS Streaming SQL store has schema version " + version
              + "; layout=nss reads version " + NssTables.VERSION);
        }
        info = ServerInfo.parseFrom(nonNull(rs.getBytes(2)));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptedDataException("ServerInfo.proto is not a NATS Streaming server info", e);
    }
    Map<Long, String> names = new LinkedHashMap<>();
    Map<Long, Long> maxSeqs = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(tables.channels());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.put(rs.getLong(1), rs.getString(2));
        maxSeqs.put(rs.getLong(1), rs.getLong(3));
      }
    }
    if (info == null) {
      if (!names.isEmpty()) {
        throw new MissingServerInfoException("the NATS Streaming SQL store holds " + names.size()
            + " channel(s) but no ServerInfo row");
      }
      return Optional.empty();
    }
    List<Client> clients = clients(c);
    Map<String, RecoveredChannel> recovered = new LinkedHashMap<>();
    for (Map.Entry<Long, String> e : names.entrySet()) {
      recovered.put(e.getValue(), channel(c, e.getKey(), e.getValue(), maxSeqs.get(e.getKey())));
    }
    return Optional.of(new RecoveredState(info, clients, recovered));
  }

  private List<Client> clients(Connection c) throws SQLException {
    List<Client> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(tables.clients());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byte[] proto = rs.getBytes(3);
        ClientInfo ci;
        if (proto == null || proto.length == 0) {
          ci = ClientInfo.newBuilder().setID(rs.getString(1))
              .setHbInbox(rs.getString(2) == null ? "" : rs.getString(2)).build();
        } else {
          try {
            ci = ClientInfo.parseFrom(proto);
          } catch (InvalidProtocolBufferException e) {
            throw new CorruptedDataException("Clients.proto of client '" + rs.getString(1)
                + "' is not a NATS Streaming client record", e);
          }
        }
        out.add(new Client(ci));
      }
    }
    return out;
  }

  private RecoveredChannel channel(Connection c, long id, String name, long maxSeq)
      throws SQLException {
    long count;
    long min;
    long max;
    long bytes;
    try (PreparedStatement ps = c.prepareStatement(tables.messageTotals())) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
        min = rs.getLong(2);
        max = rs.getLong(3);
        bytes = rs.getLong(4);
      }
    }
    long last = Math.max(max, maxSeq);
    long first = count > 0 ? min : (last == 0 ? 0 : last + 1);
    Map<Long, NssPending> pending = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(tables.pendingRows())) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long subId = rs.getLong(1);
          pending.computeIfAbsent(subId, k -> new NssPending())
              .addRow(subId, rs.getLong(2), rs.getLong(3), rs.getBytes(4), rs.getBytes(5));
        }
      }
    }
    List<RecoveredSubscription> subs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(tables.subscriptions())) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long subId = rs.getLong(1);
          SubState state;
          try {
            state = SubState.parseFrom(nonNull(rs.getBytes(3)));
          } catch (InvalidProtocolBufferException e) {
            throw new CorruptedDataException("Subscriptions.proto of subscription " + subId
                + " in channel '" + name + "' is not a NATS Streaming subscription", e);
          }
          NssPending p = pending.getOrDefault(subId, new NssPending());
          long lastSent = Math.max(state.getLastSent(), Math.max(rs.getLong(2), p.lastSent()));
          subs.add(new RecoveredSubscription(
              state.toBuilder().setID(subId).setLastSent(lastSent).build(), p.pending(first)));
        }
      }
    }
    NssMsgStore msgs = new NssMsgStore(db, tables, name, id, new SequenceRange(first, last),
        new MsgStoreState(count, bytes));
    Channel ch = new Channel(name, msgs, new NssSubStore(name));
    synchronized (this) {
      channels.put(name, ch);
    }
    return new RecoveredChannel(ch, subs);
  }

  private static byte[] nonNull(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  @Override
  public void setLimits(StoreLimits newLimits) {
    this.limits = newLimits;
  }

  @Override
  public synchronized Optional<ChannelLimits> channelLimits(String channel) {
    return channels.containsKey(channel) ? Optional.of(limits.forChannel(channel)) : Optional.empty();
  }

  @Override
  public Channel createChannel(String name) {
    throw readOnly("create channel '" + name + "'");
  }

  @Override
  public void deleteChannel(String name) {
    throw readOnly("delete channel '" + name + "'");
  }

  @Override
  public Client addClient(ClientInfo info) {
    throw readOnly("add client '" + info.getID() + "'");
  }

  @Override
  public void deleteClient(String clientId) {
    throw readOnly("delete client '" + clientId + "'");
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "NssSqlStore[" + db.dialect().name() + ", " + tables.serverInfo + "]";
  }
}
