package io.streamstore.jdbc;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.AlreadyExistsException;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreMetrics;
import io.streamstore.spi.support.AbstractStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store kept in a relational database (H2, PostgreSQL, MariaDB/MySQL) through a HikariCP pool.
 * Open it with {@code Stores.open("streamstore:jdbc:<JDBC URL>[?options]")}; see {@link
 * JdbcStoreOptions} and the module README for options, schema and durability.
 *
 * <p>What callers may rely on: every method is thread-safe; a returned {@code flush()} means the data
 * is committed by the database (how durable a commit is depends on the database, see the README);
 * a failed write leaves nothing half-written and keeps its data buffered for the next flush; reads
 * see every stored message at once, flushed or not. Each store runs one background thread (message
 * expiry, lock renewal), stopped by {@link #close()}.
 */
public final class JdbcStore extends AbstractStore {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final JdbcStoreOptions options;
  private final Database db;
  private final ScheduledThreadPoolExecutor scheduler;
  private final LeaseLock exclusiveLock;
  private final StoreContext ctx;
  private long nextChannelId; // guarded by lock

  private JdbcStore(JdbcStoreOptions options, Database db, long maxChannelId,
      long maxMessageSize, StoreMetrics metrics) {
    super(options.limits(), metrics);
    this.options = options;
    this.db = db;
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "streamstore-jdbc-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    Tables tables = new Tables(options.schema(), options.tablePrefix());
    Statements sql = new Statements(tables, db.dialect());
    this.exclusiveLock = new LeaseLock(db, sql, scheduler, options.lockLease(), options.readOnly());
    this.ctx = new StoreContext(db, sql, scheduler, options.batchSize(), options.noCaching(),
        exclusiveLock, maxMessageSize, options.retryDelay(), options.maxRetryDelay(), metrics);
    this.nextChannelId = maxChannelId + 1;
  }

  /**
   * Connects, creates the schema where missing (or, {@code readOnly}, checks that it is there), and
   * returns the store.
   *
   * @throws JdbcStoreException if the database cannot be reached or the schema not created
   * @throws io.streamstore.spi.CorruptedDataException if the database has a newer schema version
   * @throws io.streamstore.spi.NotFoundException if {@code readOnly} and the database holds no store
   */
  public static JdbcStore open(JdbcStoreOptions options) {
    return open(options, StoreMetrics.NONE);
  }

  /**
   * As {@link #open(JdbcStoreOptions)}, reporting stores, flushes, recovery and errors to {@code
   * metrics}, and the pool's figures too when {@code metrics} offers a HikariCP metrics tracker.
   */
  public static JdbcStore open(JdbcStoreOptions options, StoreMetrics metrics) {
    Dialect dialect = options.dialect();
    return open(options, Database.open(options, dialect, metrics), metrics);
  }

  /** Creates the schema where missing on {@code db} (closed on failure) and returns the store. */
  static JdbcStore open(JdbcStoreOptions options, Database db, StoreMetrics metrics) {
    Dialect dialect = db.dialect();
    try {
      Tables tables = new Tables(options.schema(), options.tablePrefix());
      Statements sql = new Statements(tables, dialect);
      long maxChannelId = db.read(options.readOnly() ? "checking the schema" : "creating the schema",
          c -> {
        if (options.readOnly()) {
          new Schema(dialect, tables).check(c, Database.redact(options.jdbcUrl()));
        } else {
          new Schema(dialect, tables).ensure(c);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.maxChannelId)) {
          rs.next();
          return rs.getLong(1);
        }
      });
      String afterCommit = dialect.afterCommit();
      // fail at open, not at the first flush (H2: needs an admin user); a read-only store writes
      // nothing, so it neither needs nor may run it
      if (afterCommit != null && !options.readOnly()) {
        db.read("running " + afterCommit + " (H2 needs it after every write so that kill -9 loses"
            + " no acknowledged write; it needs an admin database user)", c -> {
              try (Statement s = c.createStatement()) {
                return s.execute(afterCommit);
              }
            });
      }
      long ceiling = db.read("reading the largest message size the database takes",
          dialect::maxMessageSizeCeiling);
      long maxMessageSize = options.maxMessageSize() == 0
          ? dialect.defaultMaxMessageSize(ceiling) : options.maxMessageSize();
      MessageSizeLimit.validate(maxMessageSize, ceiling, dialect.maxMessageSizeReason());
      return new JdbcStore(options, db, maxChannelId, maxMessageSize, metrics);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public String type() {
    return "JDBC";
  }

  /**
   * Option {@code maxMessageSize}, checked before a message is buffered. Default and bound per
   * database: H2 16 MiB (both); PostgreSQL 64 MiB, at most 1 GB − 1 MiB (bytea); MariaDB/MySQL 64 MiB
   * or the server's {@code max_allowed_packet} − 64 KiB when that is less, read at open and never
   * above it.
   */
  @Override
  public long maxMessageSize() {
    return ctx.maxMessageSize();
  }

  /** The options the store was opened with. */
  public JdbcStoreOptions options() {
    return options;
  }

  @Override
  public boolean tryExclusiveLock() {
    synchronized (lock) {
      ensureOpen();
      return exclusiveLock.tryAcquire();
    }
  }

  @Override
  protected void doInit(ServerInfo info) {
    exclusiveLock.checkWritable();
    ctx.write("storing the server information", c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate(ctx.sql().deleteServerInfo);
      }
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().insertServerInfo)) {
        ps.setBytes(1, info.toByteArray());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  protected Optional<RecoveredState> doRecover() {
    Optional<RecoveredState> state = new Recovery(ctx).recover(limits());
    state.ifPresent(s -> {
      for (var rc : s.channels().values()) {
        long id = ((JdbcMsgStore) rc.channel().msgs()).channelId();
        nextChannelId = Math.max(nextChannelId, id + 1);
      }
    });
    return state;
  }

  @Override
  protected Channel doCreateChannel(String name, ChannelLimits limits) {
    exclusiveLock.checkWritable();
    long id = nextChannelId++;
    try {
      ctx.write("creating channel \"" + name + "\"", c -> {
        try (PreparedStatement ps = c.prepareStatement(ctx.sql().insertChannel)) {
          ps.setLong(1, id);
          db.dialect().bindName(ps, 2, name);
          ps.executeUpdate();
        }
        return null;
      });
    } catch (JdbcStoreException e) {
      if (e.getCause() instanceof SQLException s && db.dialect().isDuplicateKey(s)) {
        throw new AlreadyExistsException("channel \"" + name + "\" already exists in the database;"
            + " call recover() after opening the store to load existing channels");
      }
      throw e;
    }
    JdbcMsgStore msgs = new JdbcMsgStore(ctx, id, name, limits.msgLimits(), 0, 0, 0, 0);
    JdbcSubStore subs = new JdbcSubStore(ctx, id, name, limits.subLimits(), 0);
    return new Channel(name, msgs, subs);
  }

  @Override
  protected void doDeleteChannel(Channel channel) {
    exclusiveLock.checkWritable();
    JdbcMsgStore msgs = (JdbcMsgStore) channel.msgs();
    JdbcSubStore subs = (JdbcSubStore) channel.subs();
    long id = msgs.channelId();
    synchronized (msgs) {
      synchronized (subs) {
        // One transaction: the channel is either still there, whole, or gone for good.
        ctx.write("deleting channel \"" + channel.name() + "\"", c -> {
          for (String sql : new String[] {ctx.sql().deleteChannelPending,
              ctx.sql().deleteChannelSubs, ctx.sql().deleteChannelMessages,
              ctx.sql().deleteChannel}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ps.setLong(1, id);
              ps.executeUpdate();
            }
          }
          return null;
        });
        msgs.discard();
        subs.discard();
      }
    }
  }

  @Override
  protected void doAddClient(ClientInfo info) {
    exclusiveLock.checkWritable();
    ctx.write("storing client \"" + info.getID() + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().deleteClient)) {
        db.dialect().bindName(ps, 1, info.getID());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().insertClient)) {
        db.dialect().bindName(ps, 1, info.getID());
        ps.setBytes(2, info.toByteArray());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  protected void doDeleteClient(String clientId) {
    exclusiveLock.checkWritable();
    ctx.write("deleting client \"" + clientId + "\"", c -> {
      try (PreparedStatement ps = c.prepareStatement(ctx.sql().deleteClient)) {
        db.dialect().bindName(ps, 1, clientId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  protected void doClose() {
    try {
      exclusiveLock.release();
    } finally {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      db.close();
    }
  }

  /** Simulates a crash for tests: stops renewing the lock and drops the pool without releasing. */
  void crashForTesting() {
    exclusiveLock.abandon();
    scheduler.shutdownNow();
    db.close();
  }

  /** Stops renewing the lock without releasing it, as a frozen process would (tests). */
  void stopRenewingForTesting() {
    exclusiveLock.abandon();
  }

  /** The shared context: database, statements, lock (tests). */
  StoreContext contextForTesting() {
    return ctx;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }
}
