package io.streamstore.bench;

import io.streamstore.spi.MsgStore;
import io.streamstore.spi.SequenceRange;
import java.util.Map;
import java.util.SplittableRandom;

/** W5: random lookups over the whole sequence range of a channel. */
public final class Lookups {

  private Lookups() {}

  /**
   * Looks up {@code count} uniformly random sequences between the first and last of {@code msgs}
   * (fixed seed, so runs compare); a sequence that is not found counts as a miss.
   */
  public static WorkloadResult run(String id, String title, MsgStore msgs, int count) {
    SequenceRange range = msgs.firstAndLastSequence();
    if (range.last() < range.first() || range.last() == 0) {
      return new WorkloadResult(id, title, 0, 0, 0, null, Map.of(), "the channel is empty");
    }
    SplittableRandom random = new SplittableRandom(42);
    LatencyRecorder latency = new LatencyRecorder(count);
    long misses = 0;
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long seq = random.nextLong(range.first(), range.last() + 1);
      long t0 = System.nanoTime();
      var msg = msgs.lookup(seq);
      latency.record(System.nanoTime() - t0);
      if (msg.isPresent()) {
        bytes += msg.get().getData().size();
      } else {
        misses++;
      }
    }
    long end = System.nanoTime();
    return new WorkloadResult(
        id, title, count, (end - start) / 1e9, bytes, latency.summary("lookup"),
        Map.of("misses", misses), "");
  }
}
