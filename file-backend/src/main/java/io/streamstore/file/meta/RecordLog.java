package io.streamstore.file.meta;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of typed records ({@code clients.dat}, {@code subs.dat}): replayed once at
 * start-up, appended to through a write buffer, replaced whole by compaction.
 *
 * <p><b>Failure rule (R7):</b> after a failed write, force, truncate or replace the log refuses every
 * further write with {@link StoreIOException} until the store is reopened; a failed append is first
 * cut back to the last good offset so nothing is ever written behind garbage.
 *
 * <p>Not thread-safe: its owner serializes every call.
 */
public final class RecordLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);
  private static final int MIN_BUFFER = 128;
  private static final int MAX_GROWN_BUFFER = 64 * 1024;

  /** Receives each record during {@link #replay}. */
  @FunctionalInterface
  public interface Replayer {
    /**
     * Applies one record.
     *
     * @throws InvalidProtocolBufferException if the payload is not the expected message
     * @throws IllegalArgumentException if the record type is unknown (message says so)
     */
    void apply(long offset, int type, ByteBuffer payload) throws InvalidProtocolBufferException;
  }

  private final FileIO io;
  private final Path file;
  private final String displayName;
  private final RecordCodec codec;
  private final int maxBuffer;
  private FileHandle handle;
  private ByteBuffer buffer;
  private long writeOffset; // end of what is in the file (buffered bytes come after)
  private IOException failure; // set once; the log is then unusable

  private RecordLog(FileIO io, Path file, String displayName, RecordCodec codec, int maxBuffer) {
    this.io = io;
    this.file = file;
    this.displayName = displayName;
    this.codec = codec;
    this.maxBuffer = maxBuffer;
    this.buffer = ByteBuffer.allocate(Math.min(MIN_BUFFER, Math.max(maxBuffer, 0))).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Creates a new, empty log durably (version header written to a temp file, forced, renamed, directory
   * forced), so a crash never leaves a header-less file behind.
   *
   * @param displayName the name used in error messages, relative to the store root
   * @param bufferSize the largest write buffer (0 writes every record through)
   */
  public static RecordLog create(FileIO io, Path file, String displayName, RecordCodec codec, int bufferSize) {
    try {
      AtomicReplace.write(io, file, FileVersion.header());
      RecordLog log = new RecordLog(io, file, displayName, codec, bufferSize);
      log.handle = io.open(file, FileIO.OpenMode.READ_WRITE);
      log.writeOffset = FileVersion.SIZE;
      return log;
    } catch (IOException e) {
      throw new StoreIOException("creating " + file, e);
    }
  }

  /**
   * Opens an existing log and replays it.
   *
   * @param truncateTornTail whether an incomplete last record is cut off (logged) instead of failing
   * @param readOnly whether the file must not be modified (a zero tail or torn record is then only
   *     skipped, and writes are refused)
   * @param checkCrc whether a CRC mismatch is an error
   * @throws CorruptedDataException naming the file and offset of the first bad record
   */
  public static RecordLog open(
      FileIO io, Path file, String displayName, RecordCodec codec, int bufferSize,
      boolean checkCrc, boolean truncateTornTail, boolean readOnly, Replayer replayer) {
    RecordLog log = new RecordLog(io, file, displayName, codec, bufferSize);
    try {
      log.handle = io.open(file, readOnly ? FileIO.OpenMode.READ : FileIO.OpenMode.READ_WRITE);
      log.replay(checkCrc, truncateTornTail, readOnly, replayer);
      return log;
    } catch (IOException e) {
      log.closeQuietly();
      throw new StoreIOException("reading " + file, e);
    } catch (RuntimeException e) {
      log.closeQuietly();
      throw e;
    }
  }

  private void replay(boolean checkCrc, boolean truncateTornTail, boolean readOnly, Replayer replayer)
      throws IOException {
    String bad = RecordFileReader.versionProblem(handle);
    if (bad != null) {
      throw new CorruptedDataException(bad, displayName, 0, null);
    }
    RecordFileReader.Outcome out =
        RecordFileReader.scan(handle, codec, true, (offset, type, payload, crcOk) -> {
          if (checkCrc && !crcOk) {
            throw new CorruptedDataException("CRC-32 mismatch in record of type " + type, displayName, offset, null);
          }
          try {
            replayer.apply(offset, type, payload);
          } catch (InvalidProtocolBufferException e) {
            throw new CorruptedDataException(
                "record of type " + type + " does not decode: " + e.getMessage(), displayName, offset, e);
          } catch (IllegalArgumentException e) {
            throw new CorruptedDataException(e.getMessage(), displayName, offset, e);
          }
        });
    writeOffset = out.validEnd();
    switch (out.end()) {
      case CLEAN -> { }
      case ZERO_TAIL -> {
        LOG.info("{}: zero-filled tail after offset {} ({} bytes) marks the end of data",
            displayName, out.validEnd(), out.fileSize() - out.validEnd());
        if (!readOnly) {
          truncate(out.validEnd());
        }
      }
      case TORN_TAIL -> {
        if (!truncateTornTail) {
          throw new CorruptedDataException(
              out.describe() + "; reopen with truncateUnexpectedEOF=true to cut it off (the record is lost)",
              displayName, out.validEnd(), null);
        }
        LOG.warn("{}: {} at offset {}; truncating {} bytes (truncateUnexpectedEOF)",
            displayName, out.describe(), out.validEnd(), out.fileSize() - out.validEnd());
        if (!readOnly) {
          truncate(out.validEnd());
        }
      }
      default -> throw new CorruptedDataException(out.describe(), displayName, out.validEnd(), null);
    }
  }

  private void truncate(long size) throws IOException {
    handle.truncate(size);
    handle.force(true);
  }

  /** The file's path. */
  public Path path() {
    return file;
  }

  /** Bytes in the file plus bytes buffered. */
  public long size() {
    return writeOffset + buffer.position();
  }

  /**
   * Buffers one record; it reaches the file when the buffer fills, at {@link #flush} or at once when
   * the log has no buffer.
   *
   * @throws StoreIOException if the log failed before or writing fails now
   */
  public void append(int type, MessageLite message) {
    ensureUsable();
    int total = RecordCodec.HEADER_SIZE + message.getSerializedSize();
    codec.checkWritable(type, total - RecordCodec.HEADER_SIZE);
    if (buffer.remaining() < total) {
      writeBuffer();
      int cap = Math.min(maxBuffer, MAX_GROWN_BUFFER);
      if (buffer.capacity() < cap) {
        // A busy log grows its buffer (fewer writes); it stays small for idle ones, and never goes
        // past MAX_GROWN_BUFFER so that thousands of channels do not hold megabytes each.
        int grown = Math.min(cap, Math.max(buffer.capacity() * 2, total));
        buffer = ByteBuffer.allocate(grown).order(ByteOrder.LITTLE_ENDIAN);
      }
    }
    if (buffer.remaining() >= total) {
      codec.encode(buffer, type, message);
      if (maxBuffer == 0) {
        writeBuffer();
      }
      return;
    }
    ByteBuffer one = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    codec.encode(one, type, message);
    one.flip();
    writeAt(one);
  }

  /**
   * Writes buffered records to the file and, when {@code force}, forces them to the disk.
   *
   * @throws StoreIOException if the log failed before or fails now
   */
  public void flush(boolean force) {
    ensureUsable();
    writeBuffer();
    if (force) {
      try {
        handle.force(false);
      } catch (IOException e) {
        fail("forcing", e);
      }
    }
  }

  /** Whether records wait in the buffer. */
  public boolean hasBuffered() {
    return buffer.position() > 0;
  }

  /**
   * Replaces the whole file with the records {@code writer} appends to a fresh log (compaction). The
   * new content is durable before it replaces the old; on failure before the rename the old file
   * stays in use and the log stays usable.
   *
   * @return the new file size
   */
  public long replaceWith(Consumer<RecordLog> writer) {
    ensureUsable();
    writeBuffer();
    Path temp = AtomicReplace.tempFor(file);
    RecordLog fresh;
    try {
      io.deleteIfExists(temp);
      FileHandle th = io.open(temp, FileIO.OpenMode.CREATE_NEW);
      fresh = new RecordLog(io, temp, displayName, codec, Math.max(maxBuffer, 64 * 1024));
      fresh.handle = th;
      th.writeFully(FileVersion.header(), 0);
      fresh.writeOffset = FileVersion.SIZE;
    } catch (IOException e) {
      AtomicReplace.deleteQuietly(io, temp);
      throw new StoreIOException("compacting " + file + ": creating " + temp, e);
    }
    try {
      writer.accept(fresh);
      fresh.flush(true);
      fresh.handle.close();
    } catch (IOException | RuntimeException e) {
      fresh.closeQuietly();
      AtomicReplace.deleteQuietly(io, temp);
      throw e instanceof IOException io2 ? new StoreIOException("compacting " + file, io2) : (RuntimeException) e;
    }
    try {
      handle.close();
      AtomicReplace.commit(io, temp, file);
      handle = io.open(file, FileIO.OpenMode.READ_WRITE);
      writeOffset = handle.size();
      return writeOffset;
    } catch (IOException e) {
      fail("replacing with the compacted file", e);
      return -1; // not reached
    }
  }

  /** Flushes (forcing when asked) and closes the file. Idempotent. */
  public void close(boolean force) {
    if (handle == null) {
      return;
    }
    try {
      if (failure == null && buffer.position() > 0 || failure == null && force) {
        flush(force);
      }
    } finally {
      closeQuietly();
    }
  }

  @Override
  public void close() {
    close(false);
  }

  private void closeQuietly() {
    if (handle != null) {
      try {
        handle.close();
      } catch (IOException e) {
        LOG.warn("closing {} failed: {}", file, e.toString());
      }
      handle = null;
    }
  }

  private void writeBuffer() {
    if (buffer.position() == 0) {
      return;
    }
    buffer.flip();
    try {
      writeAt(buffer);
    } finally {
      buffer.clear();
    }
  }

  private void writeAt(ByteBuffer src) {
    int n = src.remaining();
    try {
      handle.writeFully(src, writeOffset);
      writeOffset += n;
    } catch (IOException e) {
      try {
        handle.truncate(writeOffset); // never leave a partial record that later records would follow
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      fail("writing", e);
    }
  }

  private void fail(String what, IOException e) {
    failure = e;
    throw new StoreIOException(what + " " + file + " failed; the file is closed for writing until the store is reopened", e);
  }

  private void ensureUsable() {
    if (handle == null) {
      throw new StoreIOException(file + " is closed");
    }
    if (failure != null) {
      throw new StoreIOException(
          file + " failed earlier (" + failure + "); reopen the store", failure);
    }
  }
}
