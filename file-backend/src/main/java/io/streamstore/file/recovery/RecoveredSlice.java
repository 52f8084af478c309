package io.streamstore.file.recovery;

import java.nio.ByteBuffer;

/**
 * The state of one slice after recovery: where its messages are and where appends continue.
 *
 * @param number slice number N
 * @param firstSeq first sequence (0 when empty)
 * @param lastSeq last sequence (0 when empty)
 * @param count number of messages (index entries)
 * @param firstTimestamp timestamp of the first message
 * @param dataEnd size of the valid data file (appends go here)
 * @param indexEnd size of the valid index file
 * @param memoryIndex the index, when it had to be rebuilt in memory (read-only recovery); else null
 */
public record RecoveredSlice(
    int number,
    long firstSeq,
    long lastSeq,
    long count,
    long firstTimestamp,
    long dataEnd,
    long indexEnd,
    ByteBuffer memoryIndex) {

  /** Accounted bytes of the slice's messages (payload + 40 each). */
  public long accountedBytes() {
    return (dataEnd - io.streamstore.file.format.FileVersion.SIZE)
        + count * io.streamstore.file.format.IndexCodec.SIZE;
  }
}
