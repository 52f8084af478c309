package io.streamstore.jetstream;

import io.streamstore.spi.CorruptedDataException;
import java.nio.charset.StandardCharsets;

/**
 * The registry entry of a channel in the state bucket: the channel exists exactly while its entry
 * does. The incarnation is a random id chosen at creation; subscription keys carry it, so keys left
 * behind by a deleted channel never attach to a new channel of the same name. The stream is created
 * with the channel's first message (a channel costs no stream, and on a cluster no Raft group, until
 * it holds something); {@code streamCreated} records that it was, so that a stream that went
 * missing afterwards is reported instead of read as an empty channel.
 *
 * <p>Encoded as UTF-8 text {@code v1\n<incarnation>\n<0|1>\n<channel name>} (channel names hold no
 * control characters).
 *
 * @param incarnation 16 hex digits
 * @param streamCreated whether the channel's stream was created
 * @param name the channel name
 */
record ChannelRecord(String incarnation, boolean streamCreated, String name) {

  byte[] encode() {
    return ("v1\n" + incarnation + "\n" + (streamCreated ? "1" : "0") + "\n" + name)
        .getBytes(StandardCharsets.UTF_8);
  }

  ChannelRecord withStream() {
    return new ChannelRecord(incarnation, true, name);
  }

  static ChannelRecord decode(String key, byte[] value) {
    String[] parts = new String(value, StandardCharsets.UTF_8).split("\n", 4);
    if (parts.length != 4 || !parts[0].equals("v1") || !parts[1].matches("[0-9a-f]{16}")
        || !(parts[2].equals("0") || parts[2].equals("1"))) {
      throw new CorruptedDataException("state bucket entry " + key + " is not a channel record");
    }
    return new ChannelRecord(parts[1], parts[2].equals("1"), parts[3]);
  }
}
