package io.streamstore.jdbc;

import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;

/** The whole conformance suite, with recovery, on in-memory H2 databases (one per location). */
class H2StoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    return JdbcLocations.h2Memory();
  }
}
