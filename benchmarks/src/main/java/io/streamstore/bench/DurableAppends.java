package io.streamstore.bench;

import io.streamstore.spi.MsgStore;
import java.time.Duration;
import java.util.Map;

/** W3 and W3b: append 1 KiB messages and flush every {@code batch} messages, for a fixed time. */
public final class DurableAppends {

  private DurableAppends() {}

  /**
   * Appends batches of {@code batch} messages followed by a flush until {@code duration} has passed;
   * one latency sample per batch (appends plus flush).
   */
  public static WorkloadResult run(
      String id, String title, MsgStore msgs, String channel, Duration duration, int batch) {
    MessageFactory factory = new MessageFactory(channel, WorkloadSizes.LARGE_MESSAGE);
    LatencyRecorder latency = new LatencyRecorder(1 << 14);
    long seq = msgs.lastSequence();
    long count = 0;
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    long now = start;
    while (now < deadline) {
      for (int i = 0; i < batch; i++) {
        msgs.store(factory.message(++seq));
      }
      msgs.flush();
      count += batch;
      long after = System.nanoTime();
      latency.record(after - now);
      now = after;
    }
    return new WorkloadResult(
        id,
        title,
        count,
        (now - start) / 1e9,
        count * factory.size(),
        latency.summary(batch == 1 ? "append+flush" : "flush of " + batch),
        Map.of("flushes", (long) latency.count()),
        "");
  }
}
