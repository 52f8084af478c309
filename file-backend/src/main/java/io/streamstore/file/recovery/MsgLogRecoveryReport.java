package io.streamstore.file.recovery;

import java.util.List;

/**
 * What recovery of one channel's message log found and did, slice by slice.
 *
 * @param channel the channel name
 * @param slices one report per slice file found, in slice order
 */
public record MsgLogRecoveryReport(String channel, List<SliceReport> slices) {

  /** An empty report (a new channel). */
  public static MsgLogRecoveryReport none(String channel) {
    return new MsgLogRecoveryReport(channel, List.of());
  }

  /** Copies the list. */
  public MsgLogRecoveryReport {
    slices = List.copyOf(slices);
  }

  /** Whether any slice had {@code action}. */
  public boolean any(SliceAction action) {
    return slices.stream().anyMatch(s -> s.actions().contains(action));
  }

  /** Bytes cut from data files in total. */
  public long bytesDropped() {
    return slices.stream().mapToLong(SliceReport::bytesDropped).sum();
  }
}
