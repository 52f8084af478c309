package io.streamstore.file.log;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads messages from slice files. The index entry (32 bytes, from the page cache) gives the record's
 * offset and size, so a random lookup costs exactly two small positional reads. Read-ahead is used
 * only for a sequential reader: when a lookup asks for the record right after the previous one, a
 * window of {@code readBufferSize} bytes is read and the following lookups are served from it.
 *
 * <p>Every record is checked: header size against the index, CRC (when {@code doCRC}), sequence.
 * Not thread-safe: used under the owning log's lock.
 */
final class SliceReader {

  private final RecordCodec codec;
  private final boolean checkCrc;
  private final int readAhead;
  // Direct buffers: positional reads land in them without the JDK's temporary-buffer copy.
  private final ByteBuffer entry =
      ByteBuffer.allocateDirect(IndexCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private ByteBuffer window;
  private Slice windowSlice;
  private long windowStart;
  private ByteBuffer single = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
  private Slice lastSlice;
  private long nextOffset = -1;
  private long lastWindowUse;

  SliceReader(RecordCodec codec, boolean checkCrc, int readBufferSize) {
    this.codec = codec;
    this.checkCrc = checkCrc;
    this.readAhead = readBufferSize;
  }

  /** Frees the read-ahead window when no sequential reader used it for {@code ttlNanos}. */
  void trim(long now, long ttlNanos) {
    if (window != null && now - lastWindowUse >= ttlNanos) {
      window = null;
      windowSlice = null;
    }
  }

  /** Drops any cached bytes of {@code s} (closed, removed or truncated). */
  void forget(Slice s) {
    if (windowSlice == s) {
      windowSlice = null;
    }
    if (lastSlice == s) {
      lastSlice = null;
    }
  }

  /**
   * Reads the index entry of {@code seq} into a shared 32-byte buffer and checks it.
   *
   * @return the buffer, entry at position 0 (valid until the next call)
   */
  ByteBuffer indexEntry(Slice s, long seq) throws IOException {
    long pos = (seq - s.indexBaseSeq) * IndexCodec.SIZE;
    if (s.memoryIndex != null) {
      entry.clear();
      entry.put(0, s.memoryIndex, (int) pos, IndexCodec.SIZE);
    } else if (s.indexMap != null
        && FileVersion.SIZE + pos + IndexCodec.SIZE <= s.indexMap.limit()) {
      entry.clear();
      entry.put(0, s.indexMap, (int) (FileVersion.SIZE + pos),
          IndexCodec.SIZE);
    } else {
      entry.clear();
      long at = FileVersion.SIZE + pos;
      try {
        s.index().readFully(entry, at);
      } catch (java.io.EOFException e) {
        throw new DamagedIndexException("index file ends before the entry of sequence " + seq,
            s.indexPath.toString(), at);
      }
    }
    if (!IndexCodec.crcMatches(entry, 0) || IndexCodec.seq(entry, 0) != seq) {
      throw new DamagedIndexException(
          "index entry of sequence " + seq + " is damaged (CRC or sequence mismatch; found "
              + IndexCodec.seq(entry, 0) + ")",
          s.indexPath.toString(), FileVersion.SIZE + pos);
    }
    return entry;
  }

  /** Reads and checks the message {@code seq} of {@code s}. */
  MsgProto read(Slice s, long seq) throws IOException {
    ByteBuffer e = indexEntry(s, seq);
    long offset = IndexCodec.offset(e, 0);
    int size = IndexCodec.size(e, 0);
    if (size < 0 || size > codec.sizeLimit()) {
      throw new CorruptedDataException(
          "index entry of sequence " + seq + " has an impossible size " + Integer.toUnsignedString(size),
          s.indexPath.toString(), -1, null);
    }
    int total = RecordCodec.HEADER_SIZE + size;
    ByteBuffer buf;
    int at;
    if (windowSlice == s && offset >= windowStart && offset + total <= windowStart + window.limit()) {
      buf = window;
      at = (int) (offset - windowStart);
      lastWindowUse = System.nanoTime();
    } else if (readAhead > total && s == lastSlice && offset == nextOffset) {
      fillWindow(s, offset, total);
      buf = window;
      at = 0;
      lastWindowUse = System.nanoTime();
    } else {
      if (single.capacity() < total) {
        single = ByteBuffer.allocateDirect(Math.max(total, 2 * single.capacity()))
            .order(ByteOrder.LITTLE_ENDIAN);
      }
      single.clear().limit(total);
      readAtLeast(s, single, offset, total);
      buf = single;
      at = 0;
    }
    lastSlice = s;
    nextOffset = offset + total;
    return decode(s, seq, buf, at, size, offset);
  }

  private void fillWindow(Slice s, long offset, int total) throws IOException {
    if (window == null) {
      window = ByteBuffer.allocate(readAhead).order(ByteOrder.LITTLE_ENDIAN);
    }
    window.clear();
    windowSlice = null;
    readAtLeast(s, window, offset, total);
    window.flip();
    windowSlice = s;
    windowStart = offset;
  }

  /** Reads from {@code offset} until at least {@code min} bytes are in {@code dst} (or it is full). */
  private static void readAtLeast(Slice s, ByteBuffer dst, long offset, int min) throws IOException {
    int start = dst.position();
    long pos = offset;
    while (dst.position() - start < min) {
      int n = s.data().read(dst, pos);
      if (n < 0) {
        throw new CorruptedDataException(
            "the data file ends inside the record its index points to", s.dataPath.toString(),
            offset, null);
      }
      pos += n;
    }
  }

  private MsgProto decode(Slice s, long seq, ByteBuffer buf, int at, int size, long offset) {
    int word = buf.getInt(at);
    int stored = buf.getInt(at + 4);
    if (word != size) {
      throw new CorruptedDataException(
          "record of sequence " + seq + " has size " + word + " but its index says " + size,
          s.dataPath.toString(), offset, null);
    }
    if (checkCrc && !codec.crcMatches(buf, at + RecordCodec.HEADER_SIZE, size, stored)) {
      throw new CorruptedDataException(
          "CRC-32 mismatch in the record of sequence " + seq, s.dataPath.toString(), offset, null);
    }
    MsgProto m;
    try {
      ByteBuffer payload = buf.duplicate();
      payload.limit(at + RecordCodec.HEADER_SIZE + size).position(at + RecordCodec.HEADER_SIZE);
      m = MsgProto.parseFrom(CodedInputStream.newInstance(payload));
    } catch (InvalidProtocolBufferException ex) {
      throw new CorruptedDataException(
          "record of sequence " + seq + " is not a valid message", s.dataPath.toString(), offset, ex);
    } catch (IOException ex) {
      throw new CorruptedDataException(
          "record of sequence " + seq + " cannot be read", s.dataPath.toString(), offset, ex);
    }
    if (m.getSequence() != seq) {
      throw new CorruptedDataException(
          "record holds sequence " + m.getSequence() + " where " + seq + " was expected",
          s.dataPath.toString(), offset, null);
    }
    return m;
  }
}
