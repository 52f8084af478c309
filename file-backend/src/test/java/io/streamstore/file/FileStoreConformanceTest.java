package io.streamstore.file;

import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.UrlStoreFactory;

/**
 * The whole conformance suite against {@code streamstore:file:<temp dir>}, opened by URL through the
 * service-loaded driver, with the default options (sync on), so recovery tests see what a real
 * deployment would.
 */
class FileStoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    return new UrlStoreFactory(
        "streamstore:file:{tmp}",
        Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }
}
