package io.streamstore.file.log;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.spi.MsgStoreLimits;
import java.time.Duration;

/**
 * When the write slice is full and a new one starts. From the slice options when any is set;
 * otherwise derived from the channel limits as NATS Streaming does: a quarter of MaxMsgs, of MaxBytes
 * and of MaxAge (the age at least one second), so that limits free whole slices regularly.
 *
 * @param maxMsgs messages per slice (0: unchecked)
 * @param maxBytes accounted bytes per slice (0: unchecked)
 * @param maxAgeNanos time from the slice's first message (0: unchecked)
 */
public record SliceLimits(long maxMsgs, long maxBytes, long maxAgeNanos) {

  /** The limits for a channel. */
  public static SliceLimits of(FileStoreOptions options, MsgStoreLimits limits) {
    long msgs = options.sliceMaxMsgs();
    long bytes = options.sliceMaxBytes();
    long age = options.sliceMaxAge().toNanos();
    if (msgs > 0 || bytes > 0 || age > 0) {
      return new SliceLimits(msgs, bytes, age);
    }
    if (limits.maxMsgs() > 0) {
      msgs = Math.max(1, limits.maxMsgs() / 4);
    }
    if (limits.maxBytes() > 0) {
      bytes = Math.max(1, limits.maxBytes() / 4);
    }
    if (limits.maxAge().compareTo(Duration.ZERO) > 0) {
      age = Math.max(Duration.ofSeconds(1).toNanos(), limits.maxAge().toNanos() / 4);
    }
    return new SliceLimits(msgs, bytes, age);
  }

  /** Whether a slice with these counters must not take another message. */
  public boolean full(long count, long accountedBytes, long firstWriteNanos, long nowNanos) {
    return (maxMsgs > 0 && count >= maxMsgs)
        || (maxBytes > 0 && accountedBytes >= maxBytes)
        || (maxAgeNanos > 0 && firstWriteNanos != 0 && nowNanos - firstWriteNanos >= maxAgeNanos);
  }
}
