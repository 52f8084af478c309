package io.streamstore.file;

import io.streamstore.file.compact.CompactionPolicy;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.RecordLog;
import io.streamstore.proto.SubState;
import io.streamstore.proto.SubStateDelete;
import io.streamstore.proto.SubStateUpdate;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.SubStore;
import io.streamstore.spi.SubStoreLimits;
import io.streamstore.spi.TooManySubscriptionsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one channel in {@code <channel>/subs.dat}, in the NATS Streaming format.
 *
 * <p><b>Durability:</b> a created subscription is written and, with {@code doSync}, forced before
 * {@link #createSub} returns (losing an acknowledged subscription would be a bug, rule R12). Updates,
 * deletes, pending and ack records are buffered until {@link #flush()}, the buffer filling, or the
 * background auto-sync; losing some in a crash only causes redeliveries.
 *
 * <p><b>Thread safety:</b> every public method synchronizes on this object, which guards the table,
 * the log and the compaction state.
 */
public final class FileSubStore implements SubStore {

  /** The file name inside a channel directory. */
  public static final String FILE_NAME = io.streamstore.file.meta.StoreLayout.SUBS_FILE;

  /** The manifest of {@code subs.dat} (committed length, clean shutdown; NATS ignores it). */
  public static final String MANIFEST = io.streamstore.file.meta.StoreLayout.SUBS_MANIFEST;

  private static final Logger LOG = LoggerFactory.getLogger(FileSubStore.class);

  private final String channel;
  private final RecordLog log; // guarded by this
  private final SubscriptionTable table; // guarded by this
  private final SubStoreLimits limits;
  private final CompactionPolicy policy;
  private final boolean doSync;
  private final boolean readOnly;
  private long lastCompaction = CompactionPolicy.NEVER; // guarded by this
  private boolean dirty; // written since the last force; guarded by this
  private boolean closed; // guarded by this

  private FileSubStore(
      String channel, RecordLog log, SubscriptionTable table, SubStoreLimits limits,
      CompactionPolicy policy, FileStoreOptions options) {
    this.channel = channel;
    this.log = log;
    this.table = table;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.policy = policy;
    this.doSync = options.doSync();
    this.readOnly = options.readOnly();
  }

  /** Creates the (empty) subscription file of a new channel, durably. */
  static FileSubStore create(
      FileIO io, Path channelDir, String channel, RecordCodec codec, FileStoreOptions options,
      SubStoreLimits limits, CompactionPolicy policy) {
    Path file = channelDir.resolve(FILE_NAME);
    RecordLog log = RecordLog.create(io, file, displayName(channel), codec, options.bufferSize(),
        committed(channelDir, options));
    return new FileSubStore(channel, log, new SubscriptionTable(), limits, policy, options);
  }

  /**
   * Replays an existing subscription file; a missing one is created (a channel directory written by
   * a process that died right after creating it).
   *
   * @throws io.streamstore.spi.CorruptedDataException naming the file and offset of a bad record
   */
  static FileSubStore recover(
      FileIO io, Path channelDir, String channel, RecordCodec codec, FileStoreOptions options,
      SubStoreLimits limits, CompactionPolicy policy) {
    Path file = channelDir.resolve(FILE_NAME);
    if (!io.exists(file)) {
      if (options.readOnly()) {
        return new FileSubStore(channel, null, new SubscriptionTable(), limits, policy, options);
      }
      return create(io, channelDir, channel, codec, options, limits, policy);
    }
    SubscriptionTable table = new SubscriptionTable();
    RecordLog log =
        RecordLog.open(io, file, displayName(channel), codec, options.bufferSize(), options.doCRC(),
            options.truncateUnexpectedEOF(), options.readOnly(), committed(channelDir, options),
            (offset, type, payload) -> table.replay(type, payload));
    table.replayDone();
    return new FileSubStore(channel, log, table, limits, policy, options);
  }

  private static RecordLog.Committed committed(Path channelDir, FileStoreOptions options) {
    return new RecordLog.Committed(channelDir.resolve(MANIFEST), false, options.cutTornTailAfterCrash());
  }

  /** The file name relative to the store root, for messages: {@code <channel>/subs.dat}. */
  static String displayName(String channel) {
    return channel + "/" + FILE_NAME;
  }

  /** The recovered subscriptions with their pending sets, in id order. */
  synchronized List<RecoveredSubscription> recovered() {
    return table.snapshot();
  }

  @Override
  public synchronized long createSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureWritable();
    int max = limits.maxSubscriptions();
    if (max > 0 && table.size() >= max) {
      throw new TooManySubscriptionsException(
          "channel \"" + channel + "\" already has " + table.size()
              + " subscriptions, its maxSubscriptions limit");
    }
    long id = table.nextId();
    SubState stored = sub.toBuilder().setID(id).build();
    log.append(RecordTypes.SUB_NEW, stored);
    log.flush(doSync); // an acknowledged subscription must survive a crash (R12)
    table.put(stored);
    table.records++;
    return id;
  }

  @Override
  public synchronized void updateSub(SubState sub) {
    Objects.requireNonNull(sub, "sub");
    ensureWritable();
    SubscriptionTable.Entry e = existing(sub.getID());
    log.append(RecordTypes.SUB_UPDATE, sub);
    e.state = sub;
    table.records++;
    table.deadRecords++;
    dirty = true;
  }

  @Override
  public synchronized void deleteSub(long subId) {
    ensureWritable();
    SubscriptionTable.Entry e = existing(subId);
    log.append(RecordTypes.SUB_DELETE, SubStateDelete.newBuilder().setID(subId).build());
    table.remove(subId);
    table.deadRecords += 1 + e.pending.size();
    dirty = true;
    compactIfDue();
  }

  @Override
  public synchronized void addSeqPending(long subId, long seq) {
    ensureWritable();
    if (seq <= 0) { // the argument before the id, as every backend (SubStore#addSeqPending)
      throw new InvalidArgumentException(
          "sequence must be positive, got " + seq + " (subscription " + subId + " of channel \"" + channel + "\")");
    }
    SubscriptionTable.Entry e = existing(subId);
    log.append(RecordTypes.SUB_PENDING, SubStateUpdate.newBuilder().setID(subId).setSeqno(seq).build());
    SubscriptionTable.addPending(e, seq);
    table.records++;
    dirty = true;
  }

  @Override
  public synchronized void ackSeqPending(long subId, long seq) {
    ensureWritable();
    SubscriptionTable.Entry e = existing(subId);
    if (!e.pending.contains(seq)) {
      return;
    }
    log.append(RecordTypes.SUB_ACK, SubStateUpdate.newBuilder().setID(subId).setSeqno(seq).build());
    e.pending.remove(seq);
    table.deadRecords++;
    dirty = true;
    compactIfDue();
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
    if (log != null && !readOnly && (dirty || log.hasBuffered())) {
      log.flush(doSync);
      dirty = false;
    }
  }

  /**
   * Background auto-sync: forces what was written since the last force and records the committed
   * length in the manifest. Never throws.
   */
  synchronized void autoSync() {
    if (closed || log == null || readOnly) {
      return;
    }
    try {
      if (dirty) {
        log.flush(true);
        dirty = false;
      }
      log.checkpoint(false);
    } catch (RuntimeException e) {
      LOG.warn("auto-sync of {} failed: {}", displayName(channel), e.toString());
    }
  }

  /** Rewrites {@code subs.dat} with the live subscriptions and their pending sequences only. */
  synchronized void compact() {
    ensureWritable();
    long before = log.size();
    long maxId = table.nextId() - 1;
    List<SubscriptionTable.Entry> entries = table.entries();
    long after =
        log.replaceWith(
            fresh -> {
              long highestLive = 0;
              long pending = 0;
              for (SubscriptionTable.Entry e : entries) {
                fresh.append(RecordTypes.SUB_NEW, e.state);
                highestLive = Math.max(highestLive, e.state.getID());
                long[] seqs = e.pending.snapshot().toArray();
                for (long seq : seqs) {
                  fresh.append(
                      RecordTypes.SUB_PENDING,
                      SubStateUpdate.newBuilder().setID(e.state.getID()).setSeqno(seq).build());
                }
                pending += seqs.length;
              }
              if (maxId > highestLive) {
                // Keep the highest id ever handed out, so that ids are never reused after recovery.
                fresh.append(RecordTypes.SUB_DELETE, SubStateDelete.newBuilder().setID(maxId).build());
              }
              table.records = entries.size() + pending;
            });
    table.deadRecords = 0;
    lastCompaction = policy.now();
    dirty = false;
    LOG.debug("compacted {}: {} -> {} bytes", displayName(channel), before, after);
  }

  /** Current size of {@code subs.dat}, buffered bytes included. */
  synchronized long fileSize() {
    return log == null ? 0 : log.size();
  }

  /** Records that compaction would drop. */
  synchronized long deadRecords() {
    return table.deadRecords;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (log != null) {
      log.close(doSync && !readOnly && dirty);
    }
  }

  /** Whether {@link #close()} was called. */
  synchronized boolean isClosed() {
    return closed;
  }

  private void compactIfDue() {
    if (policy.due(log.size(), table.deadRecords, table.records, lastCompaction)) {
      try {
        compact();
      } catch (RuntimeException e) {
        // The old file is intact and still in use unless the replace itself failed (then the log is
        // failed and the next write reports it).
        LOG.warn("compaction of {} failed: {}", displayName(channel), e.toString());
      }
    }
  }

  private SubscriptionTable.Entry existing(long subId) {
    SubscriptionTable.Entry e = table.get(subId);
    if (e == null) {
      throw new NotFoundException(
          "subscription " + subId + " does not exist in channel \"" + channel + "\"");
    }
    return e;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("subscription store of channel \"" + channel + "\" is closed");
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (readOnly || log == null) {
      throw new NotSupportedException("the store was opened read-only");
    }
  }
}
