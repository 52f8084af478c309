package io.streamstore.torture;

import com.google.protobuf.ByteString;
import io.streamstore.proto.MsgProto;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The oracle payload: the bytes of message {@code seq} on {@code channel} are a pure function of the
 * two, so any read can be checked without remembering what was written. The first 8 bytes hold the
 * sequence, the next 8 a hash of the channel name, the rest come from a generator seeded by both, and
 * the timestamp is derived from the sequence too.
 */
final class Payloads {

  private Payloads() {}

  /** The message the oracle expects at {@code seq} on {@code channel}, {@code size} bytes of data. */
  static MsgProto msg(String channel, long seq, int size) {
    return MsgProto.newBuilder()
        .setSequence(seq)
        .setSubject(channel)
        .setTimestamp(timestamp(seq))
        .setData(ByteString.copyFrom(data(channel, seq, size)))
        .build();
  }

  /** A timestamp that increases with the sequence. */
  static long timestamp(long seq) {
    return 1_700_000_000_000_000_000L + seq * 1_000L;
  }

  /** The payload bytes. Sizes below 16 are raised to 16 so the header always fits. */
  static byte[] data(String channel, long seq, int size) {
    byte[] out = new byte[Math.max(16, size)];
    long h = channelHash(channel);
    ByteBuffer.wrap(out).putLong(seq).putLong(h);
    SplittableRandom r = new SplittableRandom(h * 31 + seq);
    for (int i = 16; i < out.length; i++) {
      out[i] = (byte) r.nextInt(256);
    }
    return out;
  }

  /** Null when {@code msg} is exactly what the oracle expects for its channel and sequence, else why not. */
  static String check(String channel, long seq, MsgProto msg) {
    if (msg.getSequence() != seq) {
      return "sequence " + msg.getSequence() + " where " + seq + " was asked for";
    }
    if (!msg.getSubject().equals(channel)) {
      return "subject " + msg.getSubject() + " on channel " + channel;
    }
    if (msg.getTimestamp() != timestamp(seq)) {
      return "timestamp " + msg.getTimestamp() + " for seq " + seq;
    }
    byte[] got = msg.getData().toByteArray();
    byte[] want = data(channel, seq, got.length);
    if (got.length < 16 || !java.util.Arrays.equals(got, want)) {
      return "payload of seq " + seq + " (" + got.length + " bytes) differs from the oracle";
    }
    return null;
  }

  private static long channelHash(String channel) {
    long h = 1125899906842597L;
    for (byte b : channel.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    return h;
  }
}
