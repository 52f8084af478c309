package io.streamstore.bench;

import io.streamstore.spi.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * W3x8: several threads, each appending 1 KiB to a channel of its own and flushing after every
 * message, as a server with many busy channels does. A store whose forces of different files
 * overlap scales with the threads; one that forces file after file runs at one thread's rate.
 */
public final class ChannelFanOut {

  private ChannelFanOut() {}

  /** Runs one publisher per channel in {@code channels} for {@code duration}. */
  public static WorkloadResult run(String id, String title, List<Channel> channels,
      Duration duration) {
    int threads = channels.size();
    MessageFactory[] factories = new MessageFactory[threads];
    long[] lastSeq = new long[threads]; // each slot is used by its own thread only
    for (int t = 0; t < threads; t++) {
      factories[t] = new MessageFactory(channels.get(t).name(), WorkloadSizes.LARGE_MESSAGE);
      lastSeq[t] = channels.get(t).msgs().lastSequence();
    }
    TimedThreads.Outcome outcome = TimedThreads.run(id, threads, duration, thread -> {
      Channel ch = channels.get(thread);
      ch.msgs().store(factories[thread].message(++lastSeq[thread]));
      ch.msgs().flush();
    });
    long count = outcome.latencies().count();
    return new WorkloadResult(id, title, count, outcome.seconds(),
        count * WorkloadSizes.LARGE_MESSAGE, outcome.latencies().summary("append+flush"),
        Map.of("threads", (long) threads, "channels", (long) threads), "");
  }
}
