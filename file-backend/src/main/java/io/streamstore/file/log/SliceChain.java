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
import io.streamstore.file.recovery.RecoveredSlice;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MsgStoreLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slices of one channel and the counters over them (NATS semantics): appending with gap filling
 * and slice rolling, removal of the oldest messages by limits and age, lookups through the write
 * buffer, the reader and the cache, and index repair. {@link MessageLog} adds locking, the failed
 * state and background scheduling around it.
 *
 * <p>Not thread-safe: every method is called under the owning {@link MessageLog}'s lock.
 */
final class SliceChain {

  private static final Logger LOG = LoggerFactory.getLogger(SliceChain.class);
  private static final int CACHE_SIZE = 1024;
  private static final long MAP_RENEW_LAG = 1 << 20;

  private final MsgLogContext ctx;
  private final FileStoreOptions opts;
  private final FileIO io;
  private final Path dir;
  private final String channel;
  private final MsgStoreLimits limits;
  private final SliceLimits sliceLimits;
  private final boolean writable;
  private final SliceArchiver archiver;
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
  private boolean hitLimit;

  SliceChain(MsgLogContext ctx, Path dir, String channel, MsgStoreLimits limits) {
    this.ctx = ctx;
    this.opts = ctx.options();
    this.io = ctx.io();
    this.dir = dir;
    this.channel = channel;
    this.limits = limits;
    this.sliceLimits = SliceLimits.of(opts, limits);
    this.writable = !opts.readOnly();
    this.archiver = new SliceArchiver(io, opts.sliceArchiveScript(), channel);
    this.writer = new SliceWriter(new RecordCodec(Crc32.of(opts.crcPolynomial()),
        opts.recordSizeLimit(), opts.doCRC()), opts.bufferSize());
    this.reader = new SliceReader(new RecordCodec(Crc32.of(opts.crcPolynomial()),
        opts.recordSizeLimit(), opts.doCRC()), opts.doCRC(), opts.readBufferSize());
  }

  long first() {
    return first;
  }

  long last() {
    return last;
  }

  long count() {
    return count;
  }

  long bytes() {
    return bytes;
  }

  SliceWriter writer() {
    return writer;
  }

  SliceArchiver archiver() {
    return archiver;
  }

  /** Takes the recovered slices; appends continue at the end of the last one. */
  void load(List<RecoveredSlice> recovered) {
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
  }

  /**
   * Appends {@code msg} unless its sequence is not above the last, then applies count and byte
   * limits.
   */
  void store(MsgProto msg) throws IOException {
    long seq = msg.getSequence();
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
  }

  private void append(MsgProto msg, long seq) throws IOException {
    long now = wallNanos();
    Slice s = writer.slice();
    if (s == null || sliceLimits.full(s.count, s.bytes, s.firstWrite, now)) {
      s = roll();
    }
    int total = writer.append(msg, seq);
    long accounted = MsgFiles.accounted(total - RecordCodec.HEADER_SIZE);
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

  void enforceCountAndBytes(boolean report) throws IOException {
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
    try {
      return IndexCodec.size(reader.indexEntry(s, seq), 0);
    } catch (DamagedIndexException e) {
      repairIndex(s, e);
      return IndexCodec.size(reader.indexEntry(s, seq), 0);
    }
  }

  private long timestampOf(Slice s, long seq) throws IOException {
    if (writer.holds(seq)) {
      return IndexCodec.timestamp(writer.indexBuffer(), writer.indexPosition(seq));
    }
    touch(s);
    try {
      return IndexCodec.timestamp(reader.indexEntry(s, seq), 0);
    } catch (DamagedIndexException e) {
      repairIndex(s, e);
      return IndexCodec.timestamp(reader.indexEntry(s, seq), 0);
    }
  }

  /**
   * Rebuilds the index of {@code s} from its data file after a damaged entry was read (the index is
   * not forced on every flush, so an OS crash can leave holes in it). Fails with the original error
   * when the rebuilt index does not describe the same messages.
   */
  private void repairIndex(Slice s, DamagedIndexException cause) throws IOException {
    LOG.warn("channel {}: {}; rebuilding the index of slice {} from its data file", channel,
        cause.getMessage(), s.number);
    boolean isWrite = s == writer.slice();
    if (isWrite && writable) {
      writer.writeToOs();
    }
    reader.forget(s);
    s.close(writable && opts.doSync());
    RecoveredSlice r = MsgLogRecovery.rebuildIndex(io, dir, s.number, opts, cause.getMessage());
    if (r.count() != s.count || r.lastSeq() != s.lastSeq || r.firstSeq() != s.indexBaseSeq) {
      throw new CorruptedDataException("the data file of slice " + s.number + " holds sequences "
          + r.firstSeq() + ".." + r.lastSeq() + " where " + s.indexBaseSeq + ".." + s.lastSeq
          + " were expected", s.dataPath.toString(), -1, cause);
    }
    s.memoryIndex = r.memoryIndex();
    if (isWrite && writable) {
      writer.attach(s, r.dataEnd(), r.indexEnd());
    }
  }

  /**
   * Removes the messages older than MaxAge at wall time {@code now}.
   *
   * @return wall time at which the next message expires, or 0 when none is left (or no MaxAge)
   */
  long expire(long now) throws IOException {
    long maxAge = limits.maxAge().toNanos();
    if (maxAge <= 0) {
      return 0;
    }
    while (count > 0) {
      long ts = timestampOf(slices.get(0), first);
      if (now - ts < maxAge) {
        return ts + maxAge;
      }
      removeFirst();
    }
    return 0;
  }

  /** The message, or null when it is not stored. */
  MsgProto lookup(long seq, boolean useCache) throws IOException {
    if (count == 0 || seq < first || seq > last) {
      return null;
    }
    long now = System.nanoTime();
    MsgProto m = useCache ? cache.get(seq, now) : null;
    if (m != null) {
      return m;
    }
    if (writer.holds(seq)) {
      m = fromWriteBuffer(seq);
    } else {
      Slice s = sliceOf(seq);
      if (s == null) {
        return null;
      }
      touch(s);
      s.lastUsed = wallNanos();
      try {
        m = reader.read(s, seq);
      } catch (DamagedIndexException e) {
        repairIndex(s, e);
        m = reader.read(s, seq);
      }
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

  /**
   * Before a slice is read: at the open-file limit, closes this log's other idle slices; maps the
   * written part of its index (which never changes: the index is append-only, and a failed write is
   * cut back only to where it started), so reading an index entry costs no system call. The write
   * slice's map is renewed once it lags 1 MiB behind; entries past a map are read from the file.
   */
  private void touch(Slice s) throws IOException {
    closeOthersAtLimit(s);
    if (s.memoryIndex != null) {
      return;
    }
    boolean isWrite = s == writer.slice();
    long len = isWrite ? writer.indexWrittenEnd() : FileVersion.SIZE + s.count * IndexCodec.SIZE;
    boolean stale = isWrite && s.indexMap != null && len - s.indexMap.limit() >= MAP_RENEW_LAG;
    if ((!s.mapTried || stale) && len > FileVersion.SIZE && len <= Integer.MAX_VALUE) {
      var h = s.index();
      s.mapTried = true;
      if (len <= h.size()) {
        s.indexMap = h.mapReadOnly(0, len);
      }
    }
  }

  private void closeOthersAtLimit(Slice s) throws IOException {
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
  long sequenceForTimestamp(long ts) throws IOException {
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
  }

  MsgProto firstMsg() throws IOException {
    if (firstMsg == null) {
      firstMsg = lookup(first, false);
    }
    return firstMsg;
  }

  MsgProto lastMsg() throws IOException {
    if (lastMsg == null) {
      lastMsg = lookup(last, false);
    }
    return lastMsg;
  }

  /** The slice written to (null before the first message). */
  Slice writeSlice() {
    return writer.slice();
  }

  /** Deletes every slice; sequences continue after the last. */
  void empty() throws IOException {
    writer.detach();
    try {
      for (Slice s : slices) {
        reader.forget(s);
        s.close(false);
        io.deleteIfExists(s.dataPath);
        io.deleteIfExists(s.indexPath);
      }
      io.forceDirectory(dir);
    } finally {
      slices.clear();
      count = 0;
      bytes = 0;
      first = last > 0 ? last + 1 : 0;
      firstMsg = null;
      lastMsg = null;
      cache.clear();
    }
  }

  /** Closes every slice, forcing when {@code force}; reports the first error after trying all. */
  void closeAll(boolean force) throws IOException {
    IOException error = null;
    for (Slice s : slices) {
      try {
        s.close(force);
      } catch (IOException e) {
        error = error == null ? e : error;
      }
    }
    if (error != null) {
      throw error;
    }
  }

  /**
   * Closes slices unused for {@code idleNanos}: the write slice too when the store has an open-file
   * limit (its buffer is written first, and it is forced when {@code sync}).
   */
  void closeIdle(long idleNanos, boolean canWrite, boolean sync) throws IOException {
    long now = wallNanos();
    boolean limited = ctx.fileBudget().limited();
    for (Slice s : slices) {
      boolean isWrite = s == writer.slice();
      if (s.isOpen() && (!isWrite || limited) && now - s.lastUsed >= idleNanos) {
        if (isWrite && canWrite) {
          writer.writeToOs();
        }
        reader.forget(s);
        s.close(isWrite && sync);
      }
    }
  }

  /** Empties the cache and frees the read-ahead window when they were idle for {@code ttlNanos}. */
  void evictCache(long ttlNanos) {
    long now = System.nanoTime();
    cache.evictIdle(now, ttlNanos);
    reader.trim(now, ttlNanos);
  }

  static long wallNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }
}
