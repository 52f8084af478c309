package io.streamstore.file.recovery;

import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.io.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where recovery writes index entries it (re)builds: appended to an index file through a bounded
 * buffer, or kept in memory when the store is read-only. Not thread-safe.
 */
final class IndexSink {

  private final FileHandle file; // null: memory
  private long filePos;
  private ByteBuffer buf;
  private long entries;

  private IndexSink(FileHandle file, long filePos, int capacity) {
    this.file = file;
    this.filePos = filePos;
    this.buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Appends to {@code file} from {@code position}. */
  static IndexSink toFile(FileHandle file, long position) {
    return new IndexSink(file, position, IndexCodec.SIZE * 4096);
  }

  /** Keeps entries in memory. */
  static IndexSink inMemory() {
    return new IndexSink(null, 0, IndexCodec.SIZE * 1024);
  }

  void add(long seq, long offset, long timestamp, int size) throws IOException {
    if (buf.remaining() < IndexCodec.SIZE) {
      if (file != null) {
        flush();
      } else {
        ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }
    IndexCodec.write(buf, buf.position(), seq, offset, timestamp, size);
    buf.position(buf.position() + IndexCodec.SIZE);
    entries++;
  }

  long entries() {
    return entries;
  }

  /** Writes buffered entries to the file (file mode only). */
  void flush() throws IOException {
    if (file == null) {
      return;
    }
    buf.flip();
    int n = buf.remaining();
    file.writeFully(buf, filePos);
    filePos += n;
    buf.clear();
  }

  /** The entries kept in memory (memory mode), positioned at 0. */
  ByteBuffer memory() {
    ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    b.flip();
    return b;
  }
}
