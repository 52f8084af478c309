package io.streamstore.bench;

import io.streamstore.spi.Channel;
import java.util.LinkedHashMap;
import java.util.Map;

/** W4: close a store and open it again; measures recovery and the heap the recovered store holds. */
public final class Recovery {

  private Recovery() {}

  /** What {@link #run} measured, and the reopened store for the next workload. */
  public record Outcome(WorkloadResult result, TargetStore reopened) {}

  /**
   * Closes {@code opened} and reopens it through {@code target}. The rate is recovered messages of
   * {@code channel} per second of open-plus-recover time (no MB/s: what recovery reads depends on the
   * backend); {@code heapAfterGcBytes} is the used heap
   * after a full GC with the reopened store alive.
   */
  public static Outcome run(
      String id, String title, WorkloadTarget target, TargetStore opened, String channel) {
    if (!target.persistent()) {
      return new Outcome(
          new WorkloadResult(id, title, 0, 0, 0, null, Map.of(),
              "not persistent: nothing to recover"),
          opened);
    }
    long closeStart = System.nanoTime();
    opened.store().close();
    long openStart = System.nanoTime();
    // reopen() closes the store again, which does nothing: close() is idempotent
    TargetStore reopened = target.reopen(opened);
    long end = System.nanoTime();
    Channel ch = reopened.recovered().get(channel);
    long count = ch == null ? 0 : ch.msgs().state().count();
    long bytes = ch == null ? 0 : ch.msgs().state().bytes();
    Map<String, Long> extras = new LinkedHashMap<>();
    extras.put("closeNanos", openStart - closeStart);
    // the store's own size accounting; not bytes read, since recovery may read indexes only
    extras.put("recoveredBytes", bytes);
    extras.put("heapAfterGcBytes", heapAfterGc());
    return new Outcome(
        new WorkloadResult(id, title, count, (end - openStart) / 1e9, 0, null, extras,
            ch == null ? "channel " + channel + " was not recovered" : ""),
        reopened);
  }

  /** Used heap after asking for full collections, in bytes. */
  static long heapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
