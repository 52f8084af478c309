package io.streamstore.file;

import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.UrlStoreFactory;

/**
 * The conformance suite with options that stress the message log's edges: ten messages per
 * slice (most tests roll and remove slices), no write buffer (every store goes to the OS), no
 * read-ahead, and an open-file limit that forces idle slices closed.
 */
class FileStoreSmallSlicesConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    return new UrlStoreFactory(
        "streamstore:file:{tmp}?sliceMaxMsgs=10&bufferSize=0&readBufferSize=0"
            + "&fileDescriptorsLimit=4&doSync=false",
        Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }
}
