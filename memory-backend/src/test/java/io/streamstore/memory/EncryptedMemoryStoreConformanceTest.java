package io.streamstore.memory;

import io.streamstore.crypto.StoreEncryption;
import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.UrlStoreFactory;
import java.util.Properties;

/**
 * The whole conformance suite against {@code streamstore:memory:} with encryption at rest (ChaCha20,
 * the key as a property): the decorator keeps every behaviour of the store it wraps.
 */
class EncryptedMemoryStoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    Properties p = new Properties();
    p.setProperty(StoreEncryption.KEY, "tck key");
    return new UrlStoreFactory("streamstore:memory:{n}?encrypt=true&cipher=CHACHA", p,
        Capability.BACKGROUND_EXPIRY);
  }
}
