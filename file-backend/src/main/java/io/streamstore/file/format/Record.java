package io.streamstore.file.format;

/**
 * A record found by {@link RecordCodec#decode}: where its payload is in the buffer that was decoded.
 *
 * @param type the type code (0 for untyped records)
 * @param payloadOffset absolute index of the payload's first byte in the decoded buffer
 * @param payloadSize payload size in bytes
 */
public record Record(int type, int payloadOffset, int payloadSize) {

  /** Bytes the record takes on disk, header included. */
  public int totalSize() {
    return RecordCodec.HEADER_SIZE + payloadSize;
  }
}
