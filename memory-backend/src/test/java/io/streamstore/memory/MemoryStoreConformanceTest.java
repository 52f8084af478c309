package io.streamstore.memory;

import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.UrlStoreFactory;

/** The whole conformance suite against {@code streamstore:memory:}. */
class MemoryStoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    return new UrlStoreFactory("streamstore:memory:{n}", Capability.BACKGROUND_EXPIRY);
  }
}
