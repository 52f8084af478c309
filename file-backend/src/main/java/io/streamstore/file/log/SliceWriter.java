package io.streamstore.file.log;

import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.proto.MsgProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The write buffer of the current slice: records and their index entries are encoded straight into
 * two reusable direct buffers (no per-message allocation beyond protobuf's encoder) and written to
 * the files at {@link #writeToOs()}. The buffer starts small, doubles up to {@code bufferSize} when a
 * record does not fit, and {@link #shrink()} halves it when it stays less than half used.
 *
 * <p>Not thread-safe: used under the owning log's lock.
 */
final class SliceWriter {

  private static final int MIN_CAPACITY = 4096;

  private final RecordCodec codec;
  private final int maxCapacity;
  private final boolean writeThrough;
  private ByteBuffer data;
  private ByteBuffer index;
  private Slice slice;
  /** File offset where data[0] goes. */
  private long dataOffset;
  /** File offset where index[0] goes. */
  private long indexOffset;
  /** Sequence of the first buffered message. */
  private long firstBufferedSeq;
  private int buffered;
  /** Highest fill since the last shrink check, for {@link #shrink()}. */
  private int highWater;

  SliceWriter(RecordCodec codec, int bufferSize) {
    this.codec = codec;
    this.writeThrough = bufferSize == 0;
    this.maxCapacity = Math.max(MIN_CAPACITY, bufferSize);
    // buffers are allocated by the first append: idle and read-only channels hold none
  }

  private void allocate(int capacity) {
    data = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    // One index entry per record of at least ~16 bytes: a quarter keeps both rarely full together.
    index = ByteBuffer.allocateDirect(Math.max(IndexCodec.SIZE * 64, capacity / 4))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Writes to {@code s} from now on, appending at the given file ends. Nothing may be buffered. */
  void attach(Slice s, long dataEnd, long indexEnd) {
    if (buffered > 0) {
      throw new IllegalStateException("attach with buffered records");
    }
    slice = s;
    dataOffset = dataEnd;
    indexOffset = indexEnd;
  }

  /** Forgets the slice and anything buffered (the log was emptied or failed). */
  void detach() {
    slice = null;
    if (data != null) {
      data.clear();
      index.clear();
    }
    buffered = 0;
  }

  Slice slice() {
    return slice;
  }

  /** End of the index bytes already written to the file (appends only ever go past it). */
  long indexWrittenEnd() {
    return indexOffset;
  }

  /** Offset in the data file just past the last appended record. */
  long dataEnd() {
    return dataOffset + (data == null ? 0 : data.position());
  }

  /** Fails with RecordTooLargeException when a message of {@code size} bytes may not be written. */
  void checkSize(int size) {
    codec.checkWritable(RecordTypes.UNTYPED, size);
  }

  /**
   * Appends {@code msg} with sequence {@code seq}.
   *
   * @return the record size on disk (header + payload)
   */
  int append(MsgProto msg, long seq) throws IOException {
    int size = msg.getSerializedSize();
    codec.checkWritable(RecordTypes.UNTYPED, size);
    int total = RecordCodec.HEADER_SIZE + size;
    if (data == null) {
      allocate(Math.max(Math.min(maxCapacity, 64 * 1024), total));
    }
    if (data.remaining() < total || index.remaining() < IndexCodec.SIZE) {
      writeToOs();
      grow(total);
    }
    long offset = dataOffset + data.position();
    codec.encode(data, RecordTypes.UNTYPED, msg);
    IndexCodec.write(index, index.position(), seq, offset, msg.getTimestamp(), size);
    index.position(index.position() + IndexCodec.SIZE);
    if (buffered == 0) {
      firstBufferedSeq = seq;
    }
    buffered++;
    highWater = Math.max(highWater, data.position());
    if (writeThrough) {
      writeToOs();
    }
    return total;
  }

  private void grow(int needed) {
    int cap = data.capacity();
    int next = cap < maxCapacity ? (int) Math.min(2L * cap, maxCapacity) : cap;
    if (next < needed) {
      next = needed;
    }
    if (next != cap) {
      allocate(next);
    }
  }

  /**
   * Halves the buffer when it stayed less than half used since the last call, and frees it when
   * nothing was appended since (an idle channel holds no buffer); writes buffered records first.
   */
  void shrink() throws IOException {
    if (data == null) {
      return;
    }
    if (highWater == 0 && buffered == 0) {
      data = null;
      index = null;
      return;
    }
    int cap = data.capacity();
    if (cap > MIN_CAPACITY && highWater <= cap / 2) {
      writeToOs();
      allocate(Math.max(MIN_CAPACITY, cap / 2));
    }
    highWater = data.position();
  }

  /** Whether {@code seq} is buffered and not yet written to the file. */
  boolean holds(long seq) {
    return buffered > 0 && seq >= firstBufferedSeq && seq < firstBufferedSeq + buffered;
  }

  /** Current capacity of the data buffer (0 when none is allocated). */
  int capacity() {
    return data == null ? 0 : data.capacity();
  }

  int bufferedCount() {
    return buffered;
  }

  /** The index entry of a buffered message, as a view positioned on its 32 bytes. */
  int indexPosition(long seq) {
    return (int) (seq - firstBufferedSeq) * IndexCodec.SIZE;
  }

  ByteBuffer indexBuffer() {
    return index;
  }

  /** The payload of a buffered record, as a read-only view (LE) of the buffer. */
  ByteBuffer payload(long fileOffset, int size) {
    int pos = (int) (fileOffset - dataOffset) + RecordCodec.HEADER_SIZE;
    return data.duplicate().limit(pos + size).position(pos).slice();
  }

  /**
   * Writes every buffered record, then their index entries, to the OS (no force). After a failure
   * both files are cut back to where they ended before, so nothing new sits behind garbage; the
   * caller puts the log in its failed state either way.
   */
  void writeToOs() throws IOException {
    if (buffered == 0 || slice == null) {
      return;
    }
    data.flip();
    index.flip();
    int dataLen = data.remaining();
    int indexLen = index.remaining();
    try {
      slice.data().writeFully(data, dataOffset);
      slice.index().writeFully(index, indexOffset);
    } catch (IOException e) {
      try {
        slice.data().truncate(dataOffset);
        slice.index().truncate(indexOffset);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      data.clear();
      index.clear();
      buffered = 0;
      throw e;
    }
    slice.markDirty();
    dataOffset += dataLen;
    indexOffset += indexLen;
    data.clear();
    index.clear();
    buffered = 0;
  }
}
