package io.streamstore.file.meta;

import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule for a torn last record, shared by message slices, {@code subs.dat} and {@code
 * clients.dat}: after an <em>unclean</em> shutdown (a manifest that says "open"), an incomplete or
 * failing last record past the committed length of the file that was being appended is what the
 * crash interrupted, never acknowledged: it is cut automatically, logged at WARN, and its bytes are
 * kept aside in {@code <file>.torn-<millis>}. After a clean shutdown, with no manifest (a store
 * written by NATS Streaming: shutdown state unknown), or with the strict NATS behaviour
 * ({@code cutTornTailAfterCrash=false}) it stays an error that {@code truncateUnexpectedEOF} settles.
 *
 * <p>Stateless; thread-safe.
 */
public final class CrashDebris {

  private static final Logger LOG = LoggerFactory.getLogger(CrashDebris.class);
  private static final int CHUNK = 1 << 20;

  private CrashDebris() {}

  /** Whether the owner's last shutdown was unclean and the option allows cutting debris. */
  public static boolean unclean(boolean enabled, Optional<Manifest> manifest) {
    return enabled && manifest.isPresent() && !manifest.get().clean();
  }

  /**
   * Whether a torn tail at {@code at} may be cut as crash debris.
   *
   * @param enabled the option {@code cutTornTailAfterCrash}, and the store is writable
   * @param manifest the owner's manifest, if any
   * @param entryName the file's name in the manifest
   */
  public static boolean applies(boolean enabled, Optional<Manifest> manifest, String entryName,
      long at) {
    if (!unclean(enabled, manifest)) {
      return false;
    }
    long committed = manifest.get().entry(entryName).map(Manifest.Entry::length).orElse(0L);
    return at >= committed;
  }

  /**
   * Copies the bytes {@code [at, size)} of {@code file} to a new file next to it and forces it, so
   * the caller can cut the file; logs what is cut at WARN.
   *
   * @return the file holding the bytes
   */
  public static Path keepAside(FileIO io, FileHandle file, Path path, boolean inRoot, long at,
      long size, String why) throws IOException {
    Path aside = MsgFiles.tornAside(path, inRoot, System.currentTimeMillis());
    for (int i = 1; io.exists(aside); i++) {
      aside = MsgFiles.tornAside(path, inRoot, System.currentTimeMillis() + i);
    }
    try (FileHandle out = io.open(aside, FileIO.OpenMode.CREATE_NEW)) {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, size - at)));
      for (long pos = at; pos < size; ) {
        int n = (int) Math.min(b.capacity(), size - pos);
        b.clear().limit(n);
        file.readFully(b, pos);
        b.flip();
        out.writeFully(b, pos - at);
        pos += n;
      }
      out.force(true);
    }
    io.forceDirectory(path.getParent());
    LOG.warn("{}: {} at offset {} after an unclean shutdown: cutting {} bytes of crash debris"
        + " (kept in {})", path, why, at, size - at, aside.getFileName());
    return aside;
  }
}
