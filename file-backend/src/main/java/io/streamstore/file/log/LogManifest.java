package io.streamstore.file.log;

import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@link MsgFiles#MANIFEST} of one message log: for each slice its committed length and
 * tail CRC, the first and last sequence, and the clean-shutdown flag. An entry is only ever taken
 * from data forced to the disk (the file is forced right before its entry is computed), so the
 * manifest never claims more than survives a power loss. Slices before the last no longer change:
 * their entries are computed once.
 *
 * <p>Not thread-safe: called under the owning log's lock.
 */
final class LogManifest {

  private final FileIO io;
  private final Path file;
  private final Map<Integer, Manifest.Entry> sealed = new HashMap<>();
  private Manifest.Entry writeEntry; // of the write slice, as last checkpointed
  /**
   * The last sequence when {@link #writeEntry} was taken (-1 before the first checkpoint): what a
   * manifest written without forcing may claim, since later messages may still be in a buffer.
   */
  private long checkpointedLast = -1;
  /** What the manifest on disk says: null when there is none, else whether it says clean. */
  private Boolean onDisk;
  /** Whether the log changed since the manifest was last written. */
  private boolean changed;

  LogManifest(FileIO io, Path channelDir) {
    this.io = io;
    this.file = channelDir.resolve(MsgFiles.MANIFEST);
  }

  /** Takes what recovery read (null: no manifest). */
  void recovered(Manifest m) {
    onDisk = m == null ? null : m.clean();
  }

  /**
   * The last sequence a manifest written without a checkpoint may claim for a log whose last is
   * {@code last}: not past the last checkpoint's, since later messages may be in a buffer only (a
   * crash then loses them, and the manifest must not say they were committed).
   */
  long claimableLast(long last) {
    return checkpointedLast >= 0 ? Math.min(last, checkpointedLast) : last;
  }

  /** Notes a change (append, removal) not yet recorded. */
  void changed() {
    changed = true;
  }

  /** Whether the manifest on disk says "open" (so a crash from now on is an unclean shutdown). */
  boolean markedOpen() {
    return Boolean.FALSE.equals(onDisk);
  }

  /**
   * A checkpoint: forces the write slice up to {@code writeEnd} (the caller wrote its buffer to the
   * OS), then writes the manifest. Skipped when nothing changed since the last write and the
   * manifest already says what {@code clean} says (or, for a background checkpoint, whatever it
   * says), so an idle log costs nothing.
   */
  void checkpoint(boolean clean, long first, long last, List<Slice> slices, Slice write,
      long writeEnd, boolean force) throws IOException {
    if (!changed && !force && (!clean || Boolean.TRUE.equals(onDisk))) {
      return;
    }
    if (write != null) {
      writeEntry = forcedEntry(write.dataPath, writeEnd);
    }
    checkpointedLast = last;
    write(clean, first, last, slices, write);
  }

  /**
   * Writes the manifest with the write slice's entry from the last checkpoint (nothing is forced
   * here; used when slices are removed or the log is emptied, so no removed slice is listed).
   */
  void write(boolean clean, long first, long last, List<Slice> slices, Slice write)
      throws IOException {
    List<Manifest.Entry> entries = new ArrayList<>(slices.size());
    for (Slice s : slices) {
      if (s == write) {
        if (writeEntry != null && writeEntry.name().equals(s.dataPath.getFileName().toString())) {
          entries.add(writeEntry);
        }
        continue;
      }
      Manifest.Entry e = sealed.get(s.number);
      if (e == null) {
        e = forcedEntry(s.dataPath, -1);
        sealed.put(s.number, e);
      }
      entries.add(e);
    }
    sealed.keySet().removeIf(n -> slices.stream().noneMatch(s -> s.number == n));
    new Manifest(clean, first, last, entries).write(io, file);
    onDisk = clean;
    changed = false;
  }

  /** The entry of a file forced now, for its first {@code length} bytes (-1: the whole file). */
  private Manifest.Entry forcedEntry(Path p, long length) throws IOException {
    try (FileHandle h = io.open(p, FileIO.OpenMode.READ)) {
      long len = length < 0 ? h.size() : length;
      h.force(false);
      return Manifest.describe(h, p.getFileName().toString(), len);
    }
  }
}
