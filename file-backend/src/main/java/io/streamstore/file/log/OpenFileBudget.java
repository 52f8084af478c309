package io.streamstore.file.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the slice files a store keeps open, against the soft limit {@code fileDescriptorsLimit}.
 * When the count reaches the limit, a message log closes its other idle slices before opening one,
 * and the background task closes idle slices (the write slice too) sooner. As in NATS Streaming the
 * limit is a hint: a file that is needed is opened even above it.
 *
 * <p>Thread-safe; shared by all message logs of a store.
 */
public final class OpenFileBudget {

  private final long limit;
  private final AtomicLong open = new AtomicLong();

  /** A budget of {@code limit} files; 0 for no limit. */
  public OpenFileBudget(long limit) {
    this.limit = limit;
  }

  /** Whether a limit is set. */
  public boolean limited() {
    return limit > 0;
  }

  /** Whether the open count has reached the limit. */
  public boolean exhausted() {
    return limit > 0 && open.get() >= limit;
  }

  /** Files currently open. */
  public long open() {
    return open.get();
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }
}
