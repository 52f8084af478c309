package io.streamstore.jetstream;

import com.google.protobuf.ByteString;
import io.nats.client.impl.Headers;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link MsgProto} becomes a native JetStream message and back: the payload is the message
 * data, every other field is a header, so any NATS client reads the migrated streams directly.
 *
 * <ul>
 *   <li>{@value #SEQ}: the SPI sequence (decimal);
 *   <li>{@value #TIME}: the timestamp, nanoseconds since the epoch (decimal);
 *   <li>{@value #SUBJECT}: the original subject, when not empty;
 *   <li>{@value #REPLY}: the reply subject, when not empty;
 *   <li>{@value #REDELIVERED}: {@code true}, only when set;
 *   <li>{@value #CRC}: the CRC-32 field (unsigned decimal), only when not 0;
 *   <li>{@value #BYTES}: the channel's accounted bytes up to and including this message (the sum of
 *       {@link MsgProto#getSerializedSize()}), so that the size of any range is a subtraction.
 * </ul>
 *
 * <p>Subjects and replies outside printable ASCII (or containing {@code %}) are percent-encoded as
 * UTF-8, since header values must be ASCII.
 */
final class MessageCodec {

  static final String SEQ = "Streamstore-Seq";
  static final String TIME = "Streamstore-Time";
  static final String SUBJECT = "Streamstore-Subject";
  static final String REPLY = "Streamstore-Reply";
  static final String REDELIVERED = "Streamstore-Redelivered";
  static final String CRC = "Streamstore-Crc32";
  static final String BYTES = "Streamstore-Bytes";
  static final String EXPECTED_LAST_SEQ = "Nats-Expected-Last-Sequence";

  private MessageCodec() {}

  /** The headers of {@code m}, with {@code cumulativeBytes} and the expected last stream sequence. */
  static Headers headers(MsgProto m, long cumulativeBytes, long expectedLastStreamSeq) {
    Headers h = new Headers();
    h.put(SEQ, Long.toUnsignedString(m.getSequence()));
    h.put(TIME, Long.toString(m.getTimestamp()));
    if (!m.getSubject().isEmpty()) {
      h.put(SUBJECT, encode(m.getSubject()));
    }
    if (!m.getReply().isEmpty()) {
      h.put(REPLY, encode(m.getReply()));
    }
    if (m.getRedelivered()) {
      h.put(REDELIVERED, "true");
    }
    if (m.getCRC32() != 0) {
      h.put(CRC, Integer.toUnsignedString(m.getCRC32()));
    }
    h.put(BYTES, Long.toString(cumulativeBytes));
    h.put(EXPECTED_LAST_SEQ, Long.toString(expectedLastStreamSeq));
    return h;
  }

  /** The message read back from a stream message's headers and data. */
  static MsgProto decode(Headers h, byte[] data, String where) {
    if (h == null || h.getFirst(SEQ) == null) {
      throw new CorruptedDataException(where + " is not a streamstore message (no " + SEQ + " header)");
    }
    try {
      MsgProto.Builder b = MsgProto.newBuilder()
          .setSequence(Long.parseUnsignedLong(h.getFirst(SEQ)))
          .setTimestamp(Long.parseLong(h.getFirst(TIME)));
      String subject = h.getFirst(SUBJECT);
      if (subject != null) {
        b.setSubject(decode(subject));
      }
      String reply = h.getFirst(REPLY);
      if (reply != null) {
        b.setReply(decode(reply));
      }
      if ("true".equals(h.getFirst(REDELIVERED))) {
        b.setRedelivered(true);
      }
      String crc = h.getFirst(CRC);
      if (crc != null) {
        b.setCRC32(Integer.parseUnsignedInt(crc));
      }
      if (data != null && data.length > 0) {
        b.setData(ByteString.copyFrom(data));
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new CorruptedDataException(where + " has malformed streamstore headers: " + e, e);
    }
  }

  /** The SPI sequence in the headers. */
  static long sequence(Headers h, String where) {
    return number(h, SEQ, where, true);
  }

  /** The timestamp in the headers. */
  static long timestamp(Headers h, String where) {
    return number(h, TIME, where, false);
  }

  /** The cumulative accounted bytes in the headers. */
  static long cumulativeBytes(Headers h, String where) {
    return number(h, BYTES, where, false);
  }

  private static long number(Headers h, String name, String where, boolean unsigned) {
    String v = h == null ? null : h.getFirst(name);
    if (v == null) {
      throw new CorruptedDataException(where + " lacks the " + name + " header");
    }
    try {
      return unsigned ? Long.parseUnsignedLong(v) : Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new CorruptedDataException(where + " has a malformed " + name + " header: " + v, e);
    }
  }

  static String encode(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c > 0x20 && c < 0x7f && c != '%';
    }
    if (plain) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
