package io.streamstore.memory;

import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;

/**
 * The whole suite, recovery tests included, against {@link SnapshotStore}: checks the TCK's recovery
 * tests themselves (and the memory stores' snapshot/restore) with a store that "persists" in memory.
 */
class SnapshotStoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    return SnapshotStore.factory();
  }
}
