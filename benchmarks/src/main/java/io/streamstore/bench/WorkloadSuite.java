package io.streamstore.bench;

import io.streamstore.spi.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a selection of the standard workloads against one {@link WorkloadTarget}, in the standard
 * order. W4 and W5 work on the store W1 filled; when W1 is not selected it is run first, unreported.
 *
 * <p>Channel names carry a run id ({@code bench.W1.<id>}), so a target that reuses one database or
 * directory never collides with an earlier run. Not thread-safe; one suite runs once.
 */
public final class WorkloadSuite {

  private final WorkloadTarget target;
  private final WorkloadSizes sizes;
  private final String runId;

  private TargetStore w1Store; // the W1 store, open between W1 and the end of the run
  private Channel w1Channel;
  private boolean w1Reopened;

  /** A suite running at {@code sizes} on {@code target}; the caller closes the target. */
  public WorkloadSuite(WorkloadTarget target, WorkloadSizes sizes) {
    this.target = Objects.requireNonNull(target, "target");
    this.sizes = Objects.requireNonNull(sizes, "sizes");
    this.runId = Long.toString(System.currentTimeMillis(), 36);
  }

  /**
   * Runs {@code workloads} in the standard order, handing each result to {@code onResult} as soon as
   * it is known, and closes every store it opened.
   *
   * @return the results in the order run
   */
  public List<WorkloadResult> run(List<Workload> workloads, Consumer<WorkloadResult> onResult) {
    List<WorkloadResult> results = new ArrayList<>();
    try {
      for (Workload w : Workload.values()) {
        if (workloads.contains(w)) {
          WorkloadResult r = runOne(w);
          results.add(r);
          onResult.accept(r);
        }
      }
    } finally {
      if (w1Store != null) {
        w1Store.store().close();
        w1Store = null;
      }
    }
    return results;
  }

  private WorkloadResult runOne(Workload w) {
    String id = w.id();
    String title = w.title(sizes);
    return switch (w) {
      case W1 -> fillW1(id, title);
      case W2 -> inFreshStore(Durability.BUFFERED, id, ch ->
          Appends.run(id, title, ch.msgs(), ch.name(), sizes.w2Messages(),
              WorkloadSizes.LARGE_MESSAGE));
      case W3 -> inFreshStore(Durability.SYNCED, id, ch ->
          DurableAppends.run(id, title, ch.msgs(), ch.name(), sizes.timedRun(), 1));
      case W3B -> inFreshStore(Durability.SYNCED, id, ch ->
          DurableAppends.run(id, title, ch.msgs(), ch.name(), sizes.timedRun(),
              WorkloadSizes.BATCH));
      case W3G -> inFreshStore(Durability.SYNCED, id, ch ->
          GroupCommit.run(id, title, ch.msgs(), ch.name(), sizes.timedRun(),
              WorkloadSizes.GROUP_COMMIT_THREADS));
      case W3X8 -> inFreshStore(Durability.SYNCED, id, WorkloadSizes.GROUP_COMMIT_THREADS,
          channels -> ChannelFanOut.run(id, title, channels, sizes.timedRun()));
      case W4 -> reopenW1(id, title);
      case W5 -> {
        if (!w1Reopened) {
          reopenW1(id, title);
        }
        yield Lookups.run(id, title, w1Channel.msgs(), sizes.lookups());
      }
      case W6 -> inFreshStore(Durability.BUFFERED, id, ch ->
          PendingAcks.run(id, title, ch.subs(), sizes.pending()));
    };
  }

  private WorkloadResult fillW1(String id, String title) {
    w1Store = target.fresh(Durability.BUFFERED);
    w1Channel = w1Store.store().createChannel(channelName(Workload.W1));
    return Appends.run(id, title, w1Channel.msgs(), w1Channel.name(), sizes.w1Messages(),
        WorkloadSizes.SMALL_MESSAGE);
  }

  private WorkloadResult reopenW1(String id, String title) {
    if (w1Store == null) {
      fillW1(Workload.W1.id(), Workload.W1.title(sizes));
    }
    Recovery.Outcome outcome = Recovery.run(id, title, target, w1Store, w1Channel.name());
    w1Store = outcome.reopened();
    Channel recovered = w1Store.recovered().get(w1Channel.name());
    if (recovered != null) {
      w1Channel = recovered;
    }
    w1Reopened = true;
    return outcome.result();
  }

  private interface ChannelWork {
    WorkloadResult run(Channel channel);
  }

  private interface ChannelsWork {
    WorkloadResult run(List<Channel> channels);
  }

  private WorkloadResult inFreshStore(Durability durability, String id, ChannelWork work) {
    return inFreshStore(durability, id, 1, channels -> work.run(channels.get(0)));
  }

  /** Runs {@code work} on {@code count} new channels of a fresh store, closed afterwards. */
  private WorkloadResult inFreshStore(Durability durability, String id, int count,
      ChannelsWork work) {
    TargetStore ts = target.fresh(durability);
    try {
      String base = channelName(Workload.valueOf(id.toUpperCase(Locale.ROOT)));
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        channels.add(ts.store().createChannel(count == 1 ? base : base + "." + i));
      }
      return work.run(channels);
    } finally {
      ts.store().close();
    }
  }

  private String channelName(Workload w) {
    return "bench." + w.id() + "." + runId;
  }
}
