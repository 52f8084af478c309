package io.streamstore.file.meta;

import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * What a store committed to a group of files, so that recovery can tell "never written" from "cut
 * off": each file's committed length and a CRC-32 of its last bytes, the first and last sequence of a
 * message log, and whether the owner closed cleanly. Format 1 of NATS Streaming cannot see a file
 * cut at a record boundary; this small file, which NATS Streaming ignores, can.
 *
 * <p>A short text file (UTF-8, one item a line, a CRC-32 of the preceding text on the last line),
 * always replaced whole through {@link AtomicReplace}; a damaged one is reported, never guessed at.
 *
 * @param clean whether the owner closed cleanly after this was written (false while it is open)
 * @param first first sequence of a message log (0 when unused)
 * @param last last sequence of a message log (0 when unused)
 * @param files the committed files
 */
public record Manifest(boolean clean, long first, long last, List<Entry> files) {

  /** Bytes at the end of committed data covered by {@link Entry#tailCrc}. */
  public static final int TAIL = 64;

  private static final String MAGIC = "streamstore-manifest 1";

  /**
   * One committed file.
   *
   * @param name file name inside the manifest's directory
   * @param length bytes known to be forced to the disk
   * @param tailCrc CRC-32 of the bytes {@code [max(0, length - TAIL), length)}
   */
  public record Entry(String name, long length, int tailCrc) {}

  /** Copies the list. */
  public Manifest {
    files = List.copyOf(files);
  }

  /** The entry of {@code name}, if listed. */
  public Optional<Entry> entry(String name) {
    return files.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The same manifest with another clean flag. */
  public Manifest withClean(boolean c) {
    return new Manifest(c, first, last, files);
  }

  /** The committed state of {@code file} as it is now: its length and the CRC of its tail. */
  public static Entry describe(FileHandle file, String name, long length) throws IOException {
    return new Entry(name, length, tailCrc(file, length));
  }

  /** CRC-32 of the last {@link #TAIL} bytes before {@code length} (fewer in a short file). */
  public static int tailCrc(FileHandle file, long length) throws IOException {
    int n = (int) Math.min(TAIL, length);
    ByteBuffer b = ByteBuffer.allocate(n);
    file.readFully(b, length - n);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, n);
    return (int) crc.getValue();
  }

  /**
   * Checks {@code file} against its entry: damage when it is shorter than committed or its committed
   * tail changed.
   *
   * @return what is wrong (with the offset where committed data is missing), or empty when it holds
   */
  public static Optional<Damage> check(FileIO io, Path file, Entry e) throws IOException {
    if (!io.exists(file)) {
      return Optional.of(new Damage(0, "file is missing, but " + e.length() + " bytes of it were"
          + " committed"));
    }
    try (FileHandle h = io.open(file, FileIO.OpenMode.READ)) {
      long size = h.size();
      if (size < e.length()) {
        return Optional.of(new Damage(size, "file ends at " + size + " but " + e.length()
            + " bytes of it were committed: flushed data was cut off and lost"));
      }
      if (tailCrc(h, e.length()) != e.tailCrc()) {
        long at = Math.max(0, e.length() - TAIL);
        return Optional.of(new Damage(at, "the committed data before offset " + e.length()
            + " changed (zero-filled or overwritten): flushed data was lost"));
      }
      return Optional.empty();
    }
  }

  /**
   * Damage found by {@link #check}.
   *
   * @param offset where committed data is missing or changed
   * @param message what is wrong
   */
  public record Damage(long offset, String message) {
    /** As an exception naming {@code file}, with the advice every caller gives. */
    public CorruptedDataException toException(String file, String manifestName) {
      return new CorruptedDataException(message + " (committed state in " + manifestName + ");"
          + " restore the file from a backup, or remove " + manifestName + " to accept the loss",
          file, offset, null);
    }
  }

  /** Writes this manifest over {@code target} atomically (temp, force, rename, force directory). */
  public void write(FileIO io, Path target) throws IOException {
    StringBuilder s = new StringBuilder(MAGIC).append('\n');
    s.append("state ").append(clean ? "clean" : "open").append('\n');
    s.append("first ").append(first).append('\n');
    s.append("last ").append(last).append('\n');
    for (Entry e : files) {
      s.append("file ").append(e.length()).append(' ').append(Integer.toHexString(e.tailCrc()))
          .append(' ').append(e.name()).append('\n');
    }
    byte[] body = s.toString().getBytes(StandardCharsets.UTF_8);
    byte[] trailer = ("crc " + Integer.toHexString(crc(body, body.length)) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(body.length + trailer.length);
    b.put(body).put(trailer).flip();
    AtomicReplace.write(io, target, b);
  }

  /**
   * The manifest in {@code file}, or empty when there is none (a store written by NATS Streaming or
   * an older streamstore: unknown shutdown state).
   *
   * @throws CorruptedDataException when the file is damaged
   */
  public static Optional<Manifest> read(FileIO io, Path file) throws IOException {
    if (!io.exists(file)) {
      return Optional.empty();
    }
    byte[] bytes;
    try (FileHandle h = io.open(file, FileIO.OpenMode.READ)) {
      long size = h.size();
      if (size > 16L * 1024 * 1024) {
        throw bad(file, 0, "impossible size " + size);
      }
      ByteBuffer b = ByteBuffer.allocate((int) size);
      h.readFully(b, 0);
      bytes = b.array();
    }
    int end = bytes.length - 1;
    if (end < 0 || bytes[end] != '\n') {
      throw bad(file, bytes.length, "incomplete");
    }
    int crcLine = end - 1;
    while (crcLine >= 0 && bytes[crcLine] != '\n') {
      crcLine--;
    }
    String trailer = new String(bytes, crcLine + 1, end - crcLine - 1, StandardCharsets.UTF_8);
    if (!trailer.equals("crc " + Integer.toHexString(crc(bytes, crcLine + 1)))) {
      throw bad(file, crcLine + 1, "CRC-32 mismatch");
    }
    String[] lines = new String(bytes, 0, crcLine + 1, StandardCharsets.UTF_8).split("\n");
    try {
      if (!lines[0].equals(MAGIC)) {
        throw bad(file, 0, "unknown format \"" + lines[0] + "\"");
      }
      boolean clean = value(lines[1], "state").equals("clean");
      long first = Long.parseLong(value(lines[2], "first"));
      long last = Long.parseLong(value(lines[3], "last"));
      List<Entry> files = new ArrayList<>();
      for (int i = 4; i < lines.length; i++) {
        String[] p = value(lines[i], "file").split(" ", 3);
        files.add(new Entry(p[2], Long.parseLong(p[0]), Integer.parseUnsignedInt(p[1], 16)));
      }
      return Optional.of(new Manifest(clean, first, last, files));
    } catch (RuntimeException e) {
      if (e instanceof CorruptedDataException c) {
        throw c;
      }
      throw bad(file, 0, "unreadable: " + e);
    }
  }

  private static String value(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("expected \"" + key + "\" in \"" + line + "\"");
    }
    return line.substring(key.length() + 1);
  }

  private static int crc(byte[] b, int len) {
    CRC32 c = new CRC32();
    c.update(b, 0, len);
    return (int) c.getValue();
  }

  private static CorruptedDataException bad(Path file, long offset, String what) {
    return new CorruptedDataException("manifest " + what + "; remove it to open the store without"
        + " the check of committed lengths", file.toString(), offset, null);
  }
}
