package io.streamstore.file.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one door through which the file backend touches the file system. Every open, read, write,
 * force, truncate, rename, delete and directory sync goes through an implementation of this
 * interface, so tests can inject faults or simulate a power loss by supplying their own.
 *
 * <p>Implementations must be thread-safe. Methods report failures as {@link IOException}; callers
 * treat any failure of a write, force, truncate or move as fatal for the store that issued it.
 */
public interface FileIO {

  /** How a file is opened. */
  enum OpenMode {
    /** Read only; the file must exist. */
    READ,
    /** Read and write; the file is created when absent. */
    READ_WRITE,
    /** Read and write; the file must not exist yet. */
    CREATE_NEW
  }

  /** The real file system, through {@link java.nio.channels.FileChannel}. */
  static FileIO real() {
    return RealFileIO.INSTANCE;
  }

  /** Opens {@code file}. */
  FileHandle open(Path file, OpenMode mode) throws IOException;

  /** Whether {@code path} exists (file or directory). */
  boolean exists(Path path);

  /** Whether {@code path} is an existing directory. */
  boolean isDirectory(Path path);

  /** Size of the file in bytes. */
  long size(Path file) throws IOException;

  /** Creates the directory and any missing parents (no sync: call {@link #forceDirectory}). */
  void createDirectories(Path dir) throws IOException;

  /** The entries of {@code dir}, sorted by name. */
  List<Path> list(Path dir) throws IOException;

  /**
   * Renames {@code source} to {@code target} atomically, replacing {@code target} where the platform
   * does so atomically. Fails (never falls back to a copy) when the file system cannot move
   * atomically.
   */
  void move(Path source, Path target) throws IOException;

  /** Deletes the file or empty directory if present; returns whether it existed. */
  boolean deleteIfExists(Path path) throws IOException;

  /**
   * Makes the directory's entries (creations, renames, deletions) durable. On file systems that cannot
   * sync a directory an implementation may document that it does nothing.
   */
  void forceDirectory(Path dir) throws IOException;
}
