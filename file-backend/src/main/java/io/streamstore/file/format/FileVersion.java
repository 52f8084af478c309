package io.streamstore.file.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 4-byte little-endian version that starts every file of the store. Only version 1 (the NATS
 * Streaming file format) exists.
 */
public final class FileVersion {

  /** The version this code writes and reads. */
  public static final int CURRENT = 1;

  /** Bytes taken by the version at the start of a file. */
  public static final int SIZE = 4;

  private FileVersion() {}

  /** The 4 bytes of a new file. */
  public static ByteBuffer header() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, CURRENT);
    return b;
  }

  /**
   * Checks the version read from the first 4 bytes of a file.
   *
   * @return null when supported, else why not (for an error message)
   */
  public static String problem(ByteBuffer first4) {
    if (first4.remaining() < SIZE) {
      return "file too short for its version header (" + first4.remaining() + " bytes)";
    }
    int v = first4.order(ByteOrder.LITTLE_ENDIAN).getInt(first4.position());
    if (v != CURRENT) {
      return "unsupported file version " + Integer.toUnsignedString(v) + " (supported: "
          + CURRENT + ")";
    }
    return null;
  }
}
