package io.streamstore.bench;

import io.streamstore.proto.SubState;
import io.streamstore.spi.SubStore;
import java.util.Map;

/**
 * W6: one subscription receives {@code count} messages (addSeqPending) and then acknowledges them
 * all (ackSeqPending), as a slow consumer catching up would; a final flush is measured too.
 */
public final class PendingAcks {

  private PendingAcks() {}

  /** Runs the workload on a new subscription in {@code subs}. */
  public static WorkloadResult run(String id, String title, SubStore subs, int count) {
    long subId =
        subs.createSub(
            SubState.newBuilder()
                .setClientID("bench-client")
                .setInbox("_INBOX.bench")
                .setAckInbox("_INBOX.bench.ack")
                .setMaxInFlight(Integer.MAX_VALUE)
                .setAckWaitInSecs(30)
                .build());
    LatencyRecorder latency = new LatencyRecorder(2 * count);
    long start = System.nanoTime();
    for (long seq = 1; seq <= count; seq++) {
      long t0 = System.nanoTime();
      subs.addSeqPending(subId, seq);
      latency.record(System.nanoTime() - t0);
    }
    for (long seq = 1; seq <= count; seq++) {
      long t0 = System.nanoTime();
      subs.ackSeqPending(subId, seq);
      latency.record(System.nanoTime() - t0);
    }
    subs.flush();
    long end = System.nanoTime();
    return new WorkloadResult(
        id, title, 2L * count, (end - start) / 1e9, 0, latency.summary("add or ack"), Map.of(), "");
  }
}
