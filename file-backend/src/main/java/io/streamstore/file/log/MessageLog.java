package io.streamstore.file.log;

import com.google.protobuf.CodedInputStream;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.recovery.MsgLogRecovery;
import io.streamstore.file.recovery.MsgLogRecoveryReport;
import io.streamstore.file.recovery.RecoveredSlice;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log of one channel: ordered slices, the write buffer of the last one, limits and
 * expiry, lookups. {@code FileMsgStore} is its public face; this class holds the mechanics.
 *
 * <p>Concurrency: one lock guards every field below it; {@link #flush()} releases it before waiting
 * for the group commit, so other threads keep storing while a force runs. Background work runs on
 * the store's shared scheduler and takes the same lock.
 */
public final class MessageLog {

  private static final Logger LOG = LoggerFactory.getLogger(MessageLog.class);
  private static final long SECOND = 1_000_000_000L;
  private static final long HOUSEKEEPING_MILLIS = 1000;
  private static final long SHRINK_INTERVAL = 5 * SECOND;
  private static final int CACHE_SIZE = 1024;

  private final MsgLogContext ctx;
  private final FileStoreOptions opts;
  private final FileIO io;
  private final Path dir;
  private final String channel;
  private final MsgStoreLimits limits;
  private final SliceLimits sliceLimits;
  private final boolean writable;
  private final SliceArchiver archiver;
  private final MsgLogRecoveryReport report;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile StoreIOException failure;

  // everything below: guarded by lock
  private final ArrayList<Slice> slices = new ArrayList<>();
  private final SliceWriter writer;
  private final SliceReader reader;
  private final MessageCache cache = new MessageCache(CACHE_SIZE);
  private int lastSliceNumber;
  private long first;
  private long last;
  private long count;
  private long bytes;
  private MsgProto firstMsg;
  private MsgProto lastMsg;
  private boolean closed;
  private boolean hitLimit;
  private ScheduledFuture<?> housekeeping;
  private ScheduledFuture<?> expiry;
  private long expiryAt;
  private long lastShrink;
  private long lastAutoSync;

  private MessageLog(MsgLogContext ctx, Path dir, String channel, MsgStoreLimits limits,
      MsgLogRecoveryReport report) {
    this.ctx = ctx;
    this.opts = ctx.options();
    this.io = ctx.io();
    this.dir = dir;
    this.channel = channel;
    this.limits = limits;
    this.sliceLimits = SliceLimits.of(opts, limits);
    this.writable = !opts.readOnly();
    this.archiver = new SliceArchiver(io, opts.sliceArchiveScript(), channel);
    this.report = report;
    Crc32 crc = Crc32.of(opts.crcPolynomial());
    this.writer = new SliceWriter(new RecordCodec(crc, opts.recordSizeLimit(), opts.doCRC()),
        opts.bufferSize());
    this.reader = new SliceReader(new RecordCodec(Crc32.of(opts.crcPolynomial()),
        opts.recordSizeLimit(), opts.doCRC()), opts.doCRC(), opts.readBufferSize());
  }

  /**
   * Builds the log from recovered slices, applies the limits (count, bytes, then age) and starts its
   * background work on the shared scheduler.
   */
  public static MessageLog open(MsgLogContext ctx, Path dir, String channel, MsgStoreLimits limits,
      MsgLogRecovery.Result recovered) {
    MessageLog log = new MessageLog(ctx, dir, channel, limits, recovered.report());
    log.lock.lock();
    try {
      log.load(recovered.slices());
    } catch (IOException e) {
      throw new StoreIOException("cannot apply limits to channel '" + channel + "'", e);
    } finally {
      log.lock.unlock();
    }
    return log;
  }

  private void load(List<RecoveredSlice> recovered) throws IOException {
    for (RecoveredSlice r : recovered) {
      Slice s = new Slice(dir, r.number(), io, ctx.fileBudget(), writable);
      s.indexBaseSeq = r.firstSeq();
      s.firstSeq = r.firstSeq();
      s.lastSeq = r.lastSeq();
      s.count = r.count();
      s.bytes = r.accountedBytes();
      s.firstWrite = r.firstTimestamp();
      s.memoryIndex = r.memoryIndex();
      slices.add(s);
      count += r.count();
      bytes += s.bytes;
      lastSliceNumber = Math.max(lastSliceNumber, r.number());
    }
    if (!slices.isEmpty()) {
      first = slices.get(0).firstSeq;
      last = slices.get(slices.size() - 1).lastSeq;
      RecoveredSlice lastRec = recovered.get(recovered.size() - 1);
      if (writable) {
        writer.attach(slices.get(slices.size() - 1), lastRec.dataEnd(), lastRec.indexEnd());
      }
    }
    enforceCountAndBytes(false);
    expire(wallNanos());
    long now = System.nanoTime();
    lastShrink = now;
    lastAutoSync = now;
    housekeeping = ctx.scheduler().scheduleWithFixedDelay(this::housekeeping,
        HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** What recovery found and did. */
  public MsgLogRecoveryReport recoveryReport() {
    return report;
  }

  /** Whether an I/O error put the log in its failed state. */
  public boolean failed() {
    return failure != null;
  }

  /** Count and accounted bytes. */
  public MsgStoreState state() {
    lock.lock();
    try {
      checkOpen();
      return new MsgStoreState(count, bytes);
    } finally {
      lock.unlock();
    }
  }

  /** First and last sequence. */
  public SequenceRange range() {
    lock.lock();
    try {
      checkOpen();
      return new SequenceRange(first, last);
    } finally {
      lock.unlock();
    }
  }

  /** Appends {@code msg} (ignored when its sequence is not above the last). */
  public long store(MsgProto msg) {
    long seq = msg.getSequence();
    lock.lock();
    try {
      checkWritable();
      if (seq <= last) {
        return seq;
      }
      try {
        if (last > 0 && seq > last + 1) {
          fillGaps(seq, msg.getTimestamp());
        }
        append(msg, seq);
        if (first == 0 || first == seq) {
          first = seq;
          firstMsg = msg;
        }
        last = seq;
        lastMsg = msg;
        if (limits.maxMsgs() > 0 || limits.maxBytes() > 0) {
          enforceCountAndBytes(true);
        }
      } catch (IOException e) {
        throw fail("storing message " + seq, e);
      }
      return seq;
    } finally {
      lock.unlock();
    }
  }

  private void append(MsgProto msg, long seq) throws IOException {
    int size = msg.getSerializedSize();
    long now = wallNanos();
    Slice s = writer.slice();
    if (s == null || sliceLimits.full(s.count, s.bytes, s.firstWrite, now)) {
      s = roll();
    }
    writer.append(msg, seq, size);
    long accounted = MsgFiles.accounted(size);
    if (s.indexBaseSeq == 0) {
      s.indexBaseSeq = seq;
      s.firstSeq = seq;
      s.firstWrite = msg.getTimestamp();
    }
    s.lastSeq = seq;
    s.count++;
    s.bytes += accounted;
    s.lastUsed = now;
    count++;
    bytes += accounted;
    if (expiry == null && limits.maxAge().toNanos() > 0) {
      scheduleExpiry(msg.getTimestamp() + limits.maxAge().toNanos());
    }
  }

  /** NATS fills a gap in sequences with empty messages so every slice's index stays contiguous. */
  private void fillGaps(long upTo, long timestamp) throws IOException {
    for (long i = last + 1; i < upTo; i++) {
      append(MsgProto.newBuilder().setSequence(i).setSubject(channel).setTimestamp(timestamp).build(), i);
      last = i;
      if (first == 0) {
        first = i;
      }
    }
    lastMsg = null;
  }

  /** Ends the write slice (written, forced, closed) and starts the next one. */
  private Slice roll() throws IOException {
    Slice old = writer.slice();
    if (old != null) {
      writer.writeToOs();
      old.close(opts.doSync());
    }
    Slice s = new Slice(dir, ++lastSliceNumber, io, ctx.fileBudget(), true);
    createFile(s.dataPath);
    createFile(s.indexPath);
    io.forceDirectory(dir);
    slices.add(s);
    writer.attach(s, FileVersion.SIZE, FileVersion.SIZE);
    if (old != null && slices.size() == 2 && old.live() == 0) {
      removeFirstSlice();
    }
    return s;
  }

  private void createFile(Path p) throws IOException {
    try (FileHandle h = io.open(p, FileIO.OpenMode.CREATE_NEW)) {
      h.writeFully(FileVersion.header(), 0);
      h.force(true);
    }
  }

  private void enforceCountAndBytes(boolean report) throws IOException {
    long maxMsgs = limits.maxMsgs();
    long maxBytes = limits.maxBytes();
    while (count > 1 && ((maxMsgs > 0 && count > maxMsgs) || (maxBytes > 0 && bytes > maxBytes))) {
      removeFirst();
      if (report && !hitLimit) {
        hitLimit = true;
        LOG.info("channel {}: limits reached ({} messages, {} bytes; limits {} / {}), dropping the"
            + " oldest messages", channel, count, bytes, maxMsgs, maxBytes);
      }
    }
  }

  /** Removes the first message logically; a slice whose messages are all removed goes too. */
  private void removeFirst() throws IOException {
    Slice s = slices.get(0);
    int size = payloadSizeOf(s, first);
    s.removed++;
    count--;
    bytes -= MsgFiles.accounted(Integer.toUnsignedLong(size));
    cache.remove(first);
    first++;
    firstMsg = null;
    if (first > last) {
      lastMsg = null;
    }
    if (s.live() == 0 && slices.size() > 1) {
      removeFirstSlice();
      first = Math.max(first, slices.get(0).firstSeq);
    } else {
      s.firstSeq = first;
    }
  }

  private void removeFirstSlice() throws IOException {
    Slice s = slices.remove(0);
    reader.forget(s);
    s.close(false);
    if (writable) {
      archiver.dispose(s);
    }
  }

  /** The payload size of {@code seq} in {@code s}, from its index entry (or the write buffer). */
  private int payloadSizeOf(Slice s, long seq) throws IOException {
    if (writer.holds(seq)) {
      return IndexCodec.size(writer.indexBuffer(), writer.indexPosition(seq));
    }
    touch(s);
    return IndexCodec.size(reader.indexEntry(s, seq), 0);
  }

  private long timestampOf(Slice s, long seq) throws IOException {
    if (writer.holds(seq)) {
      return IndexCodec.timestamp(writer.indexBuffer(), writer.indexPosition(seq));
    }
    touch(s);
    return IndexCodec.timestamp(reader.indexEntry(s, seq), 0);
  }

  private void expire(long now) throws IOException {
    long maxAge = limits.maxAge().toNanos();
    if (maxAge <= 0) {
      return;
    }
    while (count > 0) {
      long ts = timestampOf(slices.get(0), first);
      if (now - ts < maxAge) {
        scheduleExpiry(ts + maxAge);
        return;
      }
      removeFirst();
    }
  }

  private void scheduleExpiry(long atWallNanos) {
    if (closed || (expiry != null && expiryAt <= atWallNanos)) {
      return;
    }
    if (expiry != null) {
      expiry.cancel(false);
    }
    expiryAt = atWallNanos;
    long delay = Math.max(0, atWallNanos - wallNanos());
    expiry = ctx.scheduler().schedule(this::runExpiry, delay, TimeUnit.NANOSECONDS);
  }

  private void runExpiry() {
    lock.lock();
    try {
      expiry = null;
      if (!closed) {
        expire(wallNanos());
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("channel {}: expiring messages failed", channel, e);
      if (e instanceof IOException io) {
        fail("expiring messages", io);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The message, or null when it is not stored. */
  public MsgProto lookup(long seq) {
    lock.lock();
    try {
      checkOpen();
      return lookupLocked(seq, true);
    } finally {
      lock.unlock();
    }
  }

  private MsgProto lookupLocked(long seq, boolean useCache) {
    if (count == 0 || seq < first || seq > last) {
      return null;
    }
    long now = System.nanoTime();
    MsgProto m = useCache ? cache.get(seq, now) : null;
    if (m != null) {
      return m;
    }
    try {
      if (writer.holds(seq)) {
        m = fromWriteBuffer(seq);
      } else {
        Slice s = sliceOf(seq);
        if (s == null) {
          return null;
        }
        touch(s);
        s.lastUsed = wallNanos();
        m = reader.read(s, seq);
      }
    } catch (IOException e) {
      throw new StoreIOException("reading message " + seq + " of channel '" + channel + "'", e);
    }
    if (useCache) {
      cache.put(seq, m, now);
    }
    return m;
  }

  private MsgProto fromWriteBuffer(long seq) throws IOException {
    ByteBuffer idx = writer.indexBuffer();
    int pos = writer.indexPosition(seq);
    ByteBuffer payload = writer.payload(IndexCodec.offset(idx, pos), IndexCodec.size(idx, pos));
    return MsgProto.parseFrom(CodedInputStream.newInstance(payload));
  }

  private Slice sliceOf(long seq) {
    int lo = 0;
    int hi = slices.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Slice s = slices.get(mid);
      if (seq > s.lastSeq) {
        lo = mid + 1;
      } else if (seq < s.firstSeq) {
        hi = mid - 1;
      } else {
        return s;
      }
    }
    return null;
  }

  /** Before using a closed slice at the open-file limit, closes this log's other idle slices. */
  private void touch(Slice s) throws IOException {
    if (!s.isOpen() && ctx.fileBudget().exhausted()) {
      for (Slice o : slices) {
        if (o != s && o != writer.slice() && o.isOpen()) {
          reader.forget(o);
          o.close(false);
        }
      }
    }
  }

  /** The first sequence whose timestamp is at or after {@code ts} (see MsgStore). */
  public long sequenceForTimestamp(long ts) {
    lock.lock();
    try {
      checkOpen();
      if (first == 0) {
        return 0;
      }
      if (count == 0 || first > last) {
        return last + 1;
      }
      if (firstMsg != null && firstMsg.getTimestamp() >= ts) {
        return first;
      }
      if (lastMsg != null && ts > lastMsg.getTimestamp()) {
        return last + 1;
      }
      for (Slice s : slices) {
        long lo = Math.max(s.firstSeq, first);
        long hi = s.lastSeq;
        if (lo > hi || timestampOf(s, hi) < ts) {
          continue;
        }
        while (lo < hi) {
          long mid = (lo + hi) >>> 1;
          if (timestampOf(s, mid) >= ts) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        return lo;
      }
      return last + 1;
    } catch (IOException e) {
      throw new StoreIOException("reading the index of channel '" + channel + "'", e);
    } finally {
      lock.unlock();
    }
  }

  /** The oldest message, or null. */
  public MsgProto firstMsg() {
    lock.lock();
    try {
      checkOpen();
      if (firstMsg == null) {
        firstMsg = lookupLocked(first, false);
      }
      return firstMsg;
    } finally {
      lock.unlock();
    }
  }

  /** The newest message, or null. */
  public MsgProto lastMsg() {
    lock.lock();
    try {
      checkOpen();
      if (lastMsg == null) {
        lastMsg = lookupLocked(last, false);
      }
      return lastMsg;
    } finally {
      lock.unlock();
    }
  }

  /** Writes buffered messages to the OS and, with doSync, waits for a group-commit force. */
  public void flush() {
    Slice target;
    lock.lock();
    try {
      checkOpen();
      if (!writable) {
        return;
      }
      checkNotFailed();
      try {
        writer.writeToOs();
      } catch (IOException e) {
        throw fail("writing buffered messages", e);
      }
      target = writer.slice();
    } finally {
      lock.unlock();
    }
    if (opts.doSync() && target != null) {
      try {
        ctx.groupCommit().force(target);
      } catch (IOException e) {
        throw fail("forcing " + target.dataPath, e);
      }
    }
  }

  /** Removes every message and slice file; sequences continue after the last one. */
  public void empty() {
    lock.lock();
    try {
      checkWritable();
      if (expiry != null) {
        expiry.cancel(false);
        expiry = null;
      }
      writer.detach();
      try {
        for (Slice s : slices) {
          reader.forget(s);
          s.close(false);
          io.deleteIfExists(s.dataPath);
          io.deleteIfExists(s.indexPath);
        }
        io.forceDirectory(dir);
      } catch (IOException e) {
        throw fail("removing the slices", e);
      } finally {
        slices.clear();
      }
      count = 0;
      bytes = 0;
      first = last > 0 ? last + 1 : 0;
      firstMsg = null;
      lastMsg = null;
      cache.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Writes, forces (with doSync) and closes every file; stops background work. Idempotent. */
  public void close() {
    IOException error = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      housekeeping.cancel(false);
      if (expiry != null) {
        expiry.cancel(false);
      }
      boolean healthy = writable && failure == null;
      if (healthy) {
        try {
          writer.writeToOs();
        } catch (IOException e) {
          error = e;
        }
      }
      for (Slice s : slices) {
        try {
          s.close(healthy && opts.doSync());
        } catch (IOException e) {
          error = error == null ? e : error;
        }
      }
    } finally {
      lock.unlock();
    }
    archiver.awaitScripts(5000);
    if (error != null) {
      throw new StoreIOException("closing the message log of channel '" + channel + "'", error);
    }
  }

  private void housekeeping() {
    Slice toSync = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long nowWall = wallNanos();
      long now = System.nanoTime();
      boolean limited = ctx.fileBudget().limited();
      for (Slice s : slices) {
        boolean isWrite = s == writer.slice();
        if (s.isOpen() && (!isWrite || limited) && nowWall - s.lastUsed >= SECOND) {
          if (isWrite && writable && failure == null) {
            writer.writeToOs();
          }
          reader.forget(s);
          s.close(isWrite && opts.doSync() && failure == null);
        }
      }
      if (writable && failure == null && now - lastShrink >= SHRINK_INTERVAL) {
        writer.shrink();
        lastShrink = now;
      }
      cache.evictIdle(now, SECOND);
      if (writable && failure == null && opts.autoSyncEnabled()
          && now - lastAutoSync >= opts.autoSync().toNanos()) {
        writer.writeToOs();
        toSync = writer.slice();
        lastAutoSync = now;
      }
    } catch (IOException e) {
      fail("background work", e);
    } catch (RuntimeException e) {
      LOG.error("channel {}: background work failed", channel, e);
    } finally {
      lock.unlock();
    }
    if (toSync != null) {
      try {
        toSync.sync();
      } catch (IOException e) {
        fail("auto-sync of " + toSync.dataPath, e);
      }
    }
  }

  private StoreIOException fail(String what, IOException e) {
    StoreIOException f = new StoreIOException("channel '" + channel + "': " + what + " failed; its"
        + " message store refuses writes until the store is reopened", e);
    if (failure == null) {
      failure = f;
      LOG.error("{}", f.getMessage(), e);
    }
    return f;
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreClosedException("the message store of channel '" + channel + "' is closed");
    }
  }

  private void checkNotFailed() {
    StoreIOException f = failure;
    if (f != null) {
      throw new StoreIOException(f.getMessage(), f);
    }
  }

  private void checkWritable() {
    checkOpen();
    if (!writable) {
      throw new StoreIOException("the store was opened read-only (option readOnly); channel '"
          + channel + "' cannot be changed");
    }
    checkNotFailed();
  }

  private static long wallNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }
}
