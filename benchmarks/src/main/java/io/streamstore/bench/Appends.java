package io.streamstore.bench;

import io.streamstore.spi.MsgStore;
import java.util.Map;

/** W1 and W2: append a fixed number of messages as fast as the store takes them, then flush once. */
public final class Appends {

  private Appends() {}

  /**
   * Appends {@code count} messages of {@code size} bytes to {@code msgs}, starting after its last
   * sequence, timing each {@code store} call; the final flush is part of the measured time.
   */
  public static WorkloadResult run(
      String id, String title, MsgStore msgs, String channel, int count, int size) {
    MessageFactory factory = new MessageFactory(channel, size);
    LatencyRecorder latency = new LatencyRecorder(count);
    long seq = msgs.lastSequence();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      msgs.store(factory.message(++seq));
      latency.record(System.nanoTime() - t0);
    }
    long flushStart = System.nanoTime();
    msgs.flush();
    long end = System.nanoTime();
    return new WorkloadResult(
        id,
        title,
        count,
        (end - start) / 1e9,
        (long) count * size,
        latency.summary("append"),
        Map.of("finalFlushNanos", end - flushStart),
        "");
  }
}
