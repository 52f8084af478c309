package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.IndexEntry;
import io.streamstore.file.format.Record;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordFormatException;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.proto.ClientDelete;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.proto.SubStateDelete;
import io.streamstore.proto.SubStateUpdate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * T5 (format part): fuzzes the file backend's decoders on raw bytes: the record frame of every file
 * type (message data, subs.dat, clients.dat, server.dat) with the protobuf payload of that file, the
 * index record, and the file version header. The only acceptable failures are the declared ones
 * ({@link RecordFormatException}, {@link InvalidProtocolBufferException}, the version check's
 * message); a decoded record must lie inside the buffer.
 *
 * <p>Raw-byte targets replay {@code FormatFuzzTestInputs/<method>/} in every build; typed targets are
 * round-trip properties.
 */
class FormatFuzzTest {

  private static final int LIMIT = 1 << 20;

  /** Which file a buffer is decoded as: selects typed framing and the payload parser. */
  enum FileKind { DAT, SUBS, CLIENTS, SERVER }

  @FuzzTest(maxDuration = "10m")
  void records(FuzzedDataProvider data) {
    FileKind kind = FileKind.values()[data.consumeInt(0, FileKind.values().length - 1)];
    boolean checkCrc = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    decodeAll(kind, bytes, checkCrc);
  }

  /** Decodes records until the end or the first bad one; returns how many were good. */
  static int decodeAll(FileKind kind, byte[] bytes, boolean checkCrc) {
    RecordCodec codec = new RecordCodec(Crc32.of(Crc32.IEEE), LIMIT, checkCrc);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    boolean typed = kind == FileKind.SUBS || kind == FileKind.CLIENTS;
    int good = 0;
    while (buf.hasRemaining()) {
      int before = buf.position();
      Record r;
      try {
        r = codec.decode(buf, typed);
      } catch (RecordFormatException expected) {
        assertThat(expected.position()).isEqualTo(before);
        assertThat(buf.position()).isEqualTo(before);
        return good;
      }
      assertThat(r.payloadOffset()).isEqualTo(before + RecordCodec.HEADER_SIZE);
      assertThat(r.payloadSize()).isBetween(0, LIMIT);
      assertThat(r.payloadOffset() + r.payloadSize()).isLessThanOrEqualTo(bytes.length);
      assertThat(buf.position()).isEqualTo(before + r.totalSize());
      try {
        parse(kind, r.type(), ByteString.copyFrom(bytes, r.payloadOffset(), r.payloadSize()));
      } catch (InvalidProtocolBufferException expected) {
        return good;
      }
      good++;
    }
    return good;
  }

  static MessageLite parse(FileKind kind, int type, ByteString payload)
      throws InvalidProtocolBufferException {
    return switch (kind) {
      case DAT -> MsgProto.parseFrom(payload);
      case SERVER -> ServerInfo.parseFrom(payload);
      case CLIENTS -> type == RecordTypes.CLIENT_DELETE
          ? ClientDelete.parseFrom(payload) : ClientInfo.parseFrom(payload);
      case SUBS -> switch (type) {
        case RecordTypes.SUB_NEW, RecordTypes.SUB_UPDATE -> SubState.parseFrom(payload);
        case RecordTypes.SUB_DELETE -> SubStateDelete.parseFrom(payload);
        default -> SubStateUpdate.parseFrom(payload);
      };
    };
  }

  @FuzzTest(maxDuration = "10m")
  void index(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int pos = 0; pos + IndexCodec.SIZE <= bytes.length; pos += IndexCodec.SIZE) {
      try {
        IndexEntry e = IndexCodec.decode(buf, pos);
        assertThat(IndexCodec.crcMatches(buf, pos)).isTrue();
        assertThat(e.seq()).isEqualTo(IndexCodec.seq(buf, pos));
      } catch (RecordFormatException expected) {
        assertThat(IndexCodec.crcMatches(buf, pos)).isFalse();
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void versionHeader(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    String problem = FileVersion.problem(ByteBuffer.wrap(bytes));
    boolean v1 = bytes.length >= 4
        && ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == FileVersion.CURRENT;
    assertThat(problem == null).isEqualTo(v1);
  }

  /** Property: an index record written by the codec decodes to the same fields, and any flip is seen. */
  @FuzzTest(maxDuration = "5m")
  void indexRoundTrip(long seq, long offset, long timestamp, int size,
      @InRange(min = 0, max = 255) int flipBit) {
    ByteBuffer buf = ByteBuffer.allocate(IndexCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    IndexCodec.write(buf, 0, seq, offset, timestamp, size);
    try {
      assertThat(IndexCodec.decode(buf, 0)).isEqualTo(new IndexEntry(seq, offset, timestamp, size));
    } catch (RecordFormatException e) {
      throw new AssertionError("fresh index record rejected", e);
    }
    buf.put(flipBit / 8, (byte) (buf.get(flipBit / 8) ^ (1 << (flipBit % 8))));
    assertThat(IndexCodec.crcMatches(buf, 0)).isFalse();
  }

  /** Property: a message record round-trips, and a flipped payload bit is caught by the CRC. */
  @FuzzTest(maxDuration = "5m")
  void messageRoundTrip(byte @NotNull [] payload, long seq, long timestamp, @NotNull String subject,
      int flip) {
    MsgProto msg = MsgProto.newBuilder().setSequence(seq).setTimestamp(timestamp)
        .setSubject(subject).setData(ByteString.copyFrom(payload)).build();
    RecordCodec codec = new RecordCodec(Crc32.of(Crc32.IEEE), LIMIT, true);
    ByteBuffer buf = ByteBuffer.allocate(RecordCodec.HEADER_SIZE + msg.getSerializedSize())
        .order(ByteOrder.LITTLE_ENDIAN);
    codec.encode(buf, RecordTypes.UNTYPED, msg);
    buf.flip();
    Record r;
    if (msg.getSerializedSize() == 0) {
      // Known limit of format 1 (reported): an untyped record with an empty payload has header word
      // 0 and CRC 0, which is exactly what a zero-filled tail looks like. Such a message (sequence 0,
      // everything default) is never stored by a server; assert the ambiguity stays what we know.
      try {
        codec.decode(buf, false);
        throw new AssertionError("empty record decoded although it is all zeros");
      } catch (RecordFormatException expected) {
        assertThat(expected.problem().name()).isEqualTo("ZERO_FILL");
        return;
      }
    }
    try {
      r = codec.decode(buf, false);
      assertThat(MsgProto.parseFrom(ByteString.copyFrom(buf.array(), r.payloadOffset(),
          r.payloadSize()))).isEqualTo(msg);
    } catch (RecordFormatException | InvalidProtocolBufferException e) {
      throw new AssertionError("fresh record rejected", e);
    }
    if (r.payloadSize() > 0) {
      int at = r.payloadOffset() + Math.floorMod(flip, r.payloadSize());
      buf.array()[at] ^= (byte) (1 << Math.floorMod(flip >> 8, 8));
      buf.position(0);
      try {
        codec.decode(buf, false);
        throw new AssertionError("flipped payload bit not detected at " + at);
      } catch (RecordFormatException expected) {
        // CRC-32 detects every single-bit error
      }
    }
  }
}
