package io.streamstore.file.meta;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Replaces a file as a whole, never in place (reliability rule R3): the new content goes to {@code
 * <name>.tmp} in the same directory, is forced to disk, atomically renamed over the target, and the
 * directory is forced. A crash at any point leaves either the old file or the new one, plus at most a
 * stale temp file that {@link #TEMP_SUFFIX} lets start-up clean away.
 *
 * <p>Stateless and thread-safe; callers serialize replacements of one file.
 */
public final class AtomicReplace {

  /** Suffix of the temp files this class writes; start-up deletes leftovers. */
  public static final String TEMP_SUFFIX = StoreLayout.TEMP_SUFFIX;

  private AtomicReplace() {}

  /** The temp file used when replacing {@code target}. */
  public static Path tempFor(Path target) {
    return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
  }

  /**
   * Writes {@code content} (from its position to its limit) as the new {@code target}.
   *
   * @throws IOException if any step fails; the target then still holds its previous content
   */
  public static void write(FileIO io, Path target, ByteBuffer content) throws IOException {
    Path temp = tempFor(target);
    io.deleteIfExists(temp);
    try (FileHandle h = io.open(temp, FileIO.OpenMode.CREATE_NEW)) {
      h.writeFully(content, 0);
      h.force(true);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(io, temp);
      throw e;
    }
    io.move(temp, target);
    io.forceDirectory(target.getParent());
  }

  /**
   * Moves an already written and forced temp file over {@code target}, then forces the directory.
   */
  public static void commit(FileIO io, Path temp, Path target) throws IOException {
    io.move(temp, target);
    io.forceDirectory(target.getParent());
  }

  static void deleteQuietly(FileIO io, Path p) {
    try {
      io.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: start-up removes leftovers
    }
  }
}
