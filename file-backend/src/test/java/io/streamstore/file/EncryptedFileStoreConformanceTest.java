package io.streamstore.file;

import io.streamstore.crypto.StoreEncryption;
import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.UrlStoreFactory;
import java.util.Properties;

/**
 * The whole conformance suite against {@code streamstore:file:<temp dir>} encrypted at rest
 * (AES-256-GCM, the key as a property), with the default options: the decorator keeps every
 * behaviour of the file store, recovery included.
 */
class EncryptedFileStoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    Properties p = new Properties();
    p.setProperty(StoreEncryption.KEY, "tck key");
    return new UrlStoreFactory("streamstore:file:{tmp}?encrypt=true&cipher=AES", p,
        Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }
}
