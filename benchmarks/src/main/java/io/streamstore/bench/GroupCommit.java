package io.streamstore.bench;

import io.streamstore.spi.MsgStore;
import java.time.Duration;
import java.util.Map;

/**
 * W3g: several threads publish to one channel, each waiting for its own message to be durable, as a
 * server does for concurrent publishers. A store with group commit lets one sync serve many threads.
 */
public final class GroupCommit {

  private GroupCommit() {}

  /**
   * Runs {@code threads} publishers for {@code duration}. Sequence assignment and {@code store} happen
   * under one lock (the server's order); {@code flush} runs outside it so flushes can overlap.
   */
  public static WorkloadResult run(
      String id, String title, MsgStore msgs, String channel, Duration duration, int threads) {
    MessageFactory factory = new MessageFactory(channel, WorkloadSizes.LARGE_MESSAGE);
    Object order = new Object();
    long[] lastSeq = {msgs.lastSequence()}; // guarded by order
    TimedThreads.Outcome outcome = TimedThreads.run(id, threads, duration, thread -> {
      synchronized (order) {
        msgs.store(factory.message(++lastSeq[0]));
      }
      msgs.flush();
    });
    long count = outcome.latencies().count();
    return new WorkloadResult(id, title, count, outcome.seconds(), count * factory.size(),
        outcome.latencies().summary("append+flush"), Map.of("threads", (long) threads), "");
  }
}
