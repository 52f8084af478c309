package io.streamstore.bench;

/**
 * Where the workloads run: hands out fresh stores and reopens them. Workloads never build URLs
 * themselves, so the same workload code measures the memory, file and JDBC backends.
 *
 * <p>Not thread-safe; a suite uses its target from one thread (the stores it hands out are
 * thread-safe as every {@link io.streamstore.spi.Store} is).
 */
public interface WorkloadTarget extends AutoCloseable {

  /** One line for reports, e.g. {@code streamstore:file:<temp dir> (fresh directory per store)}. */
  String describe();

  /** Whether a store survives {@link #reopen}; {@code false} for the memory backend. */
  boolean persistent();

  /**
   * Opens a store to run one workload in, recovered or initialised, with unlimited limits so that no
   * workload loses messages to a default limit. For templates with a temporary directory it is a new,
   * empty directory; otherwise the workload must use channel names of its own.
   */
  TargetStore fresh(Durability durability);

  /**
   * Closes {@code opened} and opens the same location again, calling {@code recover()}. For a target
   * that is not {@link #persistent()} it returns {@code opened} unchanged.
   */
  TargetStore reopen(TargetStore opened);

  /** Deletes what this target created (temporary directories). Stores it handed out must be closed. */
  @Override
  void close();
}
