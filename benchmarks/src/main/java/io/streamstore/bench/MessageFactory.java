package io.streamstore.bench;

import com.google.protobuf.ByteString;
import io.streamstore.proto.MsgProto;
import java.util.SplittableRandom;

/**
 * Builds the messages of one channel: a fixed pseudo-random payload of the given size, the channel as
 * subject, the caller's sequence and the current time. The payload is built once so that workloads
 * measure the store, not the generator.
 */
public final class MessageFactory {

  private final String channel;
  private final ByteString payload;

  /** Messages for {@code channel} with {@code size}-byte payloads. */
  public MessageFactory(String channel, int size) {
    this.channel = channel;
    byte[] bytes = new byte[size];
    new SplittableRandom(size).nextBytes(bytes);
    this.payload = ByteString.copyFrom(bytes);
  }

  /** Payload size in bytes. */
  public int size() {
    return payload.size();
  }

  /** The message with sequence {@code seq}, stamped now. */
  public MsgProto message(long seq) {
    return MsgProto.newBuilder()
        .setSequence(seq)
        .setSubject(channel)
        .setData(payload)
        .setTimestamp(System.currentTimeMillis() * 1_000_000L)
        .build();
  }
}
