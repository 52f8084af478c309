package io.streamstore.file.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open file: positional reads and writes, force, truncate. Positional access means callers keep
 * their own offsets, and several readers may share one handle.
 *
 * <p>Implementations must allow concurrent positional reads; writes, truncates and forces are issued
 * by one writer at a time (the owner serializes them).
 */
public interface FileHandle extends Closeable {

  /** The file's path. */
  Path path();

  /**
   * Reads up to {@code dst.remaining()} bytes at {@code position}.
   *
   * @return bytes read, or -1 at end of file
   */
  int read(ByteBuffer dst, long position) throws IOException;

  /**
   * Writes up to {@code src.remaining()} bytes at {@code position}.
   *
   * @return bytes written (may be fewer: callers loop, see {@link #writeFully})
   */
  int write(ByteBuffer src, long position) throws IOException;

  /** Forces written data (and metadata when asked) to the storage device. */
  void force(boolean metadata) throws IOException;

  /** Cuts the file to {@code size} bytes (no effect when it is already shorter). */
  void truncate(long size) throws IOException;

  /** Current size of the file in bytes. */
  long size() throws IOException;

  /**
   * Tries to take an exclusive lock on the whole file for this process, held until {@link #close()}.
   *
   * @return false when another process holds it
   */
  boolean tryLock() throws IOException;

  /** Fills {@code dst} from {@code position}; fails with {@link EOFException} at end of file. */
  default void readFully(ByteBuffer dst, long position) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = read(dst, pos);
      if (n < 0) {
        throw new EOFException(
            "end of " + path() + " at offset " + pos + " with " + dst.remaining() + " bytes missing");
      }
      pos += n;
    }
  }

  /** Writes all of {@code src} at {@code position}. */
  default void writeFully(ByteBuffer src, long position) throws IOException {
    long pos = position;
    while (src.hasRemaining()) {
      pos += write(src, pos);
    }
  }

  /**
   * Writes all of {@code src} at the current end of the file. Callers that track their own end
   * offset (the message log does) use {@link #writeFully} at that offset instead.
   *
   * @return the offset where the bytes were written
   */
  default long append(ByteBuffer src) throws IOException {
    long at = size();
    writeFully(src, at);
    return at;
  }

  /**
   * A read-only memory map of {@code size} bytes from {@code position} (little-endian), for files
   * that no longer change, or null when this implementation does not map (callers then use
   * {@link #read}). The region must lie within the file.
   */
  default ByteBuffer mapReadOnly(long position, long size) throws IOException {
    return null;
  }
}
