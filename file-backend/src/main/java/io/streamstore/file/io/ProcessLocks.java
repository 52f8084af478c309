package io.streamstore.file.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The lock files this JVM holds an OS lock on. It exists because of POSIX record locks: closing
 * <em>any</em> descriptor of a locked file releases the process's lock on it, so a second store (or
 * the repair tool) of the same JVM that merely opened and closed {@code .rootdir.lck} would silently
 * hand the first store's lock to another process. Code of this backend claims a lock file here
 * before it opens it, and a lock file already claimed counts as held by someone else (what NIO
 * reports as {@code OverlappingFileLockException}).
 *
 * <p>Thread-safe.
 */
public final class ProcessLocks {

  private static final Set<Path> CLAIMED = new HashSet<>();

  private ProcessLocks() {}

  /**
   * Claims {@code lockFile} for the caller.
   *
   * @return false when another store of this JVM holds it
   */
  public static boolean claim(Path lockFile) {
    synchronized (CLAIMED) {
      return CLAIMED.add(key(lockFile));
    }
  }

  /** Gives a claimed lock file back (after its handle was closed). */
  public static void release(Path lockFile) {
    synchronized (CLAIMED) {
      CLAIMED.remove(key(lockFile));
    }
  }

  /** The same file under any spelling: absolute, normalised, with the directory's links resolved. */
  private static Path key(Path lockFile) {
    Path abs = lockFile.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent != null) {
      try {
        return parent.toRealPath().resolve(abs.getFileName());
      } catch (IOException e) {
        // not there (yet): the spelling given is the best key
      }
    }
    return abs;
  }
}
