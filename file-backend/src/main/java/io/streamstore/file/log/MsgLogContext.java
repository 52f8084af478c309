package io.streamstore.file.log;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.StoreMetrics;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every message log of one store shares: the file-system seam, the options, the store's single
 * scheduler for background work, the group commit and the open-file budget. Created once by the
 * store; the store owns (and shuts down) the scheduler.
 *
 * @param io all file-system access goes through it
 * @param options the store's options
 * @param scheduler runs expiry, idle-file closing, buffer shrinking, auto-sync and cache eviction
 * @param groupCommit shares forces between concurrent flushes of all channels
 * @param fileBudget the soft limit of open slice files
 * @param metrics where stores, flushes, forces, slice roll-overs and errors are reported
 */
public record MsgLogContext(
    FileIO io,
    FileStoreOptions options,
    ScheduledExecutorService scheduler,
    GroupCommit groupCommit,
    OpenFileBudget fileBudget,
    StoreMetrics metrics) {

  /** Checks that nothing is missing. */
  public MsgLogContext {
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(groupCommit, "groupCommit");
    Objects.requireNonNull(fileBudget, "fileBudget");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** A context with a new group commit and a budget from {@code options.fileDescriptorsLimit()}. */
  public static MsgLogContext of(
      FileIO io, FileStoreOptions options, ScheduledExecutorService scheduler) {
    return of(io, options, scheduler, StoreMetrics.NONE);
  }

  /** As {@link #of(FileIO, FileStoreOptions, ScheduledExecutorService)}, reporting to {@code metrics}. */
  public static MsgLogContext of(FileIO io, FileStoreOptions options,
      ScheduledExecutorService scheduler, StoreMetrics metrics) {
    return new MsgLogContext(io, options, scheduler, new GroupCommit(metrics),
        new OpenFileBudget(options.fileDescriptorsLimit()), metrics);
  }
}
