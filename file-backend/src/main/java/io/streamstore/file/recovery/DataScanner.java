package io.streamstore.file.recovery;

import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordProblem;
import io.streamstore.file.io.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the records of a data file one after the other through a bounded buffer. Every size field is
 * checked against the record size limit and the bytes left in the file before the buffer is grown,
 * so memory stays bounded whatever the file holds.
 *
 * <p>Not thread-safe.
 */
final class DataScanner {

  private final FileHandle file;
  private final long fileSize;
  private final RecordCodec codec;
  private ByteBuffer buf;
  /** File offset of buf[0]. */
  private long bufStart;

  /** Where the last record found starts, its size field (also on BAD_CRC), and its payload. */
  long offset;
  int payloadSize;
  ByteBuffer payload;

  DataScanner(FileHandle file, long fileSize, RecordCodec codec, int bufferSize) {
    this.file = file;
    this.fileSize = fileSize;
    this.codec = codec;
    this.buf = ByteBuffer.allocate(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
    this.buf.limit(0);
  }

  long fileSize() {
    return fileSize;
  }

  /**
   * Reads the record at {@code at}.
   *
   * @return null when a valid record was read (see {@link #payload}), else the problem; at the end of
   *     the file returns {@code null} with {@link #payload} null
   */
  RecordProblem next(long at) throws IOException {
    offset = at;
    payload = null;
    payloadSize = 0;
    long left = fileSize - at;
    if (left <= 0) {
      return null;
    }
    if (left < RecordCodec.HEADER_SIZE) {
      ensure(at, (int) left);
      return RecordCodec.allZero(buf, (int) (at - bufStart), (int) left)
          ? RecordProblem.ZERO_FILL
          : RecordProblem.TRUNCATED_HEADER;
    }
    ensure(at, RecordCodec.HEADER_SIZE);
    int p = (int) (at - bufStart);
    int word = buf.getInt(p);
    int crc = buf.getInt(p + 4);
    RecordProblem problem = codec.checkHeader(word, crc, false, left - RecordCodec.HEADER_SIZE);
    if (problem != null) {
      return problem;
    }
    int size = word;
    payloadSize = size;
    ensure(at, RecordCodec.HEADER_SIZE + size);
    p = (int) (at - bufStart);
    if (codec.checksCrc() && !codec.crcMatches(buf, p + RecordCodec.HEADER_SIZE, size, crc)) {
      return RecordProblem.BAD_CRC;
    }
    payload = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    payload.limit(p + RecordCodec.HEADER_SIZE + size).position(p + RecordCodec.HEADER_SIZE);
    return null;
  }

  /** Whether every byte from {@code at} to the end of the file is zero. */
  boolean zeroFrom(long at) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    long pos = at;
    while (pos < fileSize) {
      chunk.clear();
      if (fileSize - pos < chunk.capacity()) {
        chunk.limit((int) (fileSize - pos));
      }
      file.readFully(chunk, pos);
      if (!RecordCodec.allZero(chunk, 0, chunk.limit())) {
        return false;
      }
      pos += chunk.limit();
    }
    return true;
  }

  /** Makes buf hold file bytes [at, at + n). n is bounded by the caller's checks. */
  private void ensure(long at, int n) throws IOException {
    if (at >= bufStart && at + n <= bufStart + buf.limit()) {
      return;
    }
    if (buf.capacity() < n) {
      buf = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
    buf.clear();
    long want = Math.min(buf.capacity(), fileSize - at);
    buf.limit((int) want);
    file.readFully(buf, at);
    buf.flip();
    bufStart = at;
  }
}
