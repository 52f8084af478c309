package io.streamstore.file.format;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The record frame of NATS Streaming file format 1: a 4-byte little-endian header word (untyped: the
 * payload size; typed: {@code type << 24 | size}), the 4-byte CRC-32 of the payload, then the
 * payload (protobuf bytes). No I/O: bytes in, bytes out.
 *
 * <p>Every size read from disk is checked against the record size limit and against the bytes that
 * remain <em>before</em> anything is allocated, so a corrupt size field cannot exhaust memory.
 *
 * <p>Not thread-safe (it owns a {@link Crc32}); each writer or reader creates its own.
 */
public final class RecordCodec {

  /** Bytes of the header word plus the CRC. */
  public static final int HEADER_SIZE = 8;

  private final Crc32 crc;
  private final int sizeLimit;
  private final boolean checkCrc;

  /**
   * @param crc the checksum of the payload (polynomial from the options)
   * @param sizeLimit largest payload accepted when encoding or decoding
   * @param checkCrc whether {@link #decode} verifies payload checksums
   */
  public RecordCodec(Crc32 crc, int sizeLimit, boolean checkCrc) {
    this.crc = crc;
    this.sizeLimit = sizeLimit;
    this.checkCrc = checkCrc;
  }

  /** The largest payload accepted. */
  public int sizeLimit() {
    return sizeLimit;
  }

  /** The checksum in use. */
  public Crc32 crc() {
    return crc;
  }

  /** The header word for a record of {@code type} (0 = untyped) with {@code size} payload bytes. */
  public static int headerWord(int type, int size) {
    return type == RecordTypes.UNTYPED ? size : (type << 24) | size;
  }

  /** The type encoded in a header word. */
  public static int typeOf(int word, boolean typed) {
    return typed ? (word >>> 24) : RecordTypes.UNTYPED;
  }

  /** The payload size encoded in a header word (may be negative for a corrupt untyped word). */
  public static int sizeOf(int word, boolean typed) {
    return typed ? (word & 0xFFFFFF) : word;
  }

  /**
   * Encodes {@code message} as a record at {@code dst}'s position and advances the position past it.
   *
   * @throws RecordTooLargeException when the message is above the limit (nothing is written)
   * @throws java.nio.BufferOverflowException when {@code dst} has no room (nothing is written)
   */
  public void encode(ByteBuffer dst, int type, MessageLite message) {
    int size = message.getSerializedSize();
    checkWritable(type, size);
    int start = dst.position();
    if (dst.remaining() < HEADER_SIZE + size) {
      throw new java.nio.BufferOverflowException();
    }
    dst.position(start + HEADER_SIZE);
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(dst);
      message.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with room checked above
    }
    dst.position(start);
    seal(dst, start, type, size);
    dst.position(start + HEADER_SIZE + size);
  }

  /**
   * Writes the header of a record whose payload already sits at {@code buf[start + 8, start + 8 +
   * size)}: computes the payload CRC and stores header word and CRC at {@code start}. The buffer
   * position is not changed.
   */
  public void seal(ByteBuffer buf, int start, int type, int size) {
    checkWritable(type, size);
    checkLittleEndian(buf);
    buf.putInt(start, headerWord(type, size));
    buf.putInt(start + 4, crc.compute(buf, start + HEADER_SIZE, size));
  }

  /**
   * Checks that a record of {@code type} and {@code size} may be written.
   *
   * @throws RecordTooLargeException otherwise
   */
  public void checkWritable(int type, int size) {
    if (size > sizeLimit) {
      throw new RecordTooLargeException("record", size, sizeLimit);
    }
    if (type != RecordTypes.UNTYPED && size > RecordTypes.MAX_TYPED_SIZE) {
      throw new RecordTooLargeException("typed record", size, RecordTypes.MAX_TYPED_SIZE);
    }
    if (type < 0 || type > 0xFF) {
      throw new IllegalArgumentException("record type out of range: " + type);
    }
  }

  /**
   * Checks a header read from disk before its payload is read or any buffer is sized for it.
   *
   * @param word the header word
   * @param storedCrc the CRC field
   * @param typed whether the file holds typed records
   * @param bytesAfterHeader how many bytes the file (or buffer) has after the header
   * @return null when the payload may be read, else the problem
   */
  public RecordProblem checkHeader(int word, int storedCrc, boolean typed, long bytesAfterHeader) {
    if (word == 0 && storedCrc == 0) {
      return RecordProblem.ZERO_FILL;
    }
    int size = sizeOf(word, typed);
    if (size < 0 || size > sizeLimit) {
      return RecordProblem.TOO_LARGE;
    }
    if (size > bytesAfterHeader) {
      return RecordProblem.TRUNCATED_PAYLOAD;
    }
    return null;
  }

  /** Whether the payload at {@code buf[offset, offset + size)} matches {@code storedCrc}. */
  public boolean crcMatches(ByteBuffer buf, int offset, int size, int storedCrc) {
    return crc.compute(buf, offset, size) == storedCrc;
  }

  /** Whether {@link #decode} checks payload CRCs. */
  public boolean checksCrc() {
    return checkCrc;
  }

  /**
   * Decodes the record at {@code src}'s position (bytes up to the limit are available) and advances
   * the position past it. Nothing is allocated for the payload: the result points into {@code src}.
   *
   * @throws RecordFormatException with the problem and the position of the record
   */
  public Record decode(ByteBuffer src, boolean typed) throws RecordFormatException {
    checkLittleEndian(src);
    int start = src.position();
    int available = src.remaining();
    if (available < HEADER_SIZE) {
      if (allZero(src, start, available)) {
        throw new RecordFormatException(RecordProblem.ZERO_FILL, start, "");
      }
      throw new RecordFormatException(
          RecordProblem.TRUNCATED_HEADER, start, available + " of " + HEADER_SIZE + " bytes");
    }
    int word = src.getInt(start);
    int stored = src.getInt(start + 4);
    RecordProblem p = checkHeader(word, stored, typed, available - HEADER_SIZE);
    int size = sizeOf(word, typed);
    if (p != null) {
      throw new RecordFormatException(p, start, detail(p, size, available - HEADER_SIZE));
    }
    if (checkCrc && !crcMatches(src, start + HEADER_SIZE, size, stored)) {
      throw new RecordFormatException(
          RecordProblem.BAD_CRC, start,
          String.format("stored 0x%08x, computed 0x%08x", stored,
              crc.compute(src, start + HEADER_SIZE, size)));
    }
    src.position(start + HEADER_SIZE + size);
    return new Record(typeOf(word, typed), start + HEADER_SIZE, size);
  }

  private String detail(RecordProblem p, int size, long after) {
    return switch (p) {
      case TOO_LARGE -> "size field " + Integer.toUnsignedString(size) + ", limit " + sizeLimit;
      case TRUNCATED_PAYLOAD -> "size field " + size + ", only " + after + " bytes left";
      default -> "";
    };
  }

  /** Whether {@code buf[offset, offset + length)} is all zero bytes. */
  public static boolean allZero(ByteBuffer buf, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (buf.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  static void checkLittleEndian(ByteBuffer buf) {
    if (buf.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("record buffers must be little-endian");
    }
  }
}
