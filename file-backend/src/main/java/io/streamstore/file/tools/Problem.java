package io.streamstore.file.tools;

import java.util.Objects;

/**
 * One thing wrong in a store directory, as {@link StoreVerifier} found it.
 *
 * @param file the file, relative to the store root with '/' separators (e.g. {@code orders/msgs.1.dat})
 * @param offset the byte offset in that file where the problem starts (0 when it concerns the whole file)
 * @param kind the category, for tools that act on it
 * @param message what is wrong, for people
 */
public record Problem(String file, long offset, Kind kind, String message) {

  /** Categories of problems. */
  public enum Kind {
    /** A file is missing, unreadable, or shorter than its version header, or has an unknown version. */
    BAD_FILE,
    /** A record's payload does not match its CRC-32. */
    BAD_CRC,
    /** The last record is incomplete (a write interrupted at the end of the file). */
    TORN_TAIL,
    /** A size field is impossible, or a zero header hides data behind it: the framing is lost here. */
    BAD_FRAMING,
    /** A record is complete and its CRC matches, but it is not what the file may hold (type, protobuf). */
    BAD_RECORD,
    /** Message sequences do not increase. */
    BAD_SEQUENCE,
    /** A message slice has no index file (recovery rebuilds it; repair writes it). */
    MISSING_INDEX,
    /** An index record fails its own CRC-32, is incomplete, or does not match its data record. */
    BAD_INDEX,
    /**
     * Data known to have been complete is gone: a slice before the last is zero-filled, torn or
     * empty, or a file is shorter than (or its end differs from) what its manifest committed.
     * Recovery refuses the store; repair leaves it (restore the file from a backup).
     */
    LOST_DATA
  }

  /** Checks that no part is missing. */
  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return file + " @" + offset + " " + kind + ": " + message;
  }
}
