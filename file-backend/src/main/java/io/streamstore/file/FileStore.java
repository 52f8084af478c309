package io.streamstore.file;

import io.streamstore.file.compact.CompactionPolicy;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.log.MsgLogContext;
import io.streamstore.file.meta.AtomicReplace;
import io.streamstore.file.meta.ClientsFile;
import io.streamstore.file.meta.ServerInfoFile;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.Client;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreIOException;
import io.streamstore.spi.StoreInUseException;
import io.streamstore.spi.StoreLimits;
import io.streamstore.spi.StoreMetrics;
import io.streamstore.spi.support.AbstractStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a directory, in the NATS Streaming file format (version 1): {@code server.dat}, {@code
 * clients.dat}, {@code .rootdir.lck}, {@code .truncate.lck} and one directory per channel holding
 * {@code msgs.N.dat}/{@code msgs.N.idx} slices and {@code subs.dat}.
 *
 * <p><b>Durability</b> (with the default {@code doSync=true}): {@link #init} replaces {@code
 * server.dat} atomically and durably; an added client and a created subscription are forced before
 * the call returns; a created channel's directory entry is forced; a deleted channel is renamed away
 * durably before its files are removed, so it never comes back. Messages and other subscription
 * records are durable once {@code flush()} returns (or after the background auto-sync). With {@code
 * doSync=false} everything survives a process crash but not an OS crash or power loss.
 *
 * <p><b>Threads:</b> one small scheduler of daemon threads per store runs every background task
 * (message expiry, auto-sync, file-handle trimming); {@link #close()} stops it. Thread-safe as {@link
 * io.streamstore.spi.Store} requires.
 *
 * <p><b>Locking (one writer per directory):</b> opening a store for writing takes the OS lock
 * ({@code FileChannel.tryLock}) on {@code .rootdir.lck} when it is free. When another process (or
 * another store of this JVM) holds it, the store opens as a <em>passive standby</em>: it writes
 * nothing, not even the {@code .truncate.lck} witness, and {@link #recover()}, {@link #init}, channel
 * creation and deletion and client changes fail with {@link StoreInUseException}, so it never holds
 * a channel it could write to. {@link #tryExclusiveLock()} takes the lock once it is free; the
 * standby then recovers what the previous holder wrote. A read-only store ({@code readOnly=true})
 * takes no lock, writes nothing and may be opened while another process holds the lock.
 */
public final class FileStore extends AbstractStore {

  /** The backend name returned by {@link #type()}. */
  public static final String TYPE = "FILE";

  /** The exclusive-lock file in the root. */
  public static final String LOCK_FILE = StoreLayout.LOCK_FILE;

  /** The witness that the store was last opened with {@code truncateUnexpectedEOF}. */
  public static final String TRUNCATE_WITNESS = StoreLayout.TRUNCATE_WITNESS;

  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);

  private final FileIO io;
  private final FileStoreOptions options;
  private final ChannelDirectories dirs;
  private final ServerInfoFile serverFile;
  private final CompactionPolicy compaction;
  private final ScheduledExecutorService scheduler;
  private final MsgLogContext msgLogs;
  private final Map<String, FileSubStore> subStores = new ConcurrentHashMap<>(); // written under lock
  private final ScheduledFuture<?> autoSync;
  private ClientsFile clientsFile; // guarded by lock; opened on first use
  private final StoreDirectory directory; // guarded by lock

  private FileStore(Path root, FileStoreOptions options, StoreLimits limits, FileIO io,
      LongSupplier nanoClock, StoreMetrics metrics) {
    super(limits, metrics);
    this.io = Objects.requireNonNull(io, "io");
    this.options = Objects.requireNonNull(options, "options");
    this.dirs = new ChannelDirectories(io, root);
    this.directory = new StoreDirectory(io, dirs.root());
    this.serverFile = new ServerInfoFile(io, dirs.root(), newCodec(), options.doCRC());
    this.compaction = CompactionPolicy.of(options, nanoClock);
    this.scheduler = newScheduler();
    this.msgLogs = MsgLogContext.of(io, options, scheduler, metrics);
    this.autoSync =
        options.autoSyncEnabled() && !options.readOnly()
            ? scheduler.scheduleWithFixedDelay(
                this::autoSyncAll, options.autoSync().toNanos(), options.autoSync().toNanos(),
                TimeUnit.NANOSECONDS)
            : null;
  }

  /** Opens (creating when absent) the store in {@code root} on the real file system. */
  public static FileStore open(Path root, FileStoreOptions options, StoreLimits limits) {
    return open(root, options, limits, FileIO.real());
  }

  /**
   * Opens (creating when absent) the store in {@code root}, doing all file access through {@code io}.
   * This is the seam for fault-injection and crash-simulation tests: give an {@link FileIO} that fails
   * chosen operations or drops unsynced data, then reopen with {@link FileIO#real()} (or the
   * simulated survivor) and check what was recovered.
   *
   * <p>Opening for writing creates the root directory, takes the exclusive lock when it is free (else
   * the store is a passive standby, see the class comment) and, holding the lock, handles the {@code
   * .truncate.lck} witness: with {@code truncateUnexpectedEOF} it is created, and opening twice in a
   * row with that option fails (data loss stays a deliberate, one-time decision, as in NATS
   * Streaming); without it, it is removed.
   *
   * @throws InvalidOptionException when {@code truncateUnexpectedEOF} is used twice in a row
   * @throws StoreIOException when the directory cannot be created
   */
  public static FileStore open(Path root, FileStoreOptions options, StoreLimits limits, FileIO io) {
    return open(root, options, limits, io, System::nanoTime, StoreMetrics.NONE);
  }

  /**
   * As {@link #open(Path, FileStoreOptions, StoreLimits)}, reporting stores, flushes, forces, slice
   * roll-overs, recovery and errors to {@code metrics}.
   */
  public static FileStore open(
      Path root, FileStoreOptions options, StoreLimits limits, StoreMetrics metrics) {
    return open(root, options, limits, FileIO.real(), System::nanoTime, metrics);
  }

  /** As {@link #open(Path, FileStoreOptions, StoreLimits, FileIO)} with a test clock for compaction. */
  static FileStore open(
      Path root, FileStoreOptions options, StoreLimits limits, FileIO io, LongSupplier nanoClock) {
    return open(root, options, limits, io, nanoClock, StoreMetrics.NONE);
  }

  /** The one that does the work: every other {@code open} comes here. */
  static FileStore open(Path root, FileStoreOptions options, StoreLimits limits, FileIO io,
      LongSupplier nanoClock, StoreMetrics metrics) {
    Objects.requireNonNull(root, "root");
    Path dir = root.toAbsolutePath().normalize();
    StoreDirectory.prepare(dir, options, io);
    FileStore store = new FileStore(dir, options, limits, io, nanoClock, metrics);
    if (!options.readOnly()) {
      try {
        synchronized (store.lock) {
          if (!store.directory.tryLock(options)) {
            LOG.info("the store in {} is locked by another process or store; opened as a passive"
                + " standby that writes nothing until tryExclusiveLock() succeeds", dir);
          }
        }
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }
    return store;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Option {@code recordSizeLimit} (default 64 MiB, 1 KiB to 1 GiB): a message is one record, whose
   * payload is the message's protobuf encoding. The limit also bounds what recovery reads, so it may
   * only be lowered on a store whose messages all fit.
   */
  @Override
  public long maxMessageSize() {
    return options().recordSizeLimit();
  }

  /** The store's root directory. */
  public Path root() {
    return dirs.root();
  }

  /** The options this store was opened with. */
  public FileStoreOptions options() {
    return options;
  }

  /**
   * Takes the exclusive lock if this store does not hold it yet: a writable store took it at open
   * when it was free, so this is how a passive standby becomes the writer. Recover after it returned
   * true: only then does the store read (and may rewrite) what the previous holder left.
   *
   * @throws NotSupportedException for a read-only store
   * @throws InvalidOptionException when {@code truncateUnexpectedEOF} was used twice in a row
   */
  @Override
  public boolean tryExclusiveLock() {
    synchronized (lock) {
      ensureOpen();
      if (options.readOnly()) {
        throw new NotSupportedException("a read-only store takes no exclusive lock");
      }
      return directory.tryLock(options);
    }
  }

  /** Whether this store holds the directory's exclusive lock (it can write). */
  public boolean holdsLock() {
    synchronized (lock) {
      return directory.isLocked();
    }
  }

  @Override
  protected void doInit(ServerInfo info) {
    requireWritable();
    requireLock("init");
    serverFile.write(info);
    clientsFile(); // make sure clients.dat exists next to server.dat
  }

  @Override
  protected Optional<RecoveredState> doRecover() {
    List<String> reserved = dirs.listReservedDirectories();
    if (!reserved.isEmpty()) {
      throw new CorruptedDataException(StoreLayout.reservedDirectoryProblem(reserved.get(0))
          + (reserved.size() > 1 ? " (also: " + reserved.subList(1, reserved.size()) + ")" : ""),
          reserved.get(0), -1, null);
    }
    if (!options.readOnly()) {
      requireLock("recover");
      directory.removeLeftovers(dirs);
    }
    Optional<ServerInfo> info = serverFile.read();
    List<String> names = dirs.listChannelNames();
    if (info.isEmpty()) {
      if (!names.isEmpty()) {
        throw new MissingServerInfoException(
            "the store in " + dirs.root() + " has channel directories " + preview(names)
                + " but no server information (" + ServerInfoFile.NAME + " is missing or empty);"
                + " restore " + ServerInfoFile.NAME + " from a backup rather than starting over");
      }
      return Optional.empty();
    }
    warnAboutCaseCollisions(names);
    List<ClientInfo> clients = clientsFile().clients();
    Map<String, RecoveredChannel> channels = new ChannelRecovery(this, names).run();
    List<Client> recoveredClients = new ArrayList<>(clients.size());
    for (ClientInfo c : clients) {
      recoveredClients.add(new Client(c));
    }
    return Optional.of(new RecoveredState(info.get(), recoveredClients, channels));
  }

  /** Recovers one channel's message log and subscriptions (called by {@link ChannelRecovery}). */
  RecoveredChannel recoverChannel(String name) {
    Path dir = dirs.resolve(name);
    dirs.checkExisting(name, dir);
    if (!options.readOnly()) {
      try {
        io.deleteIfExists(AtomicReplace.tempFor(dir.resolve(FileSubStore.FILE_NAME)));
      } catch (IOException e) {
        throw new StoreIOException("removing a stale temp file in " + dir, e);
      }
    }
    ChannelLimits limits = limits().forChannel(name);
    FileMsgStore msgs = FileMsgStore.recover(msgLogs, dir, name, limits.msgLimits());
    FileSubStore subs;
    try {
      subs = FileSubStore.recover(io, dir, name, newCodec(), options, limits.subLimits(), compaction);
    } catch (RuntimeException e) {
      msgs.close();
      throw e;
    }
    subStores.put(name, subs);
    return new RecoveredChannel(new Channel(name, msgs, subs), subs.recovered());
  }

  /** Closes the stores of a channel whose recovery is abandoned. */
  void abandon(RecoveredChannel rc) {
    try {
      rc.channel().msgs().close();
    } catch (RuntimeException e) {
      LOG.warn("closing {} after a failed recovery: {}", rc.channel().name(), e.toString());
    }
    rc.channel().subs().close();
    subStores.remove(rc.channel().name());
  }

  FileStoreOptions storeOptions() {
    return options;
  }

  @Override
  protected Channel doCreateChannel(String name, ChannelLimits limits) {
    requireWritable();
    requireLock("createChannel");
    Path dir = dirs.checkNew(name);
    try {
      dirs.create(name, dir);
    } catch (IOException e) {
      throw new StoreIOException("creating the directory of channel \"" + name + "\"", e);
    }
    FileMsgStore msgs = null;
    try {
      msgs = FileMsgStore.create(msgLogs, dir, name, limits.msgLimits());
      FileSubStore subs =
          FileSubStore.create(io, dir, name, newCodec(), options, limits.subLimits(), compaction);
      subStores.put(name, subs);
      return new Channel(name, msgs, subs);
    } catch (RuntimeException e) {
      if (msgs != null) {
        msgs.close();
      }
      try {
        dirs.delete(dir);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  protected void doDeleteChannel(Channel channel) {
    requireWritable();
    requireLock("deleteChannel");
    String name = channel.name();
    try {
      channel.msgs().close();
    } finally {
      channel.subs().close();
    }
    try {
      dirs.delete(dirs.resolve(name));
    } catch (IOException e) {
      throw new StoreIOException("deleting the directory of channel \"" + name + "\"", e);
    }
    subStores.remove(name);
  }

  @Override
  protected void doAddClient(ClientInfo info) {
    requireWritable();
    requireLock("addClient");
    clientsFile().add(info);
  }

  @Override
  protected void doDeleteClient(String clientId) {
    requireWritable();
    requireLock("deleteClient");
    clientsFile().delete(clientId);
  }

  @Override
  protected void doClose() {
    if (autoSync != null) {
      autoSync.cancel(false);
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("background tasks of {} did not stop within 10s", dirs.root());
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scheduler.shutdownNow();
    }
    synchronized (lock) {
      try {
        if (clientsFile != null) {
          clientsFile.close();
          clientsFile = null;
        }
      } finally {
        directory.unlock();
      }
    }
  }

  /** The sub store of a live channel (tests and tools). */
  FileSubStore subStore(String channel) {
    return subStores.get(channel);
  }

  /** The clients file, opened (and replayed, or created) on first use. Call under {@link #lock}. */
  ClientsFile clientsFile() {
    if (clientsFile == null) {
      clientsFile =
          ClientsFile.open(io, dirs.root(), newCodec(), compaction, options.doSync(), options.doCRC(),
              options.truncateUnexpectedEOF(), options.readOnly(), options.cutTornTailAfterCrash());
    }
    return clientsFile;
  }

  private void autoSyncAll() {
    for (FileSubStore s : subStores.values()) {
      s.autoSync();
    }
    synchronized (lock) {
      if (clientsFile != null && !isClosed()) {
        try {
          clientsFile.checkpoint();
        } catch (RuntimeException e) {
          LOG.warn("checkpoint of {} failed: {}", ClientsFile.NAME, e.toString());
        }
      }
    }
  }

  private void warnAboutCaseCollisions(List<String> names) {
    Map<String, String> folded = new java.util.HashMap<>();
    for (String n : names) {
      String other = folded.putIfAbsent(n.toUpperCase(java.util.Locale.ROOT).toLowerCase(java.util.Locale.ROOT), n);
      if (other != null) {
        LOG.warn("channels \"{}\" and \"{}\" differ only in case: this store cannot be moved to a"
            + " case-insensitive file system", other, n);
      }
    }
  }

  private RecordCodec newCodec() {
    return new RecordCodec(Crc32.of(options.crcPolynomial()), options.recordSizeLimit(), options.doCRC());
  }

  private void requireWritable() {
    if (options.readOnly()) {
      throw new NotSupportedException("the store in " + dirs.root() + " was opened read-only");
    }
  }

  /** Refuses {@code what} unless this store holds the lock; call under {@link #lock}. */
  private void requireLock(String what) {
    if (!directory.isLocked()) {
      throw new StoreInUseException("the store in " + dirs.root() + " is in use: another process or"
          + " store holds its lock (" + LOCK_FILE + "), so this store is a passive standby that"
          + " writes nothing; " + what + " is refused. Call tryExclusiveLock() until it returns true"
          + " and recover() then, or open the directory with readOnly=true to inspect it");
    }
  }

  private static ScheduledExecutorService newScheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "streamstore-file-background");
              t.setDaemon(true);
              return t;
            });
    s.setRemoveOnCancelPolicy(true);
    s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return s;
  }

  private static String preview(List<String> names) {
    return names.size() <= 5 ? names.toString() : names.subList(0, 5) + " (" + names.size() + " in all)";
  }
}
