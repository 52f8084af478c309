package io.streamstore.jetstream;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.streamstore.proto.SubState;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MutableSequenceSet;
import io.streamstore.spi.SequenceSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A subscription as one state-bucket value: a version byte (1), the {@code SubState} protobuf
 * (length-prefixed, {@code lastSent} included), the number of pending sequences, then the pending
 * sequences ascending as varint deltas. The whole record is rewritten on every flush that changed it.
 */
final class SubRecord {

  private SubRecord() {}

  static byte[] encode(SubState state, SequenceSet pending) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + pending.size() * 2);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeRawByte(1);
      out.writeByteArrayNoTag(state.toByteArray());
      out.writeUInt64NoTag(pending.size());
      long[] prev = {0};
      pending.forEach(seq -> {
        try {
          out.writeUInt64NoTag(seq - prev[0]);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        prev[0] = seq;
      });
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("encoding to memory failed", e);
    }
  }

  /** The decoded subscription; the pending sequences are added to {@code pending}. */
  static SubState decode(String key, byte[] value, MutableSequenceSet pending) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(value);
      if (in.readRawByte() != 1) {
        throw new CorruptedDataException("state bucket entry " + key + " has an unknown version");
      }
      SubState state = SubState.parseFrom(in.readByteArray());
      long n = in.readUInt64();
      long seq = 0;
      for (long i = 0; i < n; i++) {
        seq += in.readUInt64();
        pending.add(seq);
      }
      return state;
    } catch (IOException e) {
      throw new CorruptedDataException("state bucket entry " + key + " is not a subscription: " + e, e);
    }
  }
}
