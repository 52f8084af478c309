package io.streamstore.file;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.io.ProcessLocks;
import io.streamstore.file.meta.AtomicReplace;
import io.streamstore.file.meta.ClientsFile;
import io.streamstore.file.meta.ServerInfoFile;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's root directory as a whole: creating it, the {@code .rootdir.lck} exclusive lock, the
 * {@code .truncate.lck} witness (handled once the lock is held, since a store without the lock
 * writes nothing), and removing what interrupted operations left behind.
 *
 * <p>Not thread-safe: the store calls it under its lock.
 */
final class StoreDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(StoreDirectory.class);

  private final FileIO io;
  private final Path root;
  private FileHandle lockHandle; // held while this store owns the directory

  StoreDirectory(FileIO io, Path root) {
    this.io = io;
    this.root = root;
  }

  /**
   * Creates the root when absent (forcing its parent). Does nothing for a read-only store. Nothing
   * else is written before the lock is held: see {@link #tryLock(FileStoreOptions)}.
   *
   * @throws StoreIOException when the directory cannot be created
   */
  static void prepare(Path root, FileStoreOptions options, FileIO io) {
    if (options.readOnly()) {
      return;
    }
    try {
      if (!io.isDirectory(root)) {
        io.createDirectories(root);
        if (root.getParent() != null) {
          io.forceDirectory(root.getParent());
        }
      }
    } catch (IOException e) {
      throw new StoreIOException("preparing store directory " + root, e);
    }
  }

  /**
   * Handles the truncate witness, right after the lock was taken: with {@code
   * truncateUnexpectedEOF} it is created and must not exist yet (losing data stays a one-time,
   * deliberate decision, as in NATS Streaming); without the option it is removed.
   */
  private void handleTruncateWitness(FileStoreOptions options) throws IOException {
    Path witness = root.resolve(StoreLayout.TRUNCATE_WITNESS);
    if (options.truncateUnexpectedEOF()) {
      try {
        io.open(witness, FileIO.OpenMode.CREATE_NEW).close();
        io.forceDirectory(root);
      } catch (FileAlreadyExistsException e) {
        throw new InvalidOptionException(
            "the store in " + root + " was already opened with truncateUnexpectedEOF=true last time"
                + " (witness " + StoreLayout.TRUNCATE_WITNESS + "); open it once without the option"
                + " first, so that cutting data off stays a one-time decision");
      }
    } else {
      io.deleteIfExists(witness);
    }
  }

  /** Whether this store holds the lock. */
  boolean isLocked() {
    return lockHandle != null;
  }

  /**
   * Takes the OS lock on {@code .rootdir.lck} without blocking and, once taken, handles the truncate
   * witness (the first write of a store). Another store instance of this JVM holding it ({@code
   * OverlappingFileLockException} in NIO) counts as held by someone else.
   *
   * @return true if held now (or already), false if another process or store holds it
   * @throws InvalidOptionException when {@code truncateUnexpectedEOF} is used twice in a row (the
   *     lock is then released again)
   * @throws StoreIOException when the lock file cannot be opened or the witness not handled
   */
  boolean tryLock(FileStoreOptions options) {
    if (lockHandle != null) {
      return true;
    }
    Path file = root.resolve(StoreLayout.LOCK_FILE);
    if (!ProcessLocks.claim(file)) {
      return false; // another store of this JVM: opening the file at all would release its lock
    }
    FileHandle h = null;
    try {
      h = io.open(file, FileIO.OpenMode.READ_WRITE);
      if (!h.tryLock()) {
        closeQuietly(h);
        ProcessLocks.release(file);
        return false;
      }
      handleTruncateWitness(options);
      lockHandle = h;
      return true;
    } catch (IOException e) {
      closeQuietly(h);
      ProcessLocks.release(file);
      throw new StoreIOException("locking " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(h);
      ProcessLocks.release(file);
      throw e;
    }
  }

  /** Releases the lock if held. */
  void unlock() {
    if (lockHandle != null) {
      closeQuietly(lockHandle);
      lockHandle = null;
      ProcessLocks.release(root.resolve(StoreLayout.LOCK_FILE));
    }
  }

  /** Removes temp files of interrupted replacements and directories of interrupted deletions. */
  void removeLeftovers(ChannelDirectories dirs) {
    try {
      for (String file : new String[] {ServerInfoFile.NAME, ClientsFile.NAME}) {
        Path temp = AtomicReplace.tempFor(root.resolve(file));
        if (!io.isDirectory(temp)) { // a directory of that name is refused at recovery, not removed
          io.deleteIfExists(temp);
        }
      }
      dirs.removeDeleteMarkers();
    } catch (IOException e) {
      throw new StoreIOException("removing leftover temporary files in " + root, e);
    }
  }

  private static void closeQuietly(FileHandle h) {
    if (h != null) {
      try {
        h.close();
      } catch (IOException e) {
        LOG.warn("closing {} failed: {}", h.path(), e.toString());
      }
    }
  }
}
