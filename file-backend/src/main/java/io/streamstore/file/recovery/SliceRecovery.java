package io.streamstore.file.recovery;

import com.google.protobuf.CodedInputStream;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.IndexEntry;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordFormatException;
import io.streamstore.file.format.RecordProblem;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.CrashDebris;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers one slice. The index is used when its first and last entries are intact, contiguous and
 * the last one matches its record in the data file (offset, size, CRC, sequence); records written
 * after it are then indexed (the index is appended). Otherwise the index is rebuilt from the data
 * file with offsets recomputed from the start, written to a temporary file and moved into place.
 * A zero-filled tail ends the data; an incomplete last record is an error unless
 * truncateUnexpectedEOF; a bad record elsewhere is corruption. Read-only recovery changes no file.
 *
 * <p>Not thread-safe; one instance per slice.
 */
final class SliceRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(SliceRecovery.class);
  private static final int SCAN_BUFFER = 1 << 20;

  private final FileIO io;
  private final FileStoreOptions opts;
  private final RecordCodec codec;
  private final boolean writable;
  private final Path dir;
  private final int number;
  private final Path dat;
  private final Path idx;
  private final boolean lastSlice;
  /** Whether a torn tail past {@link #committed} is crash debris (unclean shutdown, option on). */
  private final boolean crashDebris;
  /** Committed length of the data file per the manifest (0 when not listed). */
  long committed;

  final EnumSet<SliceAction> actions = EnumSet.noneOf(SliceAction.class);
  long dropped;
  final StringBuilder detail = new StringBuilder();

  /** State of a scan of data records. */
  private static final class Scan {
    long end;
    long firstSeq;
    long firstTs;
    long lastSeq;
  }

  SliceRecovery(FileIO io, FileStoreOptions opts, RecordCodec codec, Path dir, int number,
      boolean lastSlice, boolean crashDebris) {
    this.lastSlice = lastSlice;
    this.crashDebris = crashDebris;
    this.io = io;
    this.opts = opts;
    this.codec = codec;
    this.writable = !opts.readOnly();
    this.dir = dir;
    this.number = number;
    this.dat = MsgFiles.data(dir, number);
    this.idx = MsgFiles.index(dir, number);
  }

  RecoveredSlice run() throws IOException {
    try (FileHandle d = io.open(dat, writable ? FileIO.OpenMode.READ_WRITE : FileIO.OpenMode.READ)) {
      long size = d.size();
      if (size < FileVersion.SIZE || versionProblem(d) != null) {
        if (!tornHeader(d, size)) {
          throw corrupt(dat, 0, size < FileVersion.SIZE ? "file too short for its version header"
              : versionProblem(d));
        }
        // A slice whose creation was interrupted holds no record. Its index must agree.
        if (indexListsMessages()) {
          throw corrupt(dat, 0, "the data file holds no record (" + size + " bytes, no valid version"
              + " header) but its index " + idx.getFileName() + " lists messages: the data is lost;"
              + " restore the file or remove both files of the slice to accept the loss");
        }
        note("torn or missing version header of a new slice (" + size + " bytes)");
        return empty();
      }
      RecoveredSlice fromIndex = tryIndex(d, size);
      return fromIndex != null ? fromIndex : rebuild(d, size);
    }
  }

  /** Rebuilds the index from the data file, whatever the index holds (a damaged entry was found). */
  RecoveredSlice rebuildOnly(String why) throws IOException {
    note(why);
    try (FileHandle d = io.open(dat, writable ? FileIO.OpenMode.READ_WRITE : FileIO.OpenMode.READ)) {
      checkVersion(d, dat);
      return rebuild(d, d.size());
    }
  }

  /** Whether the file is a torn version header: a prefix of it, or all zeros. */
  private static boolean tornHeader(FileHandle d, long size) throws IOException {
    if (size > 64 * 1024) {
      return false;
    }
    ByteBuffer b = ByteBuffer.allocate((int) size);
    d.readFully(b, 0);
    if (RecordCodec.allZero(b, 0, (int) size)) {
      return true;
    }
    ByteBuffer v = FileVersion.header();
    if (size >= FileVersion.SIZE) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (b.get(i) != v.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static String versionProblem(FileHandle f) throws IOException {
    ByteBuffer v = ByteBuffer.allocate(FileVersion.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    f.readFully(v, 0);
    v.flip();
    return FileVersion.problem(v);
  }

  /** Whether the slice's index has at least one non-zero entry. */
  private boolean indexListsMessages() throws IOException {
    if (!io.exists(idx)) {
      return false;
    }
    try (FileHandle x = io.open(idx, FileIO.OpenMode.READ)) {
      long n = (x.size() - FileVersion.SIZE) / IndexCodec.SIZE;
      return n > 0 && entriesBeforeZeroTail(x, n) > 0;
    }
  }

  private RecoveredSlice empty() {
    return new RecoveredSlice(number, 0, 0, 0, 0, FileVersion.SIZE, FileVersion.SIZE, null);
  }

  private RecoveredSlice tryIndex(FileHandle d, long size) throws IOException {
    if (!io.exists(idx)) {
      note("index file missing");
      return null;
    }
    try (FileHandle x = io.open(idx, writable ? FileIO.OpenMode.READ_WRITE : FileIO.OpenMode.READ)) {
      long isz = x.size();
      if (isz < FileVersion.SIZE) {
        note("index file too short");
        return null;
      }
      ByteBuffer v = ByteBuffer.allocate(FileVersion.SIZE).order(ByteOrder.LITTLE_ENDIAN);
      x.readFully(v, 0);
      v.flip();
      if (FileVersion.problem(v) != null) {
        note("index file: " + FileVersion.problem(v));
        return null;
      }
      long n = (isz - FileVersion.SIZE) / IndexCodec.SIZE;
      long k = entriesBeforeZeroTail(x, n);
      if (k == 0) {
        note("index file has no entry");
        return null;
      }
      IndexEntry first;
      IndexEntry last;
      try {
        first = IndexCodec.decode(entry(x, 0), 0);
        last = IndexCodec.decode(entry(x, k - 1), 0);
      } catch (RecordFormatException e) {
        note("index entry damaged");
        return null;
      }
      if (first.offset() != FileVersion.SIZE || last.seq() - first.seq() != k - 1
          || first.seq() <= 0) {
        note("index entries are not contiguous from the start of the data file");
        return null;
      }
      if (!recordMatches(d, size, last)) {
        if (!lastSlice && last.endOffset() > size) {
          throw corrupt(dat, size, "the index lists sequence " + last.seq() + " at offset "
              + last.offset() + " but the data file ends at " + size + "; a slice before the last"
              + " was complete when it was closed, so messages were lost. Restore the file, or run"
              + " the repair tool to accept the loss");
        }
        note("last index entry (sequence " + last.seq() + ") does not match the data file");
        return null;
      }
      actions.add(SliceAction.INDEX_USED);
      long indexEnd = FileVersion.SIZE + k * IndexCodec.SIZE;
      if (indexEnd != isz && writable) {
        x.truncate(indexEnd);
        x.force(false);
      }
      long dataEnd = last.endOffset();
      long count = k;
      long lastSeq = last.seq();
      if (dataEnd < size) {
        IndexSink sink = writable ? IndexSink.toFile(x, indexEnd) : IndexSink.inMemory();
        Scan s = scan(d, size, dataEnd, last.seq(), sink);
        if (sink.entries() > 0) {
          if (!writable) {
            actions.remove(SliceAction.INDEX_USED);
            note("records follow the last index entry");
            return null; // read-only: index it all in memory
          }
          sink.flush();
          x.force(false);
          actions.add(SliceAction.INDEX_EXTENDED);
          note(sink.entries() + " records after the last index entry were indexed");
          count += sink.entries();
          lastSeq = s.lastSeq;
        }
        dataEnd = s.end;
      }
      return new RecoveredSlice(number, first.seq(), lastSeq, count, first.timestamp(), dataEnd,
          FileVersion.SIZE + count * IndexCodec.SIZE, null);
    }
  }

  /** Number of index entries before a run of all-zero entries at the end. */
  private static long entriesBeforeZeroTail(FileHandle x, long n) throws IOException {
    final int chunkEntries = 4096;
    ByteBuffer b = ByteBuffer.allocate(chunkEntries * IndexCodec.SIZE);
    long k = n;
    while (k > 0) {
      long from = Math.max(0, k - chunkEntries);
      int len = (int) (k - from) * IndexCodec.SIZE;
      b.clear().limit(len);
      x.readFully(b, FileVersion.SIZE + from * IndexCodec.SIZE);
      for (int i = (int) (k - from) - 1; i >= 0; i--) {
        if (!RecordCodec.allZero(b, i * IndexCodec.SIZE, IndexCodec.SIZE)) {
          return from + i + 1;
        }
      }
      k = from;
    }
    return 0;
  }

  private static ByteBuffer entry(FileHandle x, long i) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(IndexCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    x.readFully(b, FileVersion.SIZE + i * IndexCodec.SIZE);
    return b;
  }

  private boolean recordMatches(FileHandle d, long size, IndexEntry e) throws IOException {
    if (e.size() < 0 || e.size() > codec.sizeLimit() || e.endOffset() > size) {
      return false;
    }
    ByteBuffer b = ByteBuffer.allocate(RecordCodec.HEADER_SIZE + e.size()).order(ByteOrder.LITTLE_ENDIAN);
    d.readFully(b, e.offset());
    if (b.getInt(0) != e.size() || !codec.crcMatches(b, RecordCodec.HEADER_SIZE, e.size(), b.getInt(4))) {
      return false;
    }
    try {
      b.position(RecordCodec.HEADER_SIZE);
      return MsgProto.parseFrom(CodedInputStream.newInstance(b)).getSequence() == e.seq();
    } catch (IOException ex) {
      return false;
    }
  }

  private RecoveredSlice rebuild(FileHandle d, long size) throws IOException {
    actions.add(SliceAction.INDEX_REBUILT);
    Path tmpPath = idx.resolveSibling(idx.getFileName() + ".tmp");
    FileHandle tmp = null;
    IndexSink sink;
    if (writable) {
      io.deleteIfExists(tmpPath);
      tmp = io.open(tmpPath, FileIO.OpenMode.CREATE_NEW);
      tmp.writeFully(FileVersion.header(), 0);
      sink = IndexSink.toFile(tmp, FileVersion.SIZE);
    } else {
      sink = IndexSink.inMemory();
    }
    try {
      Scan s = scan(d, size, FileVersion.SIZE, 0, sink);
      if (tmp != null) {
        sink.flush();
        tmp.force(false);
        tmp.close();
        tmp = null;
        io.move(tmpPath, idx);
        io.forceDirectory(dir);
      }
      LOG.warn("rebuilt index {} from {} ({} messages): {}", idx, dat, sink.entries(), detail);
      if (sink.entries() == 0) {
        return new RecoveredSlice(number, 0, 0, 0, 0, s.end, FileVersion.SIZE, null);
      }
      return new RecoveredSlice(number, s.firstSeq, s.lastSeq, sink.entries(), s.firstTs, s.end,
          FileVersion.SIZE + sink.entries() * IndexCodec.SIZE, writable ? null : sink.memory());
    } finally {
      if (tmp != null) {
        tmp.close();
        io.deleteIfExists(tmpPath);
      }
    }
  }

  /** Reads records from {@code from}, indexing each, and settles the tail. */
  private Scan scan(FileHandle d, long size, long from, long prevSeq, IndexSink sink)
      throws IOException {
    DataScanner sc = new DataScanner(d, size, codec, SCAN_BUFFER);
    Scan s = new Scan();
    long at = from;
    long seq = prevSeq;
    while (true) {
      RecordProblem p = sc.next(at);
      if (p == null && sc.payload == null) {
        break;
      }
      if (p == null) {
        MsgProto m;
        try {
          m = MsgProto.parseFrom(CodedInputStream.newInstance(sc.payload));
        } catch (IOException e) {
          throw corrupt(dat, at, "record is not a valid message: " + e.getMessage());
        }
        if (seq != 0 && m.getSequence() != seq + 1) {
          throw corrupt(dat, at, "sequence " + m.getSequence() + " follows " + seq);
        }
        if (m.getSequence() <= 0) {
          throw corrupt(dat, at, "record holds sequence 0");
        }
        sink.add(m.getSequence(), at, m.getTimestamp(), sc.payloadSize);
        if (s.firstSeq == 0) {
          s.firstSeq = m.getSequence();
          s.firstTs = m.getTimestamp();
        }
        seq = m.getSequence();
        at += RecordCodec.HEADER_SIZE + sc.payloadSize;
        continue;
      }
      switch (p) {
        case ZERO_FILL -> {
          if (!sc.zeroFrom(at)) {
            throw corrupt(dat, at, "zero-filled bytes followed by data");
          }
          if (!lastSlice) {
            throw corrupt(dat, at, "zero-filled from this offset in slice " + number + ", which is"
                + " not the last: a slice is complete before the next one starts, so its messages"
                + " from here on were lost. " + MIDDLE_ADVICE);
          }
          dropTail(d, at, size, SliceAction.ZERO_TAIL_TRIMMED, "zero-filled tail");
        }
        case TRUNCATED_HEADER, TRUNCATED_PAYLOAD -> torn(d, at, size, p.description());
        case BAD_CRC -> {
          if (at + RecordCodec.HEADER_SIZE + sc.payloadSize == size) {
            torn(d, at, size, "last record fails its CRC-32 (torn write)");
          } else {
            throw corrupt(dat, at, "CRC-32 mismatch in a record followed by more data");
          }
        }
        default -> throw corrupt(dat, at, p.description());
      }
      break;
    }
    s.end = at;
    s.lastSeq = seq;
    return s;
  }

  private void torn(FileHandle d, long at, long size, String why) throws IOException {
    if (!lastSlice) {
      throw corrupt(dat, at, why + " in slice " + number + ", which is not the last: a slice is"
          + " complete before the next one starts, so this is damage, not an interrupted write. "
          + MIDDLE_ADVICE);
    }
    if (crashDebris && at >= committed && writable) {
      CrashDebris.keepAside(io, d, dat, false, at, size, why);
      dropTail(d, at, size, SliceAction.TAIL_TRUNCATED, why + " (crash debris, kept aside)");
      return;
    }
    if (!opts.truncateUnexpectedEOF()) {
      throw corrupt(dat, at, why + "; the last record is incomplete. Back up the store, then open it"
          + " with truncateUnexpectedEOF=true to cut the file at this offset (the record is lost)");
    }
    LOG.warn("{}: {} at offset {}; cutting {} bytes (truncateUnexpectedEOF)", dat, why, at,
        size - at);
    dropTail(d, at, size, SliceAction.TAIL_TRUNCATED, why);
  }

  private void dropTail(FileHandle d, long at, long size, SliceAction action, String why)
      throws IOException {
    if (writable) {
      d.truncate(at);
      d.force(false);
    }
    dropped += size - at;
    actions.add(action);
    note(why + " at offset " + at + " (" + (size - at) + " bytes)");
  }

  private void checkVersion(FileHandle f, Path p) throws IOException {
    ByteBuffer v = ByteBuffer.allocate(FileVersion.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    f.readFully(v, 0);
    v.flip();
    String problem = FileVersion.problem(v);
    if (problem != null) {
      throw corrupt(p, 0, problem);
    }
  }

  private void note(String s) {
    if (detail.length() > 0) {
      detail.append("; ");
    }
    detail.append(s);
  }

  private static final String MIDDLE_ADVICE = "Restore the file from a backup (truncateUnexpectedEOF"
      + " does not apply to a slice before the last; cutting it would leave a hole)";

  private static CorruptedDataException corrupt(Path file, long offset, String what) {
    return new CorruptedDataException(what, file.toString(), offset, null);
  }
}
