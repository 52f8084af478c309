package io.streamstore.file.meta;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code server.dat}: the version, then exactly one untyped record holding the {@link ServerInfo}.
 * Unlike NATS Streaming, which truncates and rewrites it in place, the file is always replaced whole
 * ({@link AtomicReplace}), so a crash leaves the old or the new identity, never a mix.
 *
 * <p>Thread-safe (stateless apart from its configuration); the store serializes writes.
 */
public final class ServerInfoFile {

  /** The file name in the store's root. */
  public static final String NAME = StoreLayout.SERVER_FILE;

  private final FileIO io;
  private final Path file;
  private final RecordCodec codec;
  private final boolean checkCrc;

  /**
   * @param io the file system seam
   * @param root the store's root directory
   * @param codec encodes and checks records (CRC polynomial, size limit)
   * @param checkCrc whether a CRC mismatch is an error when reading
   */
  public ServerInfoFile(FileIO io, Path root, RecordCodec codec, boolean checkCrc) {
    this.io = io;
    this.file = root.resolve(NAME);
    this.codec = codec;
    this.checkCrc = checkCrc;
  }

  /** The path of {@code server.dat}. */
  public Path path() {
    return file;
  }

  /**
   * Reads the server information.
   *
   * @return empty when the file does not exist or holds only its version (nothing was initialized)
   * @throws CorruptedDataException when the file is damaged: bad version, size, CRC or protobuf
   */
  public Optional<ServerInfo> read() {
    if (!io.exists(file)) {
      return Optional.empty();
    }
    try (FileHandle h = io.open(file, FileIO.OpenMode.READ)) {
      String bad = RecordFileReader.versionProblem(h);
      if (bad != null) {
        throw new CorruptedDataException(bad, NAME, 0, null);
      }
      long size = h.size();
      if (size == FileVersion.SIZE) {
        return Optional.empty();
      }
      if (size < FileVersion.SIZE + RecordCodec.HEADER_SIZE) {
        throw new CorruptedDataException(
            "incomplete server information record (" + (size - FileVersion.SIZE) + " bytes)",
            NAME, FileVersion.SIZE, null);
      }
      ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      h.readFully(header, FileVersion.SIZE);
      int recordSize = header.getInt(0);
      int storedCrc = header.getInt(4);
      long expected = (long) FileVersion.SIZE + RecordCodec.HEADER_SIZE + recordSize;
      if (recordSize < 0 || recordSize > codec.sizeLimit() || expected != size) {
        throw new CorruptedDataException(
            "server information record size " + Integer.toUnsignedString(recordSize)
                + " does not match the file size " + size + " (expected " + expected + " bytes)",
            NAME, FileVersion.SIZE, null);
      }
      ByteBuffer payload = ByteBuffer.allocate(recordSize).order(ByteOrder.LITTLE_ENDIAN);
      h.readFully(payload, FileVersion.SIZE + RecordCodec.HEADER_SIZE);
      payload.flip();
      if (checkCrc && !codec.crcMatches(payload, 0, recordSize, storedCrc)) {
        throw new CorruptedDataException(
            "CRC-32 mismatch in the server information record", NAME, FileVersion.SIZE, null);
      }
      try {
        return Optional.of(ServerInfo.parseFrom(payload));
      } catch (InvalidProtocolBufferException e) {
        throw new CorruptedDataException(
            "server information record is not a valid ServerInfo: " + e.getMessage(),
            NAME, FileVersion.SIZE, e);
      }
    } catch (IOException e) {
      throw new StoreIOException("reading " + file, e);
    }
  }

  /**
   * Replaces the file with {@code info}, durably, before returning.
   *
   * @throws StoreIOException if writing fails; the previous content is then intact
   */
  public void write(ServerInfo info) {
    ByteBuffer buf =
        ByteBuffer.allocate(FileVersion.SIZE + RecordCodec.HEADER_SIZE + info.getSerializedSize())
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(FileVersion.header());
    codec.encode(buf, RecordTypes.UNTYPED, info);
    buf.flip();
    try {
      AtomicReplace.write(io, file, buf);
    } catch (IOException e) {
      throw new StoreIOException("replacing " + file, e);
    }
  }
}
