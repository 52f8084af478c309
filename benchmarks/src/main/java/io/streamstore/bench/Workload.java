package io.streamstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The standard workloads, in the order a full run executes them. */
public enum Workload {
  /** Append small messages without syncing, then flush once. */
  W1,
  /** Append 1 KiB messages without syncing, then flush once. */
  W2,
  /** Durable appends: flush (with sync) after every message, for a fixed time. */
  W3,
  /** Durable appends: flush (with sync) after every 100 messages, for a fixed time. */
  W3B,
  /** Group commit: 8 threads each append one message and flush it, for a fixed time. */
  W3G,
  /** Fan-out: 8 threads each append to a channel of their own and flush every message. */
  W3X8,
  /** Close the W1 store and open it again: recovery time and heap after GC. */
  W4,
  /** Random lookups in the reopened W1 store. */
  W5,
  /** One subscription: add then ack a long run of pending sequences. */
  W6;

  /** The id as users write it: {@code W1}, {@code W3b}, {@code W3g}. */
  public String id() {
    String n = name();
    return n.length() > 2 ? n.substring(0, 2) + n.substring(2).toLowerCase(Locale.ROOT) : n;
  }

  /** What the workload does at these sizes, one line. */
  public String title(WorkloadSizes s) {
    long ms = s.timedRun().toMillis();
    return switch (this) {
      case W1 -> String.format(Locale.ROOT, "append %,d x %d B, flush", s.w1Messages(),
          WorkloadSizes.SMALL_MESSAGE);
      case W2 -> String.format(Locale.ROOT, "append %,d x 1 KiB, flush", s.w2Messages());
      case W3 -> String.format(Locale.ROOT, "durable 1 KiB, flush each, %,d ms", ms);
      case W3B -> String.format(Locale.ROOT, "durable 1 KiB, flush per %d, %,d ms",
          WorkloadSizes.BATCH, ms);
      case W3G -> String.format(Locale.ROOT, "group commit, %d threads, %,d ms",
          WorkloadSizes.GROUP_COMMIT_THREADS, ms);
      case W3X8 -> String.format(Locale.ROOT, "%d channels, a thread each, flush each, %,d ms",
          WorkloadSizes.GROUP_COMMIT_THREADS, ms);
      case W4 -> "reopen the W1 store (recovery)";
      case W5 -> String.format(Locale.ROOT, "%,d random lookups in W1", s.lookups());
      case W6 -> String.format(Locale.ROOT, "%,d addSeqPending + %,d ackSeqPending", s.pending(),
          s.pending());
    };
  }

  /**
   * Parses a comma-separated list such as {@code W1,W3b,w5}; {@code all} or blank means every
   * workload. The result keeps the standard order and has no duplicates.
   *
   * @throws IllegalArgumentException naming the unknown id and listing the known ones
   */
  public static List<Workload> parseList(String list) {
    if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("all")) {
      return List.of(values());
    }
    boolean[] chosen = new boolean[values().length];
    for (String part : list.split(",")) {
      String id = part.trim().toUpperCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      Workload w = null;
      for (Workload candidate : values()) {
        if (candidate.name().equals(id)) {
          w = candidate;
        }
      }
      if (w == null) {
        throw new IllegalArgumentException(
            "unknown workload '" + part.trim() + "'; known: W1, W2, W3, W3b, W3g, W3x8, W4, W5, W6, all");
      }
      chosen[w.ordinal()] = true;
    }
    List<Workload> result = new ArrayList<>();
    for (Workload w : values()) {
      if (chosen[w.ordinal()]) {
        result.add(w);
      }
    }
    return result;
  }
}
