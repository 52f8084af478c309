package io.streamstore.file.format;

/**
 * One decoded index record of a message slice.
 *
 * @param seq the message sequence
 * @param offset offset of the message record (its header) in the slice's data file
 * @param timestamp the message timestamp (nanoseconds since the epoch)
 * @param size the message payload size (without the 8-byte record header)
 */
public record IndexEntry(long seq, long offset, long timestamp, int size) {

  /** Offset just past the message record in the data file. */
  public long endOffset() {
    return offset + RecordCodec.HEADER_SIZE + Integer.toUnsignedLong(size);
  }
}
