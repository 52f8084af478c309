package io.streamstore.file.compact;

import io.streamstore.file.FileStoreOptions;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides when {@code subs.dat} or {@code clients.dat} is rewritten with its live records only, as
 * NATS Streaming does: compaction is enabled, the file has reached {@code compactMinFileSize}, the
 * share of dead records (deleted, acknowledged, superseded) has reached {@code
 * compactFragmentation} percent, and {@code compactInterval} has passed since the last compaction of
 * that file (a file never compacted may be compacted at once).
 *
 * @param enabled the global switch
 * @param fragmentationPercent smallest share of dead records, in percent
 * @param minFileSize smallest file size compacted, in bytes (0: any size)
 * @param interval least time between two compactions of one file
 * @param nanoClock the monotonic clock (replaceable in tests)
 */
public record CompactionPolicy(
    boolean enabled, int fragmentationPercent, long minFileSize, Duration interval, LongSupplier nanoClock) {

  /** Marks a file that was never compacted. */
  public static final long NEVER = Long.MIN_VALUE;

  /** The policy of {@code options}, on the system's monotonic clock. */
  public static CompactionPolicy of(FileStoreOptions options) {
    return of(options, System::nanoTime);
  }

  /** The policy of {@code options} on {@code nanoClock}. */
  public static CompactionPolicy of(FileStoreOptions options, LongSupplier nanoClock) {
    return new CompactionPolicy(
        options.compactEnabled(), options.compactFragmentation(), options.compactMinFileSize(),
        options.compactInterval(), nanoClock);
  }

  /** Now, on this policy's clock. */
  public long now() {
    return nanoClock.getAsLong();
  }

  /**
   * Whether a file should be compacted now.
   *
   * @param fileSize the file's current size
   * @param dead records that no longer matter
   * @param total records the fragmentation is measured against (0 counts as fully fragmented)
   * @param lastCompaction {@link #now()} at the last compaction, or {@link #NEVER}
   */
  public boolean due(long fileSize, long dead, long total, long lastCompaction) {
    if (!enabled) {
      return false;
    }
    if (minFileSize > 0 && fileSize < minFileSize) {
      return false;
    }
    long fragmentation = total <= 0 ? 100 : dead * 100 / total;
    if (fragmentation < fragmentationPercent) {
      return false;
    }
    return lastCompaction == NEVER || now() - lastCompaction >= interval.toNanos();
  }
}
