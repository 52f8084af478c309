package io.streamstore.file.log;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.recovery.EmptiedMarker;
import io.streamstore.file.recovery.RecoveredSlice;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStoreLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slices of one channel and the counters over them (NATS semantics): appending with gap filling
 * and slice rolling, removal of the oldest messages by limits and age, lookups (the cache, then
 * {@link SliceAccess}). {@link MessageLog} adds locking, the failed state and background scheduling
 * around it.
 *
 * <p>Not thread-safe: every method is called under the owning {@link MessageLog}'s lock.
 */
final class SliceChain {

  private static final Logger LOG = LoggerFactory.getLogger(SliceChain.class);
  private static final int CACHE_SIZE = 1024;

  /**
   * Most missing sequences a gap may have and still be filled with placeholder records (NATS
   * Streaming fills any gap, which for a gap of 10^12 fills the disk). The SPI promises at least
   * 1,000.
   */
  static final long MAX_GAP_PLACEHOLDERS = 1024;

  static {
    // Known to JFR from the start, so a recording started later (jcmd JFR.start) records it too.
    jdk.jfr.FlightRecorder.register(SliceRollEvent.class);
  }

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
  private final MessageCache cache = new MessageCache(CACHE_SIZE);
  private final SliceAccess access;
  private int lastSliceNumber;
  private long first;
  private long last;
  private long count;
  private long bytes;
  private MsgProto firstMsg;
  private MsgProto lastMsg;
  private boolean hitLimit;
  /** Whether the EMPTIED marker file exists (deleted when the next slice is created). */
  private boolean emptiedMarker;
  private final RecordCodec markerCodec;
  private final LogManifest manifest; // null when read-only

  SliceChain(MsgLogContext ctx, Path dir, String channel, MsgStoreLimits limits) {
    this.ctx = ctx;
    this.opts = ctx.options();
    this.io = ctx.io();
    this.dir = dir;
    this.channel = channel;
    this.limits = limits;
    this.sliceLimits = SliceLimits.of(opts, limits);
    this.writable = !opts.readOnly();
    this.archiver = new SliceArchiver(io, opts.sliceArchiveScript(), channel, opts.doSync());
    this.writer = new SliceWriter(new RecordCodec(Crc32.of(opts.crcPolynomial()),
        opts.recordSizeLimit(), opts.doCRC()), opts.bufferSize());
    SliceReader reader = new SliceReader(new RecordCodec(Crc32.of(opts.crcPolynomial()),
        opts.recordSizeLimit(), opts.doCRC()), opts.doCRC(), opts.readBufferSize());
    this.access = new SliceAccess(ctx, dir, channel, slices, writer, reader);
    this.markerCodec = new RecordCodec(Crc32.of(opts.crcPolynomial()), opts.recordSizeLimit(), true);
    this.manifest = writable ? new LogManifest(io, dir) : null;
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

  /**
   * Takes the recovered slices; appends continue at the end of the last one. With no slice,
   * {@code emptiedLast} (from a log emptied earlier) is where sequences continue. Messages below
   * {@code committedFirst} (removed by limits before the last manifest) stay removed.
   */
  void load(List<RecoveredSlice> recovered, long emptiedLast, long committedFirst,
      io.streamstore.file.meta.Manifest recoveredManifest) throws IOException {
    if (manifest != null) {
      manifest.recovered(recoveredManifest);
    }
    if (recovered.isEmpty() && emptiedLast > 0) {
      last = emptiedLast;
      first = last + 1;
      emptiedMarker = true;
    }
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
    while (count > 0 && first < committedFirst) {
      removeFirst();
    }
  }

  /**
   * Writes buffered messages, forces the write slice and records the committed state in the
   * manifest ({@code clean} at close). Does nothing when read-only.
   */
  void checkpoint(boolean clean) throws IOException {
    if (manifest == null) {
      return;
    }
    writer.writeToOs();
    manifest.checkpoint(clean, first, last, slices, writer.slice(), writer.dataEnd(), false);
  }

  /** Before the first change after open: the manifest says "open" from now on. */
  private void markOpen() throws IOException {
    if (manifest != null && !manifest.markedOpen()) {
      writer.writeToOs();
      manifest.checkpoint(false, first, last, slices, writer.slice(), writer.dataEnd(), true);
    }
  }

  /**
   * Appends {@code msg} unless its sequence is not above the last, then applies count and byte
   * limits. A gap of at most {@link #MAX_GAP_PLACEHOLDERS} missing sequences is filled with
   * placeholders, as NATS Streaming fills every gap; after a larger one the message starts a new
   * slice, so the gap costs two new files, never space or work in proportion to its size.
   */
  void store(MsgProto msg) throws IOException {
    markOpen();
    long seq = msg.getSequence();
    boolean nothingLive = count == 0;
    long firstWritten = seq;
    boolean newSlice = false;
    if (last > 0 && seq - last > 1) { // the caller ignores seq <= last: no overflow here
      if (seq - last - 1 <= MAX_GAP_PLACEHOLDERS) {
        firstWritten = last + 1;
        fillGaps(seq, msg.getTimestamp());
      } else {
        newSlice = true;
      }
    }
    append(msg, seq, newSlice);
    if (nothingLive) {
      first = firstWritten; // first stored ever, or the first after empty() or total expiry
    }
    if (first == seq) {
      firstMsg = msg;
    }
    last = seq;
    lastMsg = msg;
    if (limits.maxMsgs() > 0 || limits.maxBytes() > 0) {
      enforceCountAndBytes(true);
    }
  }

  /**
   * Writes {@code msg}; in a new slice when the write slice is full, or when {@code newSlice} and
   * the write slice holds a message: a slice's index is contiguous, so a sequence gap that is not
   * filled can only lie between two slices. NATS Streaming reads such a gap as nothing stored (its
   * recovery takes each slice's first and last sequence from the slice's own records).
   */
  private void append(MsgProto msg, long seq, boolean newSlice) throws IOException {
    long now = wallNanos();
    Slice s = writer.slice();
    if (s == null || (newSlice && s.count > 0)
        || sliceLimits.full(s.count, s.bytes, s.firstWrite, now)) {
      s = roll();
    }
    int total = writer.append(msg, seq);
    if (manifest != null) {
      manifest.changed();
    }
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
      append(MsgProto.newBuilder().setSequence(i).setSubject(channel).setTimestamp(timestamp).build(),
          i, false);
      last = i;
    }
    lastMsg = null;
  }

  /** Ends the write slice (written, forced, closed) and starts the next one. */
  private Slice roll() throws IOException {
    if (writer.slice() == null) {
      return rollOver(); // the first slice of the log (or after empty()): nothing rolls over
    }
    SliceRollEvent event = new SliceRollEvent();
    event.begin();
    Slice s = rollOver();
    ctx.metrics().sliceRolled();
    event.end();
    if (event.shouldCommit()) {
      event.channel = channel;
      event.slice = lastSliceNumber;
      event.commit();
    }
    return s;
  }

  private Slice rollOver() throws IOException {
    Slice old = writer.slice();
    if (old != null) {
      writer.writeToOs();
      old.close(opts.doSync());
    }
    Slice s = new Slice(dir, ++lastSliceNumber, io, ctx.fileBudget(), true);
    createFile(s.dataPath);
    createFile(s.indexPath);
    if (opts.doSync()) {
      io.forceDirectory(dir);
    }
    slices.add(s);
    writer.attach(s, FileVersion.SIZE, FileVersion.SIZE);
    if (emptiedMarker) {
      EmptiedMarker.delete(io, dir); // the new slice carries the sequences from now on
      emptiedMarker = false;
    }
    if (old != null && slices.size() == 2 && old.live() == 0) {
      removeFirstSlice();
    }
    return s;
  }

  /**
   * Creates a slice file with its version header; with doSync forced before anything in it can be
   * acknowledged (without doSync nothing is acknowledged durably, and a torn header is recovered
   * as an empty slice).
   */
  private void createFile(Path p) throws IOException {
    try (FileHandle h = io.open(p, FileIO.OpenMode.CREATE_NEW)) {
      h.writeFully(FileVersion.header(), 0);
      if (opts.doSync()) {
        h.force(true);
      }
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
    if (manifest != null) {
      manifest.changed();
    }
    Slice s = slices.get(0);
    int size = access.payloadSizeOf(s, first);
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
    if (manifest != null) {
      // Before the files go: a manifest never lists a removed slice, and the new first is durable.
      long newFirst = slices.isEmpty() ? first : Math.max(first, slices.get(0).firstSeq);
      long committedLast = manifest.claimableLast(last);
      manifest.write(false, Math.min(newFirst, committedLast + 1), committedLast, slices,
          writer.slice());
    }
    access.forget(s);
    s.close(false);
    if (writable) {
      archiver.dispose(s);
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
      long ts = access.timestampOf(slices.get(0), first);
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
    Slice s = writer.holds(seq) ? writer.slice() : sliceOf(seq);
    if (s == null) {
      return null;
    }
    m = access.message(s, seq);
    if (useCache) {
      cache.put(seq, m, now);
    }
    return m;
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
      if (lo > hi || access.timestampOf(s, hi) < ts) {
        continue;
      }
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        if (access.timestampOf(s, mid) >= ts) {
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
    if (manifest != null) {
      manifest.changed();
      manifest.write(false, last > 0 ? last + 1 : 0, last, List.of(), null);
    }
    writer.detach();
    try {
      for (Slice s : slices) {
        access.forget(s);
        s.close(false);
        io.deleteIfExists(s.dataPath);
        io.deleteIfExists(s.indexPath);
      }
      io.forceDirectory(dir);
      if (last > 0) {
        EmptiedMarker.write(io, dir, markerCodec, last);
        emptiedMarker = true;
      }
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
        access.forget(s);
        s.close(isWrite && sync);
      }
    }
  }

  /** Empties the cache and frees the read-ahead window when they were idle for {@code ttlNanos}. */
  void evictCache(long ttlNanos) {
    long now = System.nanoTime();
    cache.evictIdle(now, ttlNanos);
    access.trim(now, ttlNanos);
  }

  static long wallNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }
}
