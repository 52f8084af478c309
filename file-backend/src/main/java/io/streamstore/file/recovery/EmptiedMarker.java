package io.streamstore.file.recovery;

import com.google.protobuf.CodedInputStream;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordFormatException;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The {@link MsgFiles#EMPTIED} file: after {@code empty()} removed every slice, it keeps the last
 * sequence so that sequences continue after a restart. Written to a temporary file, forced, moved
 * into place and the directory forced; deleted once a new slice exists.
 *
 * <p>Stateless; thread-safe.
 */
public final class EmptiedMarker {

  private static final int MAX_SIZE = 1024;

  private EmptiedMarker() {}

  /** Records {@code last} durably. */
  public static void write(FileIO io, Path channelDir, RecordCodec codec, long last)
      throws IOException {
    Path target = channelDir.resolve(MsgFiles.EMPTIED);
    Path tmp = channelDir.resolve(MsgFiles.EMPTIED + ".tmp");
    ByteBuffer b = ByteBuffer.allocate(MAX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(FileVersion.header());
    codec.encode(b, RecordTypes.UNTYPED, MsgProto.newBuilder().setSequence(last).build());
    b.flip();
    io.deleteIfExists(tmp);
    try (FileHandle h = io.open(tmp, FileIO.OpenMode.CREATE_NEW)) {
      h.writeFully(b, 0);
      h.force(true);
    }
    io.move(tmp, target);
    io.forceDirectory(channelDir);
  }

  /** Removes the file if present (the directory is forced). */
  public static void delete(FileIO io, Path channelDir) throws IOException {
    if (io.deleteIfExists(channelDir.resolve(MsgFiles.EMPTIED))) {
      io.forceDirectory(channelDir);
    }
  }

  /**
   * The recorded last sequence, or 0 when there is no file.
   *
   * @throws CorruptedDataException when the file is damaged
   */
  static long read(FileIO io, Path channelDir, RecordCodec codec) throws IOException {
    Path p = channelDir.resolve(MsgFiles.EMPTIED);
    if (!io.exists(p)) {
      return 0;
    }
    try (FileHandle h = io.open(p, FileIO.OpenMode.READ)) {
      long size = h.size();
      if (size < FileVersion.SIZE || size > MAX_SIZE) {
        throw new CorruptedDataException("file has an impossible size " + size, p.toString(), 0, null);
      }
      ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      h.readFully(b, 0);
      b.flip();
      String version = FileVersion.problem(b);
      if (version != null) {
        throw new CorruptedDataException(version, p.toString(), 0, null);
      }
      b.position(FileVersion.SIZE);
      var r = codec.decode(b, false);
      ByteBuffer payload = b.duplicate().limit(r.payloadOffset() + r.payloadSize())
          .position(r.payloadOffset());
      return MsgProto.parseFrom(CodedInputStream.newInstance(payload)).getSequence();
    } catch (RecordFormatException e) {
      throw new CorruptedDataException(e.getMessage(), p.toString(), e.position(), e);
    }
  }
}
