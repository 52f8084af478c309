package io.streamstore.file.format;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Names and size accounting of a channel's message slices: {@code msgs.N.dat} (file version, then one
 * untyped record per message, payload MsgProto) and {@code msgs.N.idx} (file version, then one
 * {@link IndexCodec} record per message), N counting from 1. Removed slices are renamed with a
 * {@code .bak} suffix before they are deleted or archived.
 */
public final class MsgFiles {

  /** Bytes a message accounts for beyond its payload: record header plus index record (40). */
  public static final int OVERHEAD = RecordCodec.HEADER_SIZE + IndexCodec.SIZE;

  /** Suffix of a removed slice file. */
  public static final String BAK = ".bak";

  /**
   * Name of the file that remembers the last sequence of a log emptied by {@code empty()} while no
   * slice exists (file version + one untyped record: a MsgProto holding only the sequence). Not a
   * NATS file; NATS ignores it (it does not end in {@code .dat}).
   */
  public static final String EMPTIED = "msgs.emptied";

  /**
   * Name of the message log's {@link io.streamstore.file.meta.Manifest} (committed length of each
   * slice, first and last sequence, clean-shutdown flag). Not a NATS file; NATS ignores it.
   */
  public static final String MANIFEST = "msgs.manifest";

  /** Infix of a file holding bytes cut from a torn tail after a crash: {@code <file>.torn-<millis>}. */
  public static final String TORN = ".torn-";

  private static final String PREFIX = "msgs.";
  private static final String DAT = ".dat";
  private static final String IDX = ".idx";

  private MsgFiles() {}

  /** The data file of slice {@code n}. */
  public static Path data(Path channelDir, int n) {
    return channelDir.resolve(PREFIX + n + DAT);
  }

  /** The index file of slice {@code n}. */
  public static Path index(Path channelDir, int n) {
    return channelDir.resolve(PREFIX + n + IDX);
  }

  /** The slice number of a data file name such as {@code msgs.12.dat}, if it is one. */
  public static OptionalInt sliceOfDataFile(String fileName) {
    if (!fileName.startsWith(PREFIX) || !fileName.endsWith(DAT)) {
      return OptionalInt.empty();
    }
    String n = fileName.substring(PREFIX.length(), fileName.length() - DAT.length());
    if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalInt.empty();
    }
    int v = Integer.parseInt(n);
    return v > 0 ? OptionalInt.of(v) : OptionalInt.empty();
  }

  /**
   * Where the bytes cut from {@code file} are kept: {@code <name>.torn-<millis>} in a channel
   * directory, {@code .<name>.torn-<millis>} in the store root (a dot-file, which no channel name can
   * be). Neither NATS Streaming nor recovery reads such a file: it does not end in {@code .dat}.
   */
  public static Path tornAside(Path file, boolean inRoot, long millis) {
    return file.resolveSibling((inRoot ? "." : "") + file.getFileName() + TORN + millis);
  }

  /** The accounted size of a message with {@code payloadSize} serialized bytes. */
  public static long accounted(long payloadSize) {
    return payloadSize + OVERHEAD;
  }
}
