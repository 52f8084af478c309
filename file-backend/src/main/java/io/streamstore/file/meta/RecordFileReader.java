package io.streamstore.file.meta;

import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordProblem;
import io.streamstore.file.io.FileHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a file of records (typed or untyped) from front to back in bounded chunks, handing each
 * record to a {@link Visitor} and saying why and where it stopped. It never throws for damaged data:
 * the caller (recovery, the verifier, the repair tool) decides what a problem means.
 *
 * <p>Memory stays bounded by the codec's record size limit, whatever the size fields on disk say.
 * Not thread-safe; used by one thread during recovery or verification.
 */
public final class RecordFileReader {

  private static final int CHUNK = 64 * 1024;

  /** Receives every complete record. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * One record.
     *
     * @param offset where the record (its header) starts in the file
     * @param type the type code, 0 for untyped files
     * @param payload the payload, positioned at 0; valid only during the call
     * @param crcOk whether the payload matches its stored CRC-32
     */
    void record(long offset, int type, ByteBuffer payload, boolean crcOk);
  }

  /**
   * Where and why reading stopped.
   *
   * @param validEnd the offset just after the last complete record (where a repair would truncate)
   * @param fileSize the file's size when it was read
   * @param end how reading stopped: {@code CLEAN} at a clean end of file, else what was found at
   *     {@code validEnd}
   * @param detail a human detail for the problem (empty when none)
   * @param records the number of complete records read
   */
  public record Outcome(long validEnd, long fileSize, End end, String detail, long records) {

    /** Whether the file ended exactly after a record. */
    public boolean clean() {
      return end == End.CLEAN;
    }

    /** A message for errors and reports: what was found at {@code validEnd}. */
    public String describe() {
      return end.description() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** How a scan ended. */
  public enum End {
    /** The file ends exactly after a record. */
    CLEAN("end of file"),
    /** Only zero bytes follow the last record: the end of written data (NATS rewinds there). */
    ZERO_TAIL("zero-filled tail"),
    /** The last record is incomplete: a write interrupted at the end of the file. */
    TORN_TAIL("incomplete last record (unexpected end of file)"),
    /** A size field beyond the record size limit: a corrupt header. */
    BAD_SIZE("record size exceeds the record size limit"),
    /** A zero header followed by non-zero bytes: a hole inside written data. */
    ZERO_GAP("zero-filled record header followed by data");

    private final String description;

    End(String description) {
      this.description = description;
    }

    /** A human description. */
    public String description() {
      return description;
    }
  }

  private RecordFileReader() {}

  /**
   * Checks the 4-byte version at the start of {@code file}.
   *
   * @return null when the version is supported, else what is wrong
   */
  public static String versionProblem(FileHandle file) throws IOException {
    ByteBuffer v = ByteBuffer.allocate(FileVersion.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    long size = file.size();
    if (size < FileVersion.SIZE) {
      return "file is " + size + " bytes long, shorter than its " + FileVersion.SIZE
          + "-byte version header";
    }
    file.readFully(v, 0);
    v.flip();
    return FileVersion.problem(v);
  }

  /**
   * Reads every record after the version header.
   *
   * @param file the open file
   * @param codec decodes headers (its size limit bounds every allocation)
   * @param typed whether headers carry a type in their high byte
   * @param visitor receives each complete record
   */
  public static Outcome scan(FileHandle file, RecordCodec codec, boolean typed, Visitor visitor)
      throws IOException {
    long fileSize = file.size();
    long offset = FileVersion.SIZE;
    long records = 0;
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    long bufStart = offset; // file offset of buf[0]
    buf.limit(0);
    while (true) {
      int at = (int) (offset - bufStart);
      long left = fileSize - offset;
      if (left == 0) {
        return new Outcome(offset, fileSize, End.CLEAN, "", records);
      }
      if (buf.limit() - at < RecordCodec.HEADER_SIZE && left > buf.limit() - at) {
        buf = refill(file, buf, bufStart = offset, fileSize, RecordCodec.HEADER_SIZE);
        at = 0;
      }
      int inBuf = buf.limit() - at;
      if (inBuf < RecordCodec.HEADER_SIZE) {
        // Fewer than 8 bytes remain in the whole file.
        if (RecordCodec.allZero(buf, at, inBuf)) {
          return new Outcome(offset, fileSize, End.ZERO_TAIL, "", records);
        }
        return new Outcome(offset, fileSize, End.TORN_TAIL,
            inBuf + " of " + RecordCodec.HEADER_SIZE + " header bytes", records);
      }
      int word = buf.getInt(at);
      int storedCrc = buf.getInt(at + 4);
      RecordProblem p = codec.checkHeader(word, storedCrc, typed, left - RecordCodec.HEADER_SIZE);
      int size = RecordCodec.sizeOf(word, typed);
      if (p == RecordProblem.ZERO_FILL) {
        boolean rest = zeroUntilEnd(file, offset, fileSize);
        return rest
            ? new Outcome(offset, fileSize, End.ZERO_TAIL, "", records)
            : new Outcome(offset, fileSize, End.ZERO_GAP, "", records);
      }
      if (p != null) {
        String detail = p == RecordProblem.TOO_LARGE
            ? "size field " + Integer.toUnsignedString(size) + ", limit " + codec.sizeLimit()
            : "size field " + size + ", only " + (left - RecordCodec.HEADER_SIZE) + " bytes left";
        End end = p == RecordProblem.TOO_LARGE ? End.BAD_SIZE : End.TORN_TAIL;
        return new Outcome(offset, fileSize, end, detail, records);
      }
      int total = RecordCodec.HEADER_SIZE + size;
      if (buf.limit() - at < total) {
        buf = refill(file, buf, bufStart = offset, fileSize, total);
        at = 0;
      }
      boolean crcOk = codec.crcMatches(buf, at + RecordCodec.HEADER_SIZE, size, storedCrc);
      ByteBuffer payload = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      payload.limit(at + total).position(at + RecordCodec.HEADER_SIZE);
      visitor.record(offset, RecordCodec.typeOf(word, typed), payload.slice(), crcOk);
      offset += total;
      records++;
    }
  }

  /** Loads the file from {@code from} into a buffer holding at least {@code need} bytes (or to EOF). */
  private static ByteBuffer refill(FileHandle file, ByteBuffer old, long from, long fileSize, int need)
      throws IOException {
    int capacity = Math.max(old.capacity(), need);
    ByteBuffer buf =
        capacity == old.capacity()
            ? old.clear()
            : ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    int want = (int) Math.min(capacity, fileSize - from);
    buf.limit(want);
    file.readFully(buf, from);
    buf.flip();
    return buf;
  }

  /** Whether every byte of {@code file} from {@code from} to {@code fileSize} is zero. */
  public static boolean zeroUntilEnd(FileHandle file, long from, long fileSize) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    long pos = from;
    while (pos < fileSize) {
      buf.clear().limit((int) Math.min(CHUNK, fileSize - pos));
      file.readFully(buf, pos);
      buf.flip();
      if (!RecordCodec.allZero(buf, 0, buf.limit())) {
        return false;
      }
      pos += buf.limit();
    }
    return true;
  }
}
