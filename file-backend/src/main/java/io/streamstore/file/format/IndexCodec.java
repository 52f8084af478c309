package io.streamstore.file.format;

import java.nio.ByteBuffer;

/**
 * The 32-byte index record of NATS Streaming file format 1 ({@code msgs.N.idx}, after the file
 * version): seq u64, offset u64, timestamp i64, payload size u32, then the IEEE CRC-32 of those 28
 * bytes, all little-endian. The index CRC is always IEEE, whatever the data polynomial.
 *
 * <p>Static and thread-safe; buffers must be little-endian. No I/O.
 */
public final class IndexCodec {

  /** Bytes per index record. */
  public static final int SIZE = 32;

  private static final int CRC_AT = 28;

  private IndexCodec() {}

  /** Writes one index record at absolute index {@code pos} of {@code buf}. */
  public static void write(ByteBuffer buf, int pos, long seq, long offset, long timestamp, int size) {
    RecordCodec.checkLittleEndian(buf);
    buf.putLong(pos, seq);
    buf.putLong(pos + 8, offset);
    buf.putLong(pos + 16, timestamp);
    buf.putInt(pos + 24, size);
    buf.putInt(pos + CRC_AT, Crc32.ieee(buf, pos, CRC_AT));
  }

  /** Whether the record at {@code pos} matches its own CRC. */
  public static boolean crcMatches(ByteBuffer buf, int pos) {
    RecordCodec.checkLittleEndian(buf);
    return buf.getInt(pos + CRC_AT) == Crc32.ieee(buf, pos, CRC_AT);
  }

  /** The sequence field. */
  public static long seq(ByteBuffer buf, int pos) {
    return buf.getLong(pos);
  }

  /** The data-file offset field. */
  public static long offset(ByteBuffer buf, int pos) {
    return buf.getLong(pos + 8);
  }

  /** The timestamp field. */
  public static long timestamp(ByteBuffer buf, int pos) {
    return buf.getLong(pos + 16);
  }

  /** The payload size field. */
  public static int size(ByteBuffer buf, int pos) {
    return buf.getInt(pos + 24);
  }

  /**
   * Decodes and checks the record at {@code pos}.
   *
   * @throws RecordFormatException (BAD_INDEX) when its CRC does not match
   */
  public static IndexEntry decode(ByteBuffer buf, int pos) throws RecordFormatException {
    if (!crcMatches(buf, pos)) {
      throw new RecordFormatException(RecordProblem.BAD_INDEX, pos, "index record CRC mismatch");
    }
    return new IndexEntry(seq(buf, pos), offset(buf, pos), timestamp(buf, pos), size(buf, pos));
  }
}
