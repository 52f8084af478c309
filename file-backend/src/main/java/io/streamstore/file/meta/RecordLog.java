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
import java.util.List;
import java.util.Optional;
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
  private Committed committed; // null: no manifest (kept as NATS Streaming has it)
  private Optional<Manifest> manifest = Optional.empty(); // as read at open
  private long recordedLength = -1; // the committed length the manifest on disk lists
  private Boolean onDisk; // what the manifest on disk says: null none, TRUE clean, FALSE open

  /**
   * Where this log records its committed length (see {@link Manifest}), and what it may do with
   * crash debris.
   *
   * @param manifest the manifest file (a sidecar next to the log)
   * @param inRoot whether the log is in the store root (debris files are then dot-files)
   * @param cutDebris whether a torn tail past the committed length after an unclean shutdown is cut
   *     (option {@code cutTornTailAfterCrash})
   */
  public record Committed(Path manifest, boolean inRoot, boolean cutDebris) {}

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
    return create(io, file, displayName, codec, bufferSize, null);
  }

  /** As {@link #create(FileIO, Path, String, RecordCodec, int)}, keeping a manifest when given. */
  public static RecordLog create(FileIO io, Path file, String displayName, RecordCodec codec,
      int bufferSize, Committed committed) {
    try {
      AtomicReplace.write(io, file, FileVersion.header());
      RecordLog log = new RecordLog(io, file, displayName, codec, bufferSize);
      log.handle = io.open(file, FileIO.OpenMode.READ_WRITE);
      log.writeOffset = FileVersion.SIZE;
      log.committed = committed;
      try {
        log.checkpoint(false, true); // "open" from the start: the first record costs no more
      } catch (RuntimeException e) {
        log.closeQuietly();
        throw e;
      }
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
    return open(io, file, displayName, codec, bufferSize, checkCrc, truncateTornTail, readOnly,
        null, replayer);
  }

  /**
   * As {@link #open(FileIO, Path, String, RecordCodec, int, boolean, boolean, boolean, Replayer)}
   * with a manifest: before anything is read or cut, the file is checked against the committed
   * length and tail it lists (damage is a {@link CorruptedDataException}); once replayed (unless
   * read-only) the manifest says "open" until a clean {@link #close}.
   */
  public static RecordLog open(
      FileIO io, Path file, String displayName, RecordCodec codec, int bufferSize,
      boolean checkCrc, boolean truncateTornTail, boolean readOnly, Committed committed,
      Replayer replayer) {
    RecordLog log = new RecordLog(io, file, displayName, codec, bufferSize);
    try {
      if (committed != null) {
        log.manifest = Manifest.read(io, committed.manifest());
        Optional<Manifest.Entry> e =
            log.manifest.flatMap(m -> m.entry(file.getFileName().toString()));
        if (e.isPresent()) {
          Optional<Manifest.Damage> d = Manifest.check(io, file, e.get());
          if (d.isPresent()) {
            throw d.get().toException(displayName, committed.manifest().getFileName().toString());
          }
        }
      }
      log.handle = io.open(file, readOnly ? FileIO.OpenMode.READ : FileIO.OpenMode.READ_WRITE);
      log.committed = committed;
      log.replay(checkCrc, truncateTornTail, readOnly, replayer);
      if (readOnly) {
        log.committed = null;
      } else if (log.manifest.isPresent()) {
        log.onDisk = log.manifest.get().clean();
        log.recordedLength = log.manifest.get().entry(file.getFileName().toString())
            .map(Manifest.Entry::length).orElse(-1L);
      }
      return log;
    } catch (IOException e) {
      log.closeQuietly();
      throw new StoreIOException("reading " + file, e);
    } catch (RuntimeException e) {
      log.closeQuietly();
      throw e;
    }
  }

  /** Stops a scan at a complete record that is damaged (bad CRC, unknown type, bad protobuf). */
  private static final class BadRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long offset;
    final long end;

    BadRecord(String message, long offset, long end, Throwable cause) {
      super(message, cause, false, false);
      this.offset = offset;
      this.end = end;
    }
  }

  private void replay(boolean checkCrc, boolean truncateTornTail, boolean readOnly, Replayer replayer)
      throws IOException {
    String bad = RecordFileReader.versionProblem(handle);
    if (bad != null) {
      throw new CorruptedDataException(bad, displayName, 0, null);
    }
    RecordFileReader.Outcome out;
    try {
      out = RecordFileReader.scan(handle, codec, true, (offset, type, payload, crcOk) -> {
        long end = offset + RecordCodec.HEADER_SIZE + payload.remaining();
        if (checkCrc && !crcOk) {
          throw new BadRecord("CRC-32 mismatch in record of type " + type, offset, end, null);
        }
        try {
          replayer.apply(offset, type, payload);
        } catch (InvalidProtocolBufferException e) {
          throw new BadRecord("record of type " + type + " does not decode: " + e.getMessage(), offset, end, e);
        } catch (IllegalArgumentException e) {
          throw new BadRecord(e.getMessage(), offset, end, e);
        }
      });
    } catch (BadRecord e) {
      long size = handle.size();
      boolean last = e.end == size || RecordFileReader.zeroUntilEnd(handle, e.end, size);
      if (!last) {
        throw new CorruptedDataException(e.getMessage(), displayName, e.offset, e.getCause());
      }
      // A damaged record with nothing after it is what an interrupted (unforced) append leaves.
      cutTornTail(e.getMessage() + " in the last record", e.offset, size, truncateTornTail, readOnly);
      return;
    }
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
      // A zero header followed by data: an unforced append was lost while a later unforced one
      // reached the disk. Nothing from that point on was ever forced (a force covers every earlier
      // write), so with the option it is cut like a torn tail.
      case TORN_TAIL, ZERO_GAP ->
          cutTornTail(out.describe(), out.validEnd(), out.fileSize(), truncateTornTail, readOnly);
      default -> throw new CorruptedDataException(out.describe(), displayName, out.validEnd(), null);
    }
  }

  private void cutTornTail(String what, long at, long fileSize, boolean truncateTornTail, boolean readOnly)
      throws IOException {
    if (!readOnly && committed != null && CrashDebris.applies(committed.cutDebris(), manifest,
        file.getFileName().toString(), at)) {
      CrashDebris.keepAside(io, handle, file, committed.inRoot(), at, fileSize, what);
      writeOffset = at;
      truncate(at);
      return;
    }
    if (!truncateTornTail) {
      throw new CorruptedDataException(
          what + "; if a crash interrupted the last write, reopen with truncateUnexpectedEOF=true to"
              + " cut it off (what follows offset " + at + " is lost)",
          displayName, at, null);
    }
    LOG.warn("{}: {} at offset {}; truncating {} bytes (truncateUnexpectedEOF)",
        displayName, what, at, fileSize - at);
    writeOffset = at;
    if (!readOnly) {
      truncate(at);
    }
  }

  private void truncate(long size) throws IOException {
    handle.truncate(size);
    handle.force(true);
  }

  /**
   * Writes buffered records, forces the file and records its length and tail in the manifest
   * ({@code clean} at close). Does nothing without a manifest or when nothing changed.
   *
   * @throws StoreIOException if writing, forcing or replacing the manifest fails
   */
  public void checkpoint(boolean clean) {
    checkpoint(clean, false);
  }

  private void checkpoint(boolean clean, boolean always) {
    if (committed == null) {
      return;
    }
    ensureUsable();
    writeBuffer();
    boolean unchanged = writeOffset == recordedLength;
    if (!always && unchanged && (!clean || Boolean.TRUE.equals(onDisk))) {
      return; // an idle log costs nothing
    }
    try {
      handle.force(false);
      writeManifest(clean, List.of(Manifest.describe(handle, file.getFileName().toString(), writeOffset)));
      recordedLength = writeOffset;
    } catch (IOException e) {
      fail("recording the committed length of", e);
    }
  }

  private void writeManifest(boolean clean, List<Manifest.Entry> entries) throws IOException {
    new Manifest(clean, 0, 0, entries).write(io, committed.manifest());
    onDisk = clean;
    recordedLength = -1;
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
    if (committed != null && !Boolean.FALSE.equals(onDisk)) {
      checkpoint(false, true); // "open" before the first change: a crash is then an unclean shutdown
    }
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
    FileHandle th = null;
    try {
      io.deleteIfExists(temp);
      th = io.open(temp, FileIO.OpenMode.CREATE_NEW);
      fresh = new RecordLog(io, temp, displayName, codec, Math.max(maxBuffer, 64 * 1024));
      fresh.handle = th;
      th.writeFully(FileVersion.header(), 0);
      fresh.writeOffset = FileVersion.SIZE;
    } catch (IOException e) {
      if (th != null) {
        try {
          th.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
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
      if (committed != null) {
        writeManifest(false, List.of()); // the old length no longer holds once the file is replaced
      }
      handle.close();
      AtomicReplace.commit(io, temp, file);
      handle = io.open(file, FileIO.OpenMode.READ_WRITE);
      writeOffset = handle.size();
      if (committed != null) {
        checkpoint(false); // the new file was forced before the rename
      }
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
      if (failure == null && committed != null) {
        try {
          checkpoint(true); // the clean-shutdown marker
        } catch (StoreIOException e) {
          // Nothing is lost: the next open treats the shutdown as unclean.
          LOG.warn("{}: could not record the clean shutdown: {}", displayName, e.toString());
        }
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
