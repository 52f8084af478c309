package io.streamstore.bench;

/**
 * How a workload wants its store opened. Maps to the backend's own option (for the file backend
 * {@code doSync}); backends without such an option ignore it, and an option the user already put in
 * the URL always wins.
 */
public enum Durability {
  /** Flushes write to the OS only ({@code doSync=false}): measures the store, not the disk. */
  BUFFERED,
  /** Flushes reach the disk ({@code doSync=true}): what a server acknowledging publishers needs. */
  SYNCED
}
