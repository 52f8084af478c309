package io.streamstore.file.log;

import com.google.protobuf.CodedInputStream;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.recovery.MsgLogRecovery;
import io.streamstore.file.recovery.RecoveredSlice;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the log needs from its slices: index entries (from the write buffer, the index map or
 * the index file) and messages, opening and mapping slices on demand, and rebuilding a slice's index
 * when a damaged entry is found.
 *
 * <p>Not thread-safe: used under the owning log's lock.
 */
final class SliceAccess {

  private static final Logger LOG = LoggerFactory.getLogger(SliceAccess.class);
  private static final long MAP_RENEW_LAG = 1 << 20;

  private final MsgLogContext ctx;
  private final FileStoreOptions opts;
  private final FileIO io;
  private final Path dir;
  private final String channel;
  private final boolean writable;
  private final List<Slice> slices;
  private final SliceWriter writer;
  private final SliceReader reader;

  SliceAccess(MsgLogContext ctx, Path dir, String channel, List<Slice> slices, SliceWriter writer,
      SliceReader reader) {
    this.ctx = ctx;
    this.opts = ctx.options();
    this.io = ctx.io();
    this.dir = dir;
    this.channel = channel;
    this.writable = !opts.readOnly();
    this.slices = slices;
    this.writer = writer;
    this.reader = reader;
  }

  /** Drops cached bytes of a slice that is closed or removed. */
  void forget(Slice s) {
    reader.forget(s);
  }

  /** Frees the read-ahead window when idle. */
  void trim(long now, long ttlNanos) {
    reader.trim(now, ttlNanos);
  }

  /** Reads and checks message {@code seq} of {@code s} (from the write buffer when not written). */
  MsgProto message(Slice s, long seq) throws IOException {
    if (writer.holds(seq)) {
      return fromWriteBuffer(seq);
    }
    touch(s);
    s.lastUsed = SliceChain.wallNanos();
    try {
      return reader.read(s, seq);
    } catch (DamagedIndexException e) {
      repairIndex(s, e);
      return reader.read(s, seq);
    }
  }

  /** The payload size of {@code seq} in {@code s}, from its index entry (or the write buffer). */
  int payloadSizeOf(Slice s, long seq) throws IOException {
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

  long timestampOf(Slice s, long seq) throws IOException {
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

  private MsgProto fromWriteBuffer(long seq) throws IOException {
    ByteBuffer idx = writer.indexBuffer();
    int pos = writer.indexPosition(seq);
    ByteBuffer payload = writer.payload(IndexCodec.offset(idx, pos), IndexCodec.size(idx, pos));
    return MsgProto.parseFrom(CodedInputStream.newInstance(payload));
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

}
