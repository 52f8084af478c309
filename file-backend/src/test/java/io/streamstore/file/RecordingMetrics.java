package io.streamstore.file;

import io.streamstore.spi.StoreMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link StoreMetrics} that counts what it hears, for tests (no metrics library needed). */
final class RecordingMetrics implements StoreMetrics {
  final AtomicLong stored = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong flushes = new AtomicLong();
  final AtomicLong forces = new AtomicLong();
  final AtomicLong recoveries = new AtomicLong();
  final AtomicLong recoveredChannels = new AtomicLong();
  final AtomicLong rolls = new AtomicLong();
  final List<String> failures = new CopyOnWriteArrayList<>();

  @Override
  public void stored(long size) {
    stored.incrementAndGet();
    bytes.addAndGet(size);
  }

  @Override
  public void flushed(long nanos) {
    flushes.incrementAndGet();
  }

  @Override
  public void forced(long nanos) {
    forces.incrementAndGet();
  }

  @Override
  public void recovered(long nanos, int channels) {
    recoveries.incrementAndGet();
    recoveredChannels.addAndGet(channels);
  }

  @Override
  public void sliceRolled() {
    rolls.incrementAndGet();
  }

  @Override
  public void failed(String operation, Throwable error) {
    failures.add(operation + ":" + error.getClass().getSimpleName());
  }
}
