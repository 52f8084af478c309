package io.streamstore.file.log;

import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One slice of a message log: its two files and its counters. Files are opened on demand and may be
 * closed when idle.
 *
 * <p>Concurrency: the counters are guarded by the owning log's lock. The file handles are published
 * through volatile fields; opening and closing happen under the owning log's lock <em>and</em> this
 * object's monitor, {@link #sync()} (called by the group commit without the log's lock) takes only
 * the monitor, so a sync never races a close.
 */
final class Slice implements GroupCommit.Syncable {

  final int number;
  final Path dataPath;
  final Path indexPath;
  private final FileIO io;
  private final OpenFileBudget budget;
  private final boolean writable;

  // Counters, guarded by the owning log's lock (NATS fileSlice semantics).
  /** Sequence at index position 0 (the slice's first sequence before any removal); 0 when empty. */
  long indexBaseSeq;
  /** First live sequence. */
  long firstSeq;
  /** Last sequence. */
  long lastSeq;
  /** Messages written to this slice, removed ones included. */
  long count;
  /** Messages removed from the front by limits. */
  long removed;
  /** Accounted bytes written to this slice, removed ones included. */
  long bytes;
  /** Timestamp of the first message (slice age). */
  long firstWrite;
  /** Nano time of the last use (idle closing). */
  long lastUsed;
  /** An index rebuilt in memory (read-only recovery), or null to read the index file. */
  ByteBuffer memoryIndex;
  /** A read-only map of the index file once the slice no longer changes; null to read the file. */
  ByteBuffer indexMap;
  /** Whether mapping was tried since the files were opened. */
  boolean mapTried;

  // Handles: written under the owner's lock and this monitor, read without locks.
  private volatile FileHandle data;
  private volatile FileHandle index;
  // guarded by this
  private IOException syncFailure;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean indexDirty = new AtomicBoolean();

  Slice(Path channelDir, int number, FileIO io, OpenFileBudget budget, boolean writable) {
    this.number = number;
    this.dataPath = MsgFiles.data(channelDir, number);
    this.indexPath = MsgFiles.index(channelDir, number);
    this.io = io;
    this.budget = budget;
    this.writable = writable;
  }

  /** The slice number N of msgs.N.dat. */
  int number() {
    return number;
  }

  /** Live messages (written minus removed). */
  long live() {
    return count - removed;
  }

  boolean isOpen() {
    return data != null;
  }

  /** The data file, opened if needed. */
  FileHandle data() throws IOException {
    FileHandle h = data;
    if (h == null) {
      open();
      h = data;
    }
    return h;
  }

  /** The index file, opened if needed. */
  FileHandle index() throws IOException {
    FileHandle h = index;
    if (h == null) {
      open();
      h = index;
    }
    return h;
  }

  private synchronized void open() throws IOException {
    if (data != null) {
      return;
    }
    FileIO.OpenMode mode = writable ? FileIO.OpenMode.READ_WRITE : FileIO.OpenMode.READ;
    if (writable && !io.exists(dataPath)) {
      throw new IOException("slice file " + dataPath + " disappeared");
    }
    FileHandle d = io.open(dataPath, mode);
    FileHandle i;
    try {
      i = memoryIndex != null ? null : io.open(indexPath, mode);
    } catch (IOException e) {
      d.close();
      throw e;
    }
    index = i;
    data = d;
    budget.opened();
    if (i != null) {
      budget.opened();
    }
  }

  /** Records that bytes were written to the OS and not yet forced. */
  void markDirty() {
    dirty.set(true);
    indexDirty.set(true);
  }

  /**
   * Forces the data file if anything was written since its last force. This is what acknowledges a
   * flush: the index is derived data (recovery indexes records found after the last index entry, and
   * a damaged index entry makes the log rebuild the slice's index), so it is forced only when the
   * slice is closed or rolled and by auto-sync ({@link #syncAll()}), which keeps one fsync per
   * group-commit round. A closed slice was forced when it was closed. A slice whose force failed
   * keeps failing (never retried).
   */
  @Override
  public synchronized void sync() throws IOException {
    checkSyncFailure();
    if (!dirty.getAndSet(false)) {
      return;
    }
    FileHandle d = data;
    if (d == null) {
      return;
    }
    try {
      d.force(false);
    } catch (IOException e) {
      syncFailure = e;
      throw e;
    }
  }

  /** Forces both files (data, then index) if they hold unforced writes. */
  synchronized void syncAll() throws IOException {
    sync();
    if (!indexDirty.getAndSet(false)) {
      return;
    }
    FileHandle i = index;
    if (i == null) {
      return;
    }
    try {
      i.force(false);
    } catch (IOException e) {
      syncFailure = e;
      throw e;
    }
  }

  private void checkSyncFailure() throws IOException {
    if (syncFailure != null) {
      throw new IOException("an earlier force of " + dataPath + " failed", syncFailure);
    }
  }

  /**
   * Closes both files, forcing them first when {@code force} and they hold unforced writes. Closing
   * a closed slice does nothing.
   */
  synchronized void close(boolean force) throws IOException {
    FileHandle d = data;
    FileHandle i = index;
    if (d == null) {
      return;
    }
    IOException failure = null;
    if (force && (dirty.get() || indexDirty.get())) {
      try {
        syncAll();
      } catch (IOException e) {
        failure = e;
      }
    }
    data = null;
    index = null;
    indexMap = null;
    mapTried = false;
    try {
      d.close();
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    }
    budget.closed();
    if (i != null) {
      try {
        i.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      budget.closed();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "slice " + number + " [" + firstSeq + ".." + lastSeq + "] of " + dataPath.getParent();
  }
}
